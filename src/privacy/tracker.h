// Keeps masks steady across the frames of ONE clip: detection runs only every few frames and
// misses some, so each detected region is held for a while after it was last seen, started a
// few frames before it was first seen (the export is delayed by that many frames), and its
// box is interpolated between detections. Tracks have no identity and never leave the clip.
#pragma once

#include <cstdint>
#include <vector>

#include "privacy/detector.h"

namespace custos::privacy {

struct TrackerOptions {
  int lead_frames = 6;    // mask this many frames before a region's first detection
  int hold_frames = 15;   // and this many after its last one
  double match_iou = 0.1; // a detection continues a track when it overlaps it this much
};

class Tracker {
 public:
  explicit Tracker(TrackerOptions options = {}) : options_(options) {}

  // Detections of frame `frame`; frames come in increasing order.
  void AddDetections(int64_t frame, const std::vector<Detection>& detections);
  // The boxes to hide in `frame`. Exact once detections up to frame + lead_frames are in.
  std::vector<PixelBox> BoxesAt(int64_t frame) const;
  // Drops tracks that cannot matter for `frame` or later.
  void Forget(int64_t frame);
  size_t track_count() const { return tracks_.size(); }

 private:
  struct Key {
    int64_t frame;
    PixelBox box;
  };
  struct Track {
    RegionKind kind;
    std::vector<Key> keys;
  };
  TrackerOptions options_;
  std::vector<Track> tracks_;
};

// Detections of one frame with overlapping boxes of one kind merged into their union.
std::vector<Detection> MergeOverlapping(std::vector<Detection> detections, double min_iou = 0.2);

}  // namespace custos::privacy
