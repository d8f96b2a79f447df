// Finds rectangles that look like vehicle plates without a trained model, to hide them
// (never to read them): dark-on-light or light-on-dark strokes (black-hat and top-hat),
// their vertical edges (Sobel x) closed with a wide kernel, and the blobs with a plate's
// shape and size. Searched at two scales. Tuned for recall: it also finds signs, text and
// some window frames, so the masked area is capped (`max_total_fraction`).
// Thread-safety: one owner thread (buffers are reused from call to call).
#pragma once

#include <vector>

#include <opencv2/core.hpp>

namespace custos::privacy {

struct PlateLocaliserOptions {
  int min_width_px = 24;             // in the searched picture (the detection copy)
  int min_height_px = 8;
  double min_aspect = 1.5;           // width / height; plates are 2:1 to 5:1, blur and tilt widen the range
  double max_aspect = 7.0;
  double min_fill = 0.45;            // blob area / its bounding box: a solid block of strokes
  double max_box_fraction = 0.04;    // one box covers at most this share of the picture
  double max_total_fraction = 0.10;  // all boxes together, the strongest first: never the whole picture
};

class PlateLocaliser {
 public:
  explicit PlateLocaliser(PlateLocaliserOptions options = {}) : options_(options) {}

  // `gray`: 8-bit single channel. Boxes in its pixels, strongest first, total area capped.
  std::vector<cv::Rect> Find(const cv::Mat& gray);

 private:
  struct Candidate {
    cv::Rect box;
    double strength = 0;  // mean closed edge response inside the box
  };
  void SearchLevel(const cv::Mat& gray, double scale, std::vector<Candidate>& out);
  std::vector<cv::Rect> Cap(std::vector<Candidate> candidates, const cv::Size& size) const;

  PlateLocaliserOptions options_;
  cv::Mat scaled_, blackhat_, tophat_, strokes_, edges16_, edges_, closed_, binary_;
};

}  // namespace custos::privacy
