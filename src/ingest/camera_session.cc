#include "ingest/camera_session.h"

#include <boost/asio/post.hpp>

#include "base/log.h"
#include "base/ntp.h"
#include "media/rtp.h"
#include "rtsp/sdp.h"

namespace custos {

CameraSession::CameraSession(boost::asio::any_io_executor ex, CameraSpec spec, StorageSink& sink,
                             const Clock& clock, RecordingPolicy recording, ReconnectPolicy reconnect,
                             std::chrono::milliseconds stall_timeout)
    : ex_(ex),
      spec_(std::move(spec)),
      clock_(clock),
      reconnect_(reconnect),
      stall_timeout_(stall_timeout),
      builder_(spec_.id, clock, sink, recording),
      live_(spec_.id, clock),
      retry_timer_(ex) {
  status_.since = clock_.Now();
}

CameraSession::~CameraSession() = default;

void CameraSession::Start() {
  boost::asio::post(ex_, [self = shared_from_this()] { self->Connect(); });
}

void CameraSession::Stop(std::function<void()> done) {
  boost::asio::post(ex_, [self = shared_from_this(), done = std::move(done)]() mutable {
    self->stopping_ = true;
    self->stopped_ = std::move(done);
    self->retry_timer_.cancel();
    if (self->client_) {
      self->client_->Stop();  // OnClosed finishes the recording and calls stopped_
      return;
    }
    self->builder_.Finish("restart", "Custos was stopped");
    self->live_.EndAll();
    for (const auto& tap : self->taps_) tap->End();
    self->taps_.clear();
    self->SetState("stopped", "");
    if (self->stopped_) std::exchange(self->stopped_, nullptr)();
  });
}

void CameraSession::Subscribe(std::shared_ptr<LiveQueue> queue) {
  boost::asio::post(ex_, [self = shared_from_this(), queue = std::move(queue)]() mutable {
    if (self->stopping_) {
      queue->Push(LiveMessage{LiveMessage::Kind::kEnd, nullptr, false, 0}, true);
      return;
    }
    self->live_.Add(std::move(queue));
  });
}

void CameraSession::Unsubscribe(const LiveQueue* queue) {
  // The pointer is only compared, never dereferenced, on the loop.
  boost::asio::post(ex_, [self = shared_from_this(), queue] { self->live_.Remove(queue); });
}

void CameraSession::AddTap(std::shared_ptr<TranscodeInput> tap) {
  boost::asio::post(ex_, [self = shared_from_this(), tap = std::move(tap)]() mutable {
    if (self->stopping_) return tap->End();
    self->taps_.push_back(std::move(tap));
  });
}

void CameraSession::EndLiveViewers() {
  boost::asio::post(ex_, [self = shared_from_this()] { self->live_.EndAll(); });
}

void CameraSession::RemoveTap(const TranscodeInput* tap) {
  boost::asio::post(ex_, [self = shared_from_this(), tap] {
    std::erase_if(self->taps_, [tap](const auto& t) { return t.get() == tap; });
  });
}

SessionStatus CameraSession::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void CameraSession::SetState(const std::string& state, const std::string& error) {
  std::lock_guard lock(mu_);
  if (status_.state != state) status_.since = clock_.Now();
  status_.state = state;
  status_.last_error = error;
}

void CameraSession::Connect() {
  if (stopping_) return;
  SetState("connecting", status().last_error);
  RtspClientOptions opts;
  opts.url = spec_.url;
  opts.user = spec_.user;
  opts.password = spec_.password;
  opts.transport = spec_.transport == "udp" ? RtspClientOptions::Transport::kUdp : RtspClientOptions::Transport::kTcp;
  opts.stall_timeout = stall_timeout_;
  std::weak_ptr<CameraSession> weak = weak_from_this();
  RtspClient::Callbacks cb;
  cb.on_playing = [weak](const RtspStreamInfo& info) {
    if (auto s = weak.lock()) s->OnPlaying(info);
  };
  cb.on_rtp = [weak](ByteSpan p, int64_t t) {
    if (auto s = weak.lock()) s->OnRtp(p, t);
  };
  cb.on_rtcp = [weak](ByteSpan p, int64_t t) {
    if (auto s = weak.lock()) s->OnRtcp(p, t);
  };
  cb.on_closed = [weak](Status st) {
    if (auto s = weak.lock()) s->OnClosed(std::move(st));
  };
  client_ = std::make_shared<RtspClient>(ex_, std::move(opts), std::move(cb));
  client_->Start();
}

void CameraSession::OnPlaying(const RtspStreamInfo& info) {
  auto d = Depacketizer::Create(info.codec, info.parameter_sets);
  if (!d) {
    spdlog::error("camera {}: {}", spec_.id, d.error().ToString());
    SetState("error", d.error().ToString());
    client_->Stop();
    return;
  }
  depacketizer_ = std::move(*d);
  playing_since_ns_ = clock_.MonotonicNanos();
  spdlog::info("camera {}: playing {} over {}", spec_.id, VideoCodecName(info.codec), spec_.transport);
  NoteIgnoredTracks(info.sdp);
  SetState("recording", "");
  std::lock_guard lock(mu_);
  status_.codec = std::string(VideoCodecName(info.codec));
}

void CameraSession::NoteIgnoredTracks(const std::string& sdp_text) {
  if (ignored_tracks_noted_) return;  // once per session, not per reconnect
  auto sdp = ParseSdp(sdp_text);
  if (!sdp) return;
  for (const SdpMedia& m : sdp->media) {
    if (m.media == "video") continue;
    std::string codec = m.rtpmap.empty() ? "format " + (m.formats.empty() ? "?" : m.formats[0])
                                         : m.rtpmap.begin()->second.encoding;
    spdlog::info("camera {}: its {} track ({}) is not recorded: Custos records video only for now", spec_.id,
                 m.media, codec);
  }
  ignored_tracks_noted_ = true;
}

void CameraSession::OnRtp(ByteSpan packet, int64_t arrival_mono_ns) {
  if (!depacketizer_) return;
  auto rtp = ParseRtp(packet);
  if (!rtp) return;  // counted by the depacketizer's loss accounting when it matters
  if (rtp->timestamp != cur_ts_ || cur_arrival_ns_ == 0) {
    prev_ts_ = cur_ts_;
    prev_arrival_ns_ = cur_arrival_ns_;
    cur_ts_ = rtp->timestamp;
    cur_arrival_ns_ = arrival_mono_ns;
  }
  (void)depacketizer_->Push(*rtp);  // malformed input is counted in its stats
  while (auto frame = depacketizer_->Pop()) {
    const auto low = static_cast<uint32_t>(frame->timestamp_90k);
    frame->arrival_mono_ns = low == prev_ts_ ? prev_arrival_ns_ : cur_arrival_ns_;
    const VideoParams* params = depacketizer_->params();
    if (params == nullptr) continue;  // no SPS/PPS yet: nothing decodable to record
    // The live tap costs one branch while nobody watches; with viewers, one copy per frame
    // into a segment that all of them share.
    if (live_.has_subscribers()) live_.AddFrame(*frame, *params);
    for (const auto& tap : taps_) tap->OfferFrame(*frame, *params);  // copies; never waits
    builder_.AddFrame(std::move(*frame), *params);
  }
  PublishCounters();
}

void CameraSession::PublishCounters() {
  const auto& b = builder_.stats();
  std::lock_guard lock(mu_);
  status_.frames = b.frames;
  status_.bytes = b.bytes;
  status_.frames_dropped = b.frames_dropped;
  if (depacketizer_) {
    status_.lost_packets = lost_before_ + depacketizer_->stats().lost_packets;
    if (const VideoParams* p = depacketizer_->params()) {
      status_.width = p->width;
      status_.height = p->height;
    }
  }
}

void CameraSession::OnRtcp(ByteSpan packet, int64_t arrival_mono_ns) {
  auto rtcp = ParseRtcpCompound(packet);
  if (!rtcp) return;
  for (const RtcpSenderReport& sr : rtcp->sender_reports) {
    // The camera's wall clock at the SR against ours at its arrival (rule 6 of time.md).
    const int64_t age_ns = clock_.MonotonicNanos() - arrival_mono_ns;
    const int64_t ours_90k = clock_.Now().ticks_90k - age_ns * 9 / 100000;
    const int64_t offset_90k = Ntp64ToWallTime(sr.ntp_timestamp).ticks_90k - ours_90k;
    std::lock_guard lock(mu_);
    status_.camera_clock_offset_90k = offset_90k;
  }
}

void CameraSession::OnClosed(Status status) {
  if (depacketizer_) lost_before_ += depacketizer_->stats().lost_packets;
  depacketizer_.reset();
  client_.reset();
  const bool auth = status.code() == StatusCode::kUnauthenticated;
  live_.Reset();
  for (const auto& tap : taps_) tap->Reset();
  if (stopping_) {
    builder_.Finish("restart", "Custos was stopped");
    live_.EndAll();
    for (const auto& tap : taps_) tap->End();
    taps_.clear();
    SetState("stopped", "");
    if (stopped_) std::exchange(stopped_, nullptr)();
    return;
  }
  builder_.Finish(auth ? "auth_failed" : "camera_offline", status.message());
  spdlog::warn("camera {}: {}", spec_.id, status.ToString());
  SetState(auth ? "auth_failed" : "offline", status.message());
  ScheduleReconnect(auth);
}

void CameraSession::ScheduleReconnect(bool auth_failure) {
  using std::chrono::milliseconds;
  const int64_t played_ns = playing_since_ns_ ? clock_.MonotonicNanos() - playing_since_ns_ : 0;
  playing_since_ns_ = 0;
  if (played_ns >= std::chrono::nanoseconds(reconnect_.stable_after).count()) backoff_ = milliseconds(0);
  const milliseconds floor = auth_failure ? reconnect_.auth_initial : reconnect_.initial;
  backoff_ = backoff_.count() == 0 ? floor : std::min(reconnect_.max, std::max(floor, backoff_ * 2));
  {
    std::lock_guard lock(mu_);
    ++status_.reconnects;
  }
  retry_timer_.expires_after(backoff_);
  retry_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto s = weak.lock()) s->Connect();
  });
}

}  // namespace custos
