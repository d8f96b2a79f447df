#include "privacy/masker.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace custos::privacy {

namespace {

cv::Mat Plane(std::vector<uint8_t>& data, int w, int h) { return cv::Mat(h, w, CV_8UC1, data.data()); }
cv::Mat Plane(PlaneView p) { return cv::Mat(p.height, p.width, CV_8UC1, p.data, static_cast<size_t>(p.stride_bytes)); }

// Polygon in the pixels of a plane `scale` times smaller than the picture.
std::vector<cv::Point> ToPixels(const PrivacyZone& zone, int w, int h) {
  std::vector<cv::Point> out;
  out.reserve(zone.points.size());
  for (const NormPoint& p : zone.points) {
    out.emplace_back(static_cast<int>(std::lround(p.x * w)), static_cast<int>(std::lround(p.y * h)));
  }
  return out;
}

void FillPlane(cv::Mat plane, const std::vector<PrivacyZone>& zones, uint8_t value) {
  std::vector<std::vector<cv::Point>> polys;
  for (const PrivacyZone& zone : zones) polys.push_back(ToPixels(zone, plane.cols, plane.rows));
  // Anti-aliasing off: every covered pixel gets exactly `value`, nothing of the original blends in.
  cv::fillPoly(plane, polys, cv::Scalar(value), cv::LINE_8);
}

void PixelateRect(cv::Mat plane, cv::Rect rect, int blocks, int min_block_px) {
  if (rect.width <= 0 || rect.height <= 0) return;
  cv::Mat roi = plane(rect);
  const int block = std::max(min_block_px, std::max(rect.width, rect.height) / std::max(1, blocks));
  const int small_w = std::max(1, (rect.width + block - 1) / block);
  const int small_h = std::max(1, (rect.height + block - 1) / block);
  cv::Mat small;
  cv::resize(roi, small, cv::Size(small_w, small_h), 0, 0, cv::INTER_AREA);
  cv::Mat big;
  cv::resize(small, big, roi.size(), 0, 0, cv::INTER_NEAREST);
  // Soften the block edges so the mosaic itself carries no shape.
  const int k = std::max(3, (block / 2) | 1);
  cv::blur(big, roi, cv::Size(k, k));
}

}  // namespace

PixelBox ClipBox(const PixelBox& box, int width, int height) {
  const int x0 = std::clamp(box.x, 0, width), y0 = std::clamp(box.y, 0, height);
  const int x1 = std::clamp(box.x + box.width, 0, width), y1 = std::clamp(box.y + box.height, 0, height);
  return {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

Masker::Masker(std::vector<PrivacyZone> zones, MaskStyle style) : zones_(std::move(zones)), style_(style) {}

void Masker::Apply(I420Frame& frame, const std::vector<PixelBox>& regions) const {
  for (const PixelBox& region : regions) Pixelate(frame, region);
  FillZones(frame);  // last, so nothing drawn by pixelation leaks into a zone
}

void Masker::FillZones(I420Frame& frame) const {
  if (zones_.empty()) return;
  FillPlane(Plane(frame.y, frame.width, frame.height), zones_, style_.zone_luma);
  FillPlane(Plane(frame.u, frame.ChromaWidth(), frame.ChromaHeight()), zones_, 128);
  FillPlane(Plane(frame.v, frame.ChromaWidth(), frame.ChromaHeight()), zones_, 128);
}

void Masker::FillZones(PlaneView y, PlaneView u, PlaneView v) const {
  if (zones_.empty() || y.data == nullptr || u.data == nullptr || v.data == nullptr) return;
  FillPlane(Plane(y), zones_, style_.zone_luma);
  FillPlane(Plane(u), zones_, 128);
  FillPlane(Plane(v), zones_, 128);
}

void Masker::Pixelate(I420Frame& frame, const PixelBox& region) const {
  // Round outwards to even coordinates so luma and chroma cover the same area.
  PixelBox even{region.x & ~1, region.y & ~1, region.width + (region.x & 1) + 1, region.height + (region.y & 1) + 1};
  const PixelBox b = ClipBox(even, frame.width, frame.height);
  if (b.width < 2 || b.height < 2) return;
  PixelateRect(Plane(frame.y, frame.width, frame.height), cv::Rect(b.x, b.y, b.width, b.height), style_.pixel_blocks,
               style_.min_block_px);
  const cv::Rect c(b.x / 2, b.y / 2, std::min(b.width / 2, frame.ChromaWidth() - b.x / 2),
                   std::min(b.height / 2, frame.ChromaHeight() - b.y / 2));
  const int chroma_min = std::max(2, style_.min_block_px / 2);
  PixelateRect(Plane(frame.u, frame.ChromaWidth(), frame.ChromaHeight()), c, style_.pixel_blocks, chroma_min);
  PixelateRect(Plane(frame.v, frame.ChromaWidth(), frame.ChromaHeight()), c, style_.pixel_blocks, chroma_min);
}

}  // namespace custos::privacy
