// Finds faces and vehicle plates in a picture so that they can be hidden. Nothing more: no
// recognition, no identity, no attributes; a box and what kind of thing it covers.
// Haar cascades from Debian's opencv-data plus a model-free plate localiser (plate_localiser.h;
// the Russian plate cascades alone miss most other plates), tuned for recall (a missed face is
// the failure that matters; a blurred patch of wall is harmless).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "base/status.h"
#include "privacy/face_model.h"
#include "privacy/frame.h"
#include "privacy/plate_localiser.h"

namespace custos::privacy {

enum class RegionKind { kFace, kPlate };

struct Detection {
  RegionKind kind = RegionKind::kFace;
  PixelBox box;  // in the full picture's pixels, already enlarged by the margin
};

struct DetectorOptions {
  std::string cascade_dir = "/usr/share/opencv4/haarcascades";
  int max_width_px = 960;         // detection runs on a copy scaled down to at most this width
  double scale_step = 1.08;       // small steps miss fewer sizes
  int face_min_neighbours = 2;    // low: recall over precision
  int plate_min_neighbours = 2;
  int min_face_px = 18;           // in the scaled copy
  double margin = 0.25;           // each side grows by this fraction of the box
  // BlazeFace (face_model.h), added to the cascades' faces when the file exists; empty: never.
  std::string face_model_path = kDefaultFaceModelPath;
  double face_model_min_score = 0.5;
  bool faces = true;
  bool plates = true;
  bool plate_localiser = true;    // with plates: adds PlateLocaliser's boxes to the cascades'
  // The Haar cascades (most of the cost): off leaves faces to the face model and plates to
  // the localiser, the fast profile (docs/design/privacy.md has the recall of each).
  bool face_cascades = true;
  bool plate_cascades = true;
  PlateLocaliserOptions localiser;
};

// Thread-safety: one owner thread (DetectionWorker runs it on a thread of its own).
class Detector {
 public:
  // Loads the cascades; says which file is missing and which package ships it.
  static Result<std::unique_ptr<Detector>> Create(const DetectorOptions& options = {});
  ~Detector();

  // `picture`: 8-bit grey (the luma plane works) or BGR. The cascades and the plate search
  // see grey; the face model sees colour when it is given (a BGR picture or an I420Frame).
  std::vector<Detection> Detect(const cv::Mat& picture);
  std::vector<Detection> Detect(const I420Frame& frame);

  // Whether the BlazeFace model was found and loaded (otherwise the cascades alone look).
  bool has_face_model() const { return face_model_ != nullptr; }

 private:
  struct Cascades;
  Detector(DetectorOptions options, std::unique_ptr<Cascades> cascades, std::unique_ptr<FaceModel> face_model);
  DetectorOptions options_;
  std::unique_ptr<Cascades> cascades_;
  std::unique_ptr<FaceModel> face_model_;
  PlateLocaliser localiser_;
  cv::Size ScaledSize(cv::Size full) const;  // the detection copy's size
  // `colour_small`: BGR at ScaledSize, or empty (the face model then sees grey).
  std::vector<Detection> Search(const cv::Mat& gray, const cv::Mat& colour_small);
  cv::Mat small_, equalized_, mirrored_, gray_, colour_, i420_;  // reused from call to call: no allocation per picture
};

// Intersection over union of two boxes, 0..1.
double Iou(const PixelBox& a, const PixelBox& b);

}  // namespace custos::privacy
