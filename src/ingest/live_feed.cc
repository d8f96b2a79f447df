#include "ingest/live_feed.h"

#include <algorithm>

#include "base/log.h"
#include "mp4/fragment.h"
#include "mp4/init_segment.h"

namespace custos {

namespace {

std::shared_ptr<const Bytes> Share(Bytes b) { return std::make_shared<const Bytes>(std::move(b)); }

// The text message announcing a parameter generation. Every value is from a fixed
// alphabet (codec strings, numbers), so no escaping is needed.
Bytes HeaderJson(const VideoParams& p, bool transcoded, bool masked) {
  const bool h264 = p.codec == VideoCodec::kH264;
  const std::string json = std::string("{\"type\":\"init\",\"codec\":\"") + p.rfc6381_codec + "\",\"mime\":\"video/mp4; codecs=\\\"" +
                           p.rfc6381_codec + "\\\"\",\"width\":" + std::to_string(p.width) +
                           ",\"height\":" + std::to_string(p.height) + ",\"video_codec\":\"" +
                           std::string(VideoCodecName(p.codec)) + "\",\"timescale\":90000" +
                           ",\"h264\":" + (h264 ? "true" : "false") +
                           ",\"transcoded\":" + (transcoded ? "true" : "false") +
                           ",\"masked\":" + (masked ? "true" : "false") + "}";
  return Bytes(json.begin(), json.end());
}

}  // namespace

// ---- LiveQueue ----

LiveQueue::LiveQueue(LiveQueueLimits limits, std::function<void()> wake) : limits_(limits), wake_(std::move(wake)) {}

bool LiveQueue::Push(LiveMessage m, bool force) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (closed_) return true;
    const size_t size = m.data ? m.data->size() : 0;
    if (!force && !queue_.empty() &&
        (bytes_ + size > limits_.max_bytes || media_90k_ + m.duration_90k > limits_.max_90k)) {
      ++stats_.skips;
      for (const LiveMessage& q : queue_) stats_.frames_skipped += q.kind == LiveMessage::Kind::kMedia;
      ++stats_.frames_skipped;  // m itself
      queue_.clear();
      bytes_ = 0;
      media_90k_ = 0;
      return false;
    }
    wake = queue_.empty();
    bytes_ += size;
    media_90k_ += m.duration_90k;
    queue_.push_back(std::move(m));
    ++stats_.messages;
  }
  if (wake && wake_) wake_();
  return true;
}

std::optional<LiveMessage> LiveQueue::Pop() {
  std::lock_guard lock(mu_);
  if (queue_.empty()) return std::nullopt;
  LiveMessage m = std::move(queue_.front());
  queue_.pop_front();
  bytes_ -= m.data ? m.data->size() : 0;
  media_90k_ -= m.duration_90k;
  return m;
}

void LiveQueue::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  queue_.clear();
}

void LiveQueue::NoteFrameSkipped() {
  std::lock_guard lock(mu_);
  ++stats_.frames_skipped;
}

LiveQueueStats LiveQueue::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

// ---- LiveFeed ----

LiveFeed::LiveFeed(std::string camera_id, const Clock& clock, LiveFeedLimits limits)
    : camera_id_(std::move(camera_id)), clock_(clock), limits_(limits) {}

LiveFeed::~LiveFeed() = default;

WallTime90k LiveFeed::ArrivalWall(const Frame& f) const {
  if (f.arrival_mono_ns == 0) return clock_.Now();
  const int64_t age_ns = std::max<int64_t>(0, clock_.MonotonicNanos() - f.arrival_mono_ns);
  return WallTime90k{clock_.Now().ticks_90k - age_ns * 9 / 100000};
}

bool LiveFeed::StartGeneration(const VideoParams& params) {
  auto init = mp4::BuildInitSegment(params);
  if (!init) {
    ++stats_.bad_params;
    generation_.reset();
    return false;
  }
  ++stats_.inits;
  header_ = LiveMessage{LiveMessage::Kind::kHeader, Share(HeaderJson(params, transcoded_, masked_)), false, 0};
  init_ = LiveMessage{LiveMessage::Kind::kInit, Share(std::move(*init)), false, 0};
  gop_.clear();
  gop_bytes_ = 0;
  gop_valid_ = false;
  for (Subscriber& s : subscribers_) {
    s.needs_init = true;
    s.waiting_for_key = true;
  }
  return true;
}

