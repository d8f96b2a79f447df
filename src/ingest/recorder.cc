#include "ingest/recorder.h"

#include <future>

#include "base/log.h"

namespace custos {

Recorder::Recorder(RecorderOptions options, StorageSink& sink, const Clock& clock)
    : options_(std::move(options)), sink_(sink), clock_(clock) {
  const int n = std::max(1, options_.loops);
  for (int i = 0; i < n; ++i) {
    loops_.push_back(std::make_unique<boost::asio::io_context>(1));
    work_.push_back(boost::asio::make_work_guard(*loops_.back()));
  }
  for (auto& loop : loops_) {
    threads_.emplace_back([ctx = loop.get()] { ctx->run(); });
  }
}

Recorder::~Recorder() { Stop(); }

void Recorder::Reconcile(const std::vector<CameraSpec>& cameras) {
  std::map<std::string, const CameraSpec*> wanted;
  for (const auto& c : cameras) wanted[c.id] = &c;
  std::vector<std::shared_ptr<CameraSession>> to_stop;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      auto w = wanted.find(it->first);
      if (w == wanted.end() || !(*w->second == it->second->spec())) {
        spdlog::info("camera {}: {}", it->first, w == wanted.end() ? "removed, stopping" : "changed, restarting");
        to_stop.push_back(it->second);
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }
  // A restarted camera's old session must close its recording before the new one opens.
  for (auto& s : to_stop) StopSession(s);
  std::lock_guard lock(mu_);
  for (const auto& [id, spec] : wanted) {
    if (sessions_.count(id)) continue;
    auto& loop = *loops_[next_loop_++ % loops_.size()];
    auto session = std::make_shared<CameraSession>(loop.get_executor(), *spec, sink_, clock_, options_.recording,
                                                   options_.reconnect, options_.stall_timeout);
    spdlog::info("camera {}: starting", id);
    session->Start();
    sessions_[id] = std::move(session);
  }
}

void Recorder::StopSession(const std::shared_ptr<CameraSession>& session) {
  auto done = std::make_shared<std::promise<void>>();
  auto fut = done->get_future();
  session->Stop([done] { done->set_value(); });
  if (fut.wait_for(std::chrono::seconds(15)) != std::future_status::ready) {
    spdlog::warn("camera {}: did not stop within 15 s", session->spec().id);
  }
}

std::map<std::string, SessionStatus> Recorder::Statuses() const {
  std::lock_guard lock(mu_);
  std::map<std::string, SessionStatus> out;
  for (const auto& [id, s] : sessions_) {
    SessionStatus st = s->status();
    for (auto* map : {&transcoders_, &maskers_}) {
      auto t = map->find(id);
      if (auto transcoder = t == map->end() ? nullptr : t->second.lock()) {
        const TranscodeStats ts = transcoder->stats();
        st.live_transcoding = true;
        st.live_masking = st.live_masking || transcoder->masking();
        st.live_transcoded_frames += ts.frames_out;
        st.live_transcode_dropped += ts.frames_dropped;
      }
    }
    out[id] = std::move(st);
  }
  return out;
}

Result<std::unique_ptr<LiveSubscription>> Recorder::Subscribe(const std::string& camera_id,
                                                                std::function<void()> wake, LiveQueueLimits limits,
                                                                bool h264, bool masked) {
  std::shared_ptr<CameraSession> session;
  std::lock_guard lock(mu_);  // held while subscribing: SetPrivacyZones cannot slip in between
  auto it = sessions_.find(camera_id);
  if (stopped_ || it == sessions_.end()) return Err(NotFound("camera " + camera_id + " is not recording"));
  session = it->second;
  if (masked) {
    auto z = zones_.find(camera_id);
    if (z == zones_.end()) {  // fail closed: the zones could not be read (the daemon logs why)
      return Err(Unavailable("the privacy zones of camera " + camera_id + " are not known yet; retry in a second"));
    }
    if (!z->second.empty()) {
      return LiveTranscoder::Subscribe(SharedTranscoder(maskers_, camera_id, session, z->second), std::move(wake),
                                       limits);
    }
  }
  if (h264 && session->status().codec != "h264") {
    return LiveTranscoder::Subscribe(SharedTranscoder(transcoders_, camera_id, session, std::nullopt),
                                     std::move(wake), limits);
  }
  auto queue = std::make_shared<LiveQueue>(limits, std::move(wake));
  session->Subscribe(queue);
  const LiveQueue* key = queue.get();
  // The subscription keeps the session object alive (not its loop): unsubscribing after
  // the session stopped posts to a loop that may never run it, which is harmless.
  return std::make_unique<LiveSubscription>(std::move(queue), [session, key] { session->Unsubscribe(key); });
}

std::shared_ptr<LiveTranscoder> Recorder::SharedTranscoder(
    std::map<std::string, std::weak_ptr<LiveTranscoder>>& map, const std::string& camera_id,
    const std::shared_ptr<CameraSession>& session, std::optional<std::vector<privacy::PrivacyZone>> mask_zones) {
  std::shared_ptr<LiveTranscoder> transcoder = map[camera_id].lock();
  if (transcoder) return transcoder;
  transcoder = std::make_shared<LiveTranscoder>(
      camera_id, clock_, TranscodeLimits{}, [session](const TranscodeInput* input) { session->RemoveTap(input); },
      std::move(mask_zones));
  session->AddTap(transcoder->input());
  map[camera_id] = transcoder;
  return transcoder;
}

void Recorder::SetPrivacyZones(const std::string& camera_id, std::vector<privacy::PrivacyZone> zones) {
  std::lock_guard lock(mu_);
  auto [z, added] = zones_.try_emplace(camera_id);
  if (!added && z->second == zones) return;
  z->second = std::move(zones);
  if (auto masker = maskers_[camera_id].lock()) masker->input()->SetZones(z->second);
  if (z->second.empty()) return;
  // Newly zoned: the unmasked views end (unmasked=1 viewers reconnect and get them again).
  auto s = sessions_.find(camera_id);
  if (s == sessions_.end()) return;
  spdlog::info("camera {}: privacy zones changed ({}): ending its unmasked live views", camera_id, z->second.size());
  s->second->EndLiveViewers();
  if (auto transcoder = transcoders_[camera_id].lock()) transcoder->input()->End();
}

void Recorder::Stop() {
  std::map<std::string, std::shared_ptr<CameraSession>> sessions;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    sessions.swap(sessions_);
  }
  // Stop all sessions at once, then wait for each.
  std::vector<std::future<void>> waits;
  for (auto& [id, s] : sessions) {
    auto done = std::make_shared<std::promise<void>>();
    waits.push_back(done->get_future());
    s->Stop([done] { done->set_value(); });
  }
  for (auto& w : waits) w.wait_for(std::chrono::seconds(15));
  work_.clear();
  for (auto& loop : loops_) loop->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace custos
