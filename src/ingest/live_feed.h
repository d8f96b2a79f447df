// live_feed.h: one camera's live view as fragmented MP4 messages for Media Source
// Extensions, built from the frames the recorder already receives (no second connection
// to the camera). Design: docs/design/live.md.
//
// LiveFeed lives on the camera's event loop (CameraSession owns it) and costs nothing
// while nobody watches: CameraSession asks has_subscribers() before copying a frame in.
// With subscribers it builds, per parameter generation, a JSON header and an init segment,
// and per frame one media segment (prft + moof + mdat, one sample), shared by every
// subscriber through shared_ptr<const Bytes>. It keeps the messages since the last key
// frame so that a new subscriber starts at once at that key frame.
//
// LiveQueue is one subscriber's bounded queue, the only object shared between threads:
// the feed pushes on the camera loop, the viewer pops on its own loop (mutex inside).
// When a push would pass the bound, the queue is emptied and the subscriber waits for the
// next key frame (it skips ahead instead of lagging; counted in `skips`).
// LiveSubscription is the RAII handle a viewer holds (Recorder::Subscribe).
// Thread-safety: LiveFeed: camera loop only. LiveQueue, LiveSubscription: any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos {

struct LiveMessage {
  enum class Kind { kHeader, kInit, kMedia, kEnd };
  Kind kind = Kind::kMedia;
  // kHeader: UTF-8 JSON (a WebSocket text message); kInit, kMedia: MP4 bytes (binary).
  // kEnd: none; the stream ended (the camera was removed or Custos stops).
  std::shared_ptr<const Bytes> data;
  bool is_key = false;         // kMedia: the sample is a key frame
  uint32_t duration_90k = 0;   // kMedia: the sample's duration
};

struct LiveQueueLimits {
  size_t max_bytes = 4 * 1024 * 1024;    // queued media + init bytes
  int64_t max_90k = 3 * 90000;           // queued media duration
};

struct LiveQueueStats {
  uint64_t messages = 0;        // pushed
  uint64_t skips = 0;           // times the queue overflowed and skipped to a key frame
  uint64_t frames_skipped = 0;  // media messages dropped by skips and waits
};

class LiveQueue {
 public:
  // `wake` runs on the pushing (camera) thread whenever the queue goes from empty to
  // non-empty; it must only post to the viewer's loop. It is never called after Close().
  LiveQueue(LiveQueueLimits limits, std::function<void()> wake);

  // The next message, or nullopt when the queue is empty. Viewer side.
  std::optional<LiveMessage> Pop();
  // The viewer is gone: no more wakes, pushes are ignored.
  void Close();
  LiveQueueStats stats() const;

 // Feed side (camera loop). `force` ignores the bound (the initial burst of a new subscriber).
  // Returns false when the bound is passed: the queue was emptied and needs a key frame.
  bool Push(LiveMessage m, bool force = false);
  void NoteFrameSkipped();

 private:
  const LiveQueueLimits limits_;
  const std::function<void()> wake_;
  mutable std::mutex mu_;
  std::deque<LiveMessage> queue_;  // GUARDED_BY(mu_)
  size_t bytes_ = 0;               // GUARDED_BY(mu_)
  int64_t media_90k_ = 0;          // GUARDED_BY(mu_)
  bool closed_ = false;            // GUARDED_BY(mu_)
  LiveQueueStats stats_;           // GUARDED_BY(mu_)
};

// What a viewer holds. Destroying it unsubscribes (posted to the camera's loop by
// whoever made it; Recorder::Subscribe). queue() is the viewer's side.
class LiveSubscription {
 public:
  LiveSubscription(std::shared_ptr<LiveQueue> queue, std::function<void()> unsubscribe)
      : queue_(std::move(queue)), unsubscribe_(std::move(unsubscribe)) {}
  ~LiveSubscription() {
    queue_->Close();
    if (unsubscribe_) unsubscribe_();
  }
  LiveSubscription(const LiveSubscription&) = delete;
  LiveSubscription& operator=(const LiveSubscription&) = delete;
  LiveQueue& queue() { return *queue_; }

 private:
  std::shared_ptr<LiveQueue> queue_;
  std::function<void()> unsubscribe_;
};

struct LiveFeedLimits {
  // The messages kept since the last key frame, for new subscribers. A longer GOP is not
  // kept (new subscribers then wait for the next key frame).
  size_t max_gop_bytes = 8 * 1024 * 1024;
  size_t max_gop_frames = 600;
  int64_t max_frame_step_90k = 10 * 90000;  // a larger or negative step: a discontinuity
};

struct LiveFeedStats {
  uint64_t frames = 0;          // frames turned into media segments
  uint64_t inits = 0;           // init segments built
  uint64_t bad_params = 0;      // parameter sets no init segment can carry
  uint64_t split_pictures = 0;  // same-timestamp pieces (not merged live; subscribers re-sync)
};

class LiveFeed {
 public:
  explicit LiveFeed(std::string camera_id, const Clock& clock, LiveFeedLimits limits = {});
  ~LiveFeed();

  // Camera loop. Cheap check done before copying a frame for AddFrame.
  bool has_subscribers() const { return !subscribers_.empty(); }
  void AddFrame(const Frame& frame, const VideoParams& params);
  // The camera's stream ended (disconnect): the next frame starts a new init and GOP;
  // subscribers stay and continue at the next key frame.
  void Reset();
  // A new subscriber gets the current header, init and GOP at once, or waits for them.
  void Add(std::shared_ptr<LiveQueue> queue);
  void Remove(const LiveQueue* queue);
  // Sends kEnd to every subscriber and forgets them (the session stops).
  void EndAll();

  const LiveFeedStats& stats() const { return stats_; }
  // The feed carries a transcoder's output: the JSON header says "transcoded": true.
  void set_transcoded(bool transcoded) { transcoded_ = transcoded; }
  // The feed's pictures have privacy zones filled (a masking transcoder with zones): the
  // JSON header says "masked": true, so that the client can show it (docs/design/privacy.md).
  // Takes effect at the next header (a new parameter generation, or after Reset()).
  void set_masked(bool masked) { masked_ = masked; }

 private:
  struct Subscriber {
    std::shared_ptr<LiveQueue> queue;
    bool needs_init = true;  // header + init to send before the next key frame
    bool waiting_for_key = true;
  };
  bool StartGeneration(const VideoParams& params);
  void Broadcast(const LiveMessage& m);
  void Deliver(Subscriber& s, const LiveMessage& m);
  WallTime90k ArrivalWall(const Frame& f) const;

  std::string camera_id_;
  const Clock& clock_;
  LiveFeedLimits limits_;
  LiveFeedStats stats_;
  bool transcoded_ = false;
  bool masked_ = false;
  std::vector<Subscriber> subscribers_;

  std::optional<uint32_t> generation_;  // params_generation of header_ and init_
  LiveMessage header_, init_;
  std::vector<LiveMessage> gop_;  // media since the last key frame; empty when not kept
  size_t gop_bytes_ = 0;
  bool gop_valid_ = false;        // gop_ starts with a key frame and is complete
  // Our own media timeline: continuous across reconnects and discontinuities, so that a
  // viewer's MSE buffer never sees time go back.
  int64_t next_decode_90k_ = 0;
  std::optional<int64_t> last_timestamp_90k_;
  uint32_t last_duration_90k_ = 3600;  // 25 fps until a real step is seen
  uint32_t sequence_ = 0;
};

}  // namespace custos
