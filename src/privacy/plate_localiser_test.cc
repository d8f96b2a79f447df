// PlateLocaliser on drawn pictures: a plate-like block is found; a picture full of them is
// masked only up to the cap. FaceModel: a missing model file says how to install it.
#include "privacy/plate_localiser.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "privacy/face_model.h"

namespace custos::privacy {
namespace {

// A light 120 × 30 plate with seven dark character strokes, at (x, y).
void DrawPlate(cv::Mat& picture, int x, int y) {
  cv::rectangle(picture, cv::Rect(x, y, 120, 30), cv::Scalar(220), cv::FILLED);
  for (int i = 0; i < 7; ++i) cv::rectangle(picture, cv::Rect(x + 8 + 15 * i, y + 6, 6, 18), cv::Scalar(30), cv::FILLED);
}

double AreaShare(const std::vector<cv::Rect>& boxes, cv::Size size) {
  cv::Mat covered(size, CV_8UC1, cv::Scalar(0));
  for (const cv::Rect& b : boxes) covered(b & cv::Rect(cv::Point(), size)) = 255;
  return static_cast<double>(cv::countNonZero(covered)) / size.area();
}

TEST(PlateLocaliserTest, FindsAPlateOnAPlainBackground) {
  cv::Mat picture(540, 960, CV_8UC1, cv::Scalar(100));
  DrawPlate(picture, 400, 300);
  PlateLocaliser localiser;
  const std::vector<cv::Rect> boxes = localiser.Find(picture);
  const cv::Rect plate(400, 300, 120, 30);
  bool found = false;
  for (const cv::Rect& b : boxes) found = found || (b & plate).area() >= 0.8 * plate.area();
  EXPECT_TRUE(found);
  EXPECT_LT(AreaShare(boxes, picture.size()), 0.02) << "a plain background is not a plate";
}

TEST(PlateLocaliserTest, APictureFullOfPlatesIsMaskedOnlyUpToTheCap) {
  cv::Mat picture(540, 960, CV_8UC1, cv::Scalar(100));
  for (int y = 10; y + 30 < 540; y += 60)  // ~45 plates, ~30 % of the picture
    for (int x = 10; x + 120 < 960; x += 180) DrawPlate(picture, x, y);
  PlateLocaliserOptions options;
  PlateLocaliser localiser(options);
  const std::vector<cv::Rect> boxes = localiser.Find(picture);
  EXPECT_GT(boxes.size(), 3u);
  EXPECT_LE(AreaShare(boxes, picture.size()), options.max_total_fraction + 1e-9);
}

TEST(PlateLocaliserTest, EmptyPictureFindsNothing) {
  PlateLocaliser localiser;
  EXPECT_TRUE(localiser.Find(cv::Mat()).empty());
}

TEST(FaceModelTest, MissingModelSaysHowToInstallIt) {
  auto model = FaceModel::Load("/nonexistent/blazeface.onnx", 0.5);
  ASSERT_FALSE(model);
  EXPECT_NE(model.error().message().find("scripts/install-deps.sh"), std::string::npos) << model.error().ToString();
}

}  // namespace
}  // namespace custos::privacy
