// live_transcoder.h: H.265 → H.264 live view for browsers that cannot play H.265
// (GET /api/v1/cameras/{id}/live?codec=h264). Design: docs/design/live.md.
//
// One LiveTranscoder per camera, shared by every codec=h264 viewer of it: Recorder makes
// it with the first such viewer and it ends when the last viewer's LiveSubscription is
// destroyed (each subscription holds a shared_ptr to it). It runs on its own thread:
//
//   CameraSession::OnRtp (camera loop) ── TranscodeInput::OfferFrame (copy, bounded) ──▶
//   transcoder thread: VideoDecoder → H264Encoder (key frame forced at each source key
//   frame) → its own LiveFeed ──▶ viewers' LiveQueues (exactly as for passthrough).
//
// TranscodeInput is the only object shared with the camera loop: a mutex-protected queue
// the camera pushes into without ever waiting for the transcoder. When it holds more than
// its bound (the transcoder fell behind), the queued frames are dropped and the input
// waits for the next key frame (counted in TranscodeStats::frames_dropped). A camera that
// turns out to send H.264 is passed through without transcoding.
//
// Masking mode (docs/design/privacy.md): constructed with the camera's privacy zones, the
// transcoder decodes every frame (H.264 too, never passes one through), fills the zones
// in each picture (privacy/av_mask.h) and encodes H.264: the one stream every masked viewer
// of the camera gets. SetZones() changes the zones from the next picture on (ahead of any
// queued frame); the encoder then makes a key frame and the output's GOP cache restarts,
// so no viewer joins on a picture masked with the old zones. A picture that cannot be
// masked is dropped (the decoder restarts at the next key frame), never shown unmasked.
// Thread-safety: TranscodeInput: any thread. LiveTranscoder: Subscribe and stats from any
// thread; the destructor joins the thread (at most one frame's work).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/clock.h"
#include "ingest/live_feed.h"
#include "media/frame.h"
#include "privacy/zone.h"

namespace custos {

struct TranscodeLimits {
  size_t max_queued_frames = 50;                 // ≈ 2 s at 25 fps
  size_t max_queued_bytes = 8 * 1024 * 1024;
  std::string preset = "veryfast";
};

struct TranscodeStats {
  uint64_t frames_in = 0;       // frames taken from the camera
  uint64_t frames_out = 0;      // H.264 frames published
  uint64_t frames_dropped = 0;  // dropped because the transcoder fell behind or could not decode
  uint64_t errors = 0;          // decode / encode / mask errors (each resumes at the next key frame)
  uint64_t zone_changes = 0;    // masking mode: SetZones applied
};

class TranscodeInput {
 public:
  struct Item {
    enum class Kind { kFrame, kReset, kEnd, kAdd, kRemove, kZones } kind = Kind::kFrame;
    Frame frame;
    std::shared_ptr<const VideoParams> params;
    std::shared_ptr<LiveQueue> queue;  // kAdd
    const LiveQueue* remove = nullptr; // kRemove
    std::vector<privacy::PrivacyZone> zones;  // kZones
  };
  explicit TranscodeInput(TranscodeLimits limits) : limits_(std::move(limits)) {}

  // Camera loop: never blocks beyond a short mutex; copies the frame (and the parameters
  // once per generation).
  void OfferFrame(const Frame& frame, const VideoParams& params);
  void Reset();  // the camera disconnected: resume at the next key frame
  void End();    // the camera's session stopped: viewers get kEnd
  // Any thread: viewers arriving and leaving (applied on the transcoder thread).
  void Add(std::shared_ptr<LiveQueue> queue);
  void Remove(const LiveQueue* queue);
  // Any thread: new privacy zones (masking mode), taken before any frame still queued.
  void SetZones(std::vector<privacy::PrivacyZone> zones);

  // Transcoder thread: the next item, or nullopt once Stop() was called.
  std::optional<Item> Next();
  void Stop();
  uint64_t frames_dropped() const;

 private:
  void Push(Item item);

  const TranscodeLimits limits_;
  // Camera-loop only: the parameters of the last generation seen, shared by its frames.
  uint32_t params_generation_ = 0;
  std::shared_ptr<const VideoParams> params_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> items_;        // GUARDED_BY(mu_)
  size_t frames_ = 0, bytes_ = 0; // GUARDED_BY(mu_): queued frames
  bool wait_for_key_ = false;     // GUARDED_BY(mu_)
  bool stopped_ = false;          // GUARDED_BY(mu_)
  uint64_t dropped_ = 0;          // GUARDED_BY(mu_)
};

class LiveTranscoder {
 public:
  // Starts the thread. `detach_input` runs in the destructor to unhook the input from the
  // camera (CameraSession::RemoveTap); the caller hooks it (AddTap) after Start.
  // `mask_zones` set: masking mode (above), starting with those zones.
  LiveTranscoder(std::string camera_id, const Clock& clock, TranscodeLimits limits,
                 std::function<void(const TranscodeInput*)> detach_input,
                 std::optional<std::vector<privacy::PrivacyZone>> mask_zones = std::nullopt);
  ~LiveTranscoder();
  LiveTranscoder(const LiveTranscoder&) = delete;
  LiveTranscoder& operator=(const LiveTranscoder&) = delete;

  std::shared_ptr<TranscodeInput> input() const { return input_; }
  // A viewer of the H.264 stream; it keeps `self` (this transcoder) alive.
  static std::unique_ptr<LiveSubscription> Subscribe(const std::shared_ptr<LiveTranscoder>& self,
                                                     std::function<void()> wake, LiveQueueLimits limits);
  TranscodeStats stats() const;
  bool masking() const { return masking_; }

 private:
  class Worker;
  std::string camera_id_;
  bool masking_ = false;
  std::shared_ptr<TranscodeInput> input_;
  std::function<void(const TranscodeInput*)> detach_input_;
  std::shared_ptr<Worker> worker_;
  std::thread thread_;
};

}  // namespace custos
