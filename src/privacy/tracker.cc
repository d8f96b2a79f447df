#include "privacy/tracker.h"

#include <algorithm>
#include <cmath>

namespace custos::privacy {

namespace {

PixelBox Union(const PixelBox& a, const PixelBox& b) {
  const int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  const int x1 = std::max(a.x + a.width, b.x + b.width), y1 = std::max(a.y + a.height, b.y + b.height);
  return {x0, y0, x1 - x0, y1 - y0};
}

bool CentreInside(const PixelBox& a, const PixelBox& b) {
  const int cx = a.x + a.width / 2, cy = a.y + a.height / 2;
  return cx >= b.x && cx < b.x + b.width && cy >= b.y && cy < b.y + b.height;
}

int Lerp(int a, int b, double t) { return static_cast<int>(std::lround(a + (b - a) * t)); }

PixelBox Interpolate(const PixelBox& a, const PixelBox& b, double t) {
  return {Lerp(a.x, b.x, t), Lerp(a.y, b.y, t), Lerp(a.width, b.width, t), Lerp(a.height, b.height, t)};
}

}  // namespace

std::vector<Detection> MergeOverlapping(std::vector<Detection> detections, double min_iou) {
  bool merged = true;
  while (merged) {
    merged = false;
    for (size_t i = 0; i < detections.size() && !merged; ++i) {
      for (size_t j = i + 1; j < detections.size(); ++j) {
        const Detection& a = detections[i];
        const Detection& b = detections[j];
        if (a.kind != b.kind) continue;
        if (Iou(a.box, b.box) >= min_iou || CentreInside(a.box, b.box) || CentreInside(b.box, a.box)) {
          detections[i].box = Union(a.box, b.box);
          detections.erase(detections.begin() + static_cast<std::ptrdiff_t>(j));
          merged = true;
          break;
        }
      }
    }
  }
  return detections;
}

void Tracker::AddDetections(int64_t frame, const std::vector<Detection>& detections) {
  std::vector<bool> used(tracks_.size(), false);
  for (const Detection& d : MergeOverlapping(detections)) {
    int best = -1;
    double best_iou = 0;
    for (size_t i = 0; i < tracks_.size(); ++i) {
      const Track& t = tracks_[i];
      if (used[i] || t.kind != d.kind || frame - t.keys.back().frame > options_.hold_frames) continue;
      const PixelBox& last = t.keys.back().box;
      double iou = Iou(last, d.box);
      if (iou < options_.match_iou && (CentreInside(d.box, last) || CentreInside(last, d.box))) iou = options_.match_iou;
      if (iou >= options_.match_iou && iou > best_iou) {
        best = static_cast<int>(i);
        best_iou = iou;
      }
    }
    if (best >= 0) {
      used[static_cast<size_t>(best)] = true;
      tracks_[static_cast<size_t>(best)].keys.push_back({frame, d.box});
    } else {
      tracks_.push_back({d.kind, {{frame, d.box}}});
      used.push_back(true);
    }
  }
}

std::vector<PixelBox> Tracker::BoxesAt(int64_t frame) const {
  std::vector<PixelBox> out;
  for (const Track& t : tracks_) {
    const Key& first = t.keys.front();
    const Key& last = t.keys.back();
    if (frame < first.frame - options_.lead_frames || frame > last.frame + options_.hold_frames) continue;
    if (frame <= first.frame) {
      out.push_back(first.box);
    } else if (frame >= last.frame) {
      out.push_back(last.box);
    } else {
      auto next = std::upper_bound(t.keys.begin(), t.keys.end(), frame,
                                   [](int64_t f, const Key& k) { return f < k.frame; });
      const Key& b = *next;
      const Key& a = *(next - 1);
      const double tt = static_cast<double>(frame - a.frame) / static_cast<double>(b.frame - a.frame);
      // The union with the interpolated box keeps a fast mover covered at both ends.
      out.push_back(Union(Interpolate(a.box, b.box, tt), tt < 0.5 ? a.box : b.box));
    }
  }
  return out;
}

void Tracker::Forget(int64_t frame) {
  std::erase_if(tracks_, [&](const Track& t) { return t.keys.back().frame + options_.hold_frames < frame; });
  for (Track& t : tracks_) {
    // Keep the last key before `frame` (needed to interpolate) and everything after.
    auto first_needed = std::upper_bound(t.keys.begin(), t.keys.end(), frame,
                                         [](int64_t f, const Key& k) { return f < k.frame; });
    if (first_needed - t.keys.begin() > 1) t.keys.erase(t.keys.begin(), first_needed - 1);
  }
}

}  // namespace custos::privacy
