#include "privacy/plate_localiser.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace custos::privacy {

namespace {

// Kernels in pixels of the searched level: a stroke kernel a little wider than a character,
// a closing kernel that joins the characters of a plate into one block.
const cv::Size kStrokeKernel(13, 5);
const cv::Size kCloseKernel(15, 5);
const double kLevels[] = {1.0, 0.5};  // plates up to ~190 px wide at 1.0, larger at 0.5

bool Contains(const cv::Rect& outer, const cv::Rect& inner) { return (outer & inner) == inner; }

}  // namespace

std::vector<cv::Rect> PlateLocaliser::Find(const cv::Mat& gray) {
  std::vector<Candidate> candidates;
  if (gray.empty()) return {};
  for (double scale : kLevels) {
    if (gray.cols * scale < options_.min_width_px * 2 || gray.rows * scale < options_.min_height_px * 2) break;
    SearchLevel(gray, scale, candidates);
  }
  return Cap(std::move(candidates), gray.size());
}

void PlateLocaliser::SearchLevel(const cv::Mat& gray, double scale, std::vector<Candidate>& out) {
  const cv::Mat* level = &gray;
  if (scale != 1.0) {
    cv::resize(gray, scaled_, cv::Size(), scale, scale, cv::INTER_AREA);
    level = &scaled_;
  }
  const cv::Mat stroke = cv::getStructuringElement(cv::MORPH_RECT, kStrokeKernel);
  cv::morphologyEx(*level, blackhat_, cv::MORPH_BLACKHAT, stroke);  // dark characters on a light plate
  cv::morphologyEx(*level, tophat_, cv::MORPH_TOPHAT, stroke);      // light characters on a dark plate
  cv::max(blackhat_, tophat_, strokes_);
  cv::Sobel(strokes_, edges16_, CV_16S, 1, 0, 3);  // vertical strokes: characters, not the car's horizontal lines
  cv::convertScaleAbs(edges16_, edges_);
  cv::GaussianBlur(edges_, edges_, cv::Size(5, 5), 0);
  cv::morphologyEx(edges_, closed_, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, kCloseKernel));
  cv::threshold(closed_, binary_, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::erode(binary_, binary_, cv::Mat());  // cuts thin bridges between a plate and the car's edges
  cv::dilate(binary_, binary_, cv::Mat());

  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(binary_, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double picture_px = static_cast<double>(level->cols) * level->rows;
  for (const auto& contour : contours) {
    const cv::Rect r = cv::boundingRect(contour);
    if (r.width < options_.min_width_px || r.height < options_.min_height_px) continue;
    const double aspect = static_cast<double>(r.width) / r.height;
    if (aspect < options_.min_aspect || aspect > options_.max_aspect) continue;
    if (r.area() > options_.max_box_fraction * picture_px) continue;
    if (cv::contourArea(contour) < options_.min_fill * r.area()) continue;
    const double strength = cv::mean(closed_(r))[0];
    const cv::Rect full(static_cast<int>(r.x / scale), static_cast<int>(r.y / scale),
                        static_cast<int>(r.width / scale), static_cast<int>(r.height / scale));
    out.push_back({full & cv::Rect(0, 0, static_cast<int>(level->cols / scale), static_cast<int>(level->rows / scale)),
                   strength});
  }
}

std::vector<cv::Rect> PlateLocaliser::Cap(std::vector<Candidate> candidates, const cv::Size& size) const {
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.strength > b.strength; });
  const double budget_px = options_.max_total_fraction * size.area();
  double used_px = 0;
  std::vector<cv::Rect> kept;
  for (const Candidate& c : candidates) {
    const bool covered = std::any_of(kept.begin(), kept.end(), [&](const cv::Rect& k) { return Contains(k, c.box); });
    if (covered) continue;
    if (used_px + c.box.area() > budget_px) continue;  // a smaller, weaker one may still fit
    used_px += c.box.area();
    kept.push_back(c.box);
  }
  return kept;
}

}  // namespace custos::privacy