void LiveFeed::AddFrame(const Frame& frame, const VideoParams& params) {
  if (subscribers_.empty()) return;
  if (!generation_ || *generation_ != frame.params_generation) {
    generation_ = frame.params_generation;
    if (!StartGeneration(params)) return;
  }
  if (!init_.data) return;  // this generation's parameters are unusable
  // Our timeline: advance by the real step when it is sane, else by the last duration.
  if (last_timestamp_90k_) {
    const int64_t step = frame.timestamp_90k - *last_timestamp_90k_;
    if (step == 0) {
      // A piece of the picture just sent (a camera marking every slice). Not merged live:
      // the picture sent is incomplete, so everyone re-syncs at the next key frame.
      ++stats_.split_pictures;
      for (Subscriber& s : subscribers_) s.waiting_for_key = true;
      gop_valid_ = false;
      return;
    }
    next_decode_90k_ += step > 0 && step <= limits_.max_frame_step_90k ? step : last_duration_90k_;
    if (step > 0 && step <= limits_.max_frame_step_90k) last_duration_90k_ = static_cast<uint32_t>(step);
  } else if (sequence_ > 0) {
    next_decode_90k_ += last_duration_90k_;  // after a reset: continue after what was sent
  }
  last_timestamp_90k_ = frame.timestamp_90k;
  // The duration of this sample is not known yet: the previous step stands in for it
  // (tfdt of the next fragment is authoritative, so the error never accumulates).
  const mp4::SampleInfo sample{last_duration_90k_, static_cast<uint32_t>(frame.data.size()), frame.is_key, 0};
  auto header = mp4::BuildFragmentHeader(++sequence_, next_decode_90k_, ArrivalWall(frame), {&sample, 1},
                                         frame.data.size());
  if (!header) return;  // an empty frame: nothing to show
  Bytes bytes = std::move(*header);
  bytes.insert(bytes.end(), frame.data.begin(), frame.data.end());
  ++stats_.frames;
  const LiveMessage m{LiveMessage::Kind::kMedia, Share(std::move(bytes)), frame.is_key, last_duration_90k_};

  if (frame.is_key) {
    gop_.clear();
    gop_bytes_ = 0;
    gop_valid_ = true;
  }
  if (gop_valid_) {
    gop_bytes_ += m.data->size();
    if (gop_bytes_ > limits_.max_gop_bytes || gop_.size() >= limits_.max_gop_frames) {
      gop_valid_ = false;
      gop_.clear();
      gop_bytes_ = 0;
    } else {
      gop_.push_back(m);
    }
  }
  Broadcast(m);
}

void LiveFeed::Broadcast(const LiveMessage& m) {
  for (Subscriber& s : subscribers_) Deliver(s, m);
}

void LiveFeed::Deliver(Subscriber& s, const LiveMessage& m) {
  if (s.waiting_for_key) {
    if (!m.is_key) {
      s.queue->NoteFrameSkipped();
      return;
    }
    if (s.needs_init) {
      s.queue->Push(header_, true);
      s.queue->Push(init_, true);
      s.needs_init = false;
    }
    s.waiting_for_key = false;
  }
  if (!s.queue->Push(m)) {
    // Too slow: everything queued was dropped, including m. Skip to the next key frame.
    // The init already sent stays valid (same generation), so it is not resent.
    s.waiting_for_key = true;
  }
}

void LiveFeed::Reset() {
  generation_.reset();
  last_timestamp_90k_.reset();
  gop_.clear();
  gop_bytes_ = 0;
  gop_valid_ = false;
  for (Subscriber& s : subscribers_) {
    s.needs_init = true;
    s.waiting_for_key = true;
  }
}

void LiveFeed::Add(std::shared_ptr<LiveQueue> queue) {
  Subscriber s{std::move(queue), true, true};
  if (init_.data && gop_valid_ && !gop_.empty()) {
    // Start at once at the last key frame. The burst ignores the bound (it is bounded
    // by max_gop_bytes); what follows is bounded.
    s.queue->Push(header_, true);
    s.queue->Push(init_, true);
    for (const LiveMessage& m : gop_) s.queue->Push(m, true);
    s.needs_init = false;
    s.waiting_for_key = false;
  }
  subscribers_.push_back(std::move(s));
}

void LiveFeed::Remove(const LiveQueue* queue) {
  std::erase_if(subscribers_, [queue](const Subscriber& s) { return s.queue.get() == queue; });
  if (subscribers_.empty()) {
    // Nobody watches: drop the GOP and the parameters, so that no memory or work remains.
    Reset();
    header_ = init_ = LiveMessage{};
  }
}

void LiveFeed::EndAll() {
  for (Subscriber& s : subscribers_) s.queue->Push(LiveMessage{LiveMessage::Kind::kEnd, nullptr, false, 0}, true);
  subscribers_.clear();
  Reset();
  header_ = init_ = LiveMessage{};
}

}  // namespace custos
