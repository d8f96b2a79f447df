// The decoder-independent heart of a masked export: frames in, masked frames out, delayed by
// TrackerOptions::lead_frames so a region is hidden a little before it was first detected.
// Detection runs every `detect_every` frames; the tracker fills the frames in between.
// With a DetectionWorker, detection runs on the worker's thread: Push hands it the picture and
// goes on; a frame is released once the detections up to its lead are back.
// Thread-safety: one owner thread (the worker has its own, internal one).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "privacy/detection_worker.h"
#include "privacy/detector.h"
#include "privacy/masker.h"
#include "privacy/tracker.h"

namespace custos::privacy {

struct StageOptions {
  int detect_every = 5;  // 1 = every frame; 5 = every 0.2 s at 25 fps
  TrackerOptions tracker;
};

struct StagedFrame {
  I420Frame frame;
  int64_t pts = 0;  // the source's timestamp, passed through untouched
};

class MaskingStage {
 public:
  // `detector` may be null: zones only (no detection).
  MaskingStage(Detector* detector, Masker masker, StageOptions options);
  // Detection on `worker`'s thread, overlapping the caller's decoding and encoding.
  MaskingStage(DetectionWorker& worker, Masker masker, StageOptions options);

  // Takes one frame; appends to `ready` the frames whose masks are now final.
  void Push(StagedFrame in, std::vector<StagedFrame>& ready);
  // At the end of the clip: everything still held back.
  void Flush(std::vector<StagedFrame>& ready);

  int64_t detections() const { return detections_; }
  // Not ok once a detection on the worker failed: the export must stop (a picture that was
  // not searched cannot be published).
  const Status& status() const { return status_; }
  int64_t frames_masked_by_detection() const { return frames_with_regions_; }

 private:
  void Emit(std::vector<StagedFrame>& ready);
  void EmitReady(std::vector<StagedFrame>& ready);
  void Absorb(std::vector<DetectionResult> results);
  // Whether every detection that frame `frame`'s masks depend on is in the tracker.
  bool DetectedThrough(int64_t frame) const { return pending_.empty() || pending_.front() > frame; }

  Detector* detector_ = nullptr;
  DetectionWorker* worker_ = nullptr;
  std::deque<int64_t> pending_;  // frames submitted to the worker whose results are not back
  Masker masker_;
  StageOptions options_;
  Tracker tracker_;
  std::deque<StagedFrame> held_;
  int64_t next_in_ = 0;   // index of the next frame pushed
  int64_t next_out_ = 0;  // index of the next frame emitted
  int64_t detections_ = 0;
  int64_t frames_with_regions_ = 0;
  Status status_;
};

}  // namespace custos::privacy
