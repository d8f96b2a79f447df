// The decoder-independent heart of a masked export: frames in, masked frames out, delayed by
// TrackerOptions::lead_frames so a region is hidden a little before it was first detected.
// Detection runs every `detect_every` frames; the tracker fills the frames in between.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

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

  // Takes one frame; appends to `ready` the frames whose masks are now final.
  void Push(StagedFrame in, std::vector<StagedFrame>& ready);
  // At the end of the clip: everything still held back.
  void Flush(std::vector<StagedFrame>& ready);

  int64_t detections() const { return detections_; }
  int64_t frames_masked_by_detection() const { return frames_with_regions_; }

 private:
  void Emit(std::vector<StagedFrame>& ready);

  Detector* detector_;
  Masker masker_;
  StageOptions options_;
  Tracker tracker_;
  std::deque<StagedFrame> held_;
  int64_t next_in_ = 0;   // index of the next frame pushed
  int64_t next_out_ = 0;  // index of the next frame emitted
  int64_t detections_ = 0;
  int64_t frames_with_regions_ = 0;
};

}  // namespace custos::privacy
