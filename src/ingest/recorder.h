// recorder.h: all camera sessions of this node and the event loops they run on.
//
// Recorder owns `loops` io_contexts (one thread each) and a CameraSession per enabled
// camera, spread over the loops. Reconcile() makes the running set match a camera list:
// new cameras start, removed ones stop (closing their recordings), changed ones restart.
// Thread-safety: Reconcile(), Statuses() and Stop() may be called from any one control
// thread; sessions themselves live on their loops.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ingest/camera_session.h"

namespace custos {

struct RecorderOptions {
  int loops = 1;
  RecordingPolicy recording;
  ReconnectPolicy reconnect;
  std::chrono::milliseconds stall_timeout{10000};
};

class Recorder {
 public:
  Recorder(RecorderOptions options, StorageSink& sink, const Clock& clock);
  ~Recorder();

  void Reconcile(const std::vector<CameraSpec>& cameras);
  std::map<std::string, SessionStatus> Statuses() const;
  // Live view of a running camera (thread-safe). `wake` runs on the camera's loop when
  // the subscription's queue becomes non-empty; it must only post. NotFound when the
  // camera is not running. Destroying the subscription unsubscribes; it must not outlive
  // the Recorder (it posts to the camera's loop). When the camera's session stops (removed,
  // changed, Custos stopping) the queue receives kEnd.
  // `h264`: the viewer can only play H.264 (?codec=h264). For a camera not known to send
  // H.264 the subscription is to the camera's shared LiveTranscoder (made with its first
  // such viewer, ended with its last), which passes H.264 through and transcodes H.265.
  // `masked`: the viewer must not see the camera's privacy zones. For a camera with zones
  // (SetPrivacyZones) the subscription is then to the camera's shared masking transcoder
  // (H.264, zones filled), whatever `h264` says; without zones `masked` changes nothing.
  // Unavailable for a masked viewer while the camera's zones were never set (fail closed).
  Result<std::unique_ptr<LiveSubscription>> Subscribe(const std::string& camera_id, std::function<void()> wake,
                                                      LiveQueueLimits limits = {}, bool h264 = false,
                                                      bool masked = false);
  // The camera's privacy zones (thread-safe; the daemon calls it with the catalog's, every
  // second and at once after an API change). A change reaches the masking transcoder
  // before its next picture; when the new list is not empty, every unmasked live view of
  // the camera (passthrough and codec=h264) is ended (kEnd, the client reconnects and is
  // routed again), so no masked viewer keeps the original picture of a newly zoned area.
  void SetPrivacyZones(const std::string& camera_id, std::vector<privacy::PrivacyZone> zones);
  // Stops every session (closing recordings) and joins the loops.
  void Stop();

 private:
  using Work = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  void StopSession(const std::shared_ptr<CameraSession>& session);
  // The shared transcoder of `map` for the camera, made (and hooked to `session`) if none.
  std::shared_ptr<LiveTranscoder> SharedTranscoder(std::map<std::string, std::weak_ptr<LiveTranscoder>>& map,
                                                   const std::string& camera_id,
                                                   const std::shared_ptr<CameraSession>& session,
                                                   std::optional<std::vector<privacy::PrivacyZone>> mask_zones);

  RecorderOptions options_;
  StorageSink& sink_;
  const Clock& clock_;
  std::vector<std::unique_ptr<boost::asio::io_context>> loops_;
  std::vector<Work> work_;
  std::vector<std::thread> threads_;
  size_t next_loop_ = 0;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<CameraSession>> sessions_;  // GUARDED_BY(mu_)
  // Live transcoders, by camera id; owned by their viewers' subscriptions.
  std::map<std::string, std::weak_ptr<LiveTranscoder>> transcoders_;  // GUARDED_BY(mu_)
  std::map<std::string, std::weak_ptr<LiveTranscoder>> maskers_;      // GUARDED_BY(mu_): masking mode
  std::map<std::string, std::vector<privacy::PrivacyZone>> zones_;    // GUARDED_BY(mu_)
  bool stopped_ = false;
};

}  // namespace custos
