// Detection recall on the labelled set in tests/privacy_data, and a masked export of a clip
// made from it, judged by decoding the output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "privacy/detector.h"
#include "privacy/pipeline.h"

namespace custos::privacy {
namespace {

namespace fs = std::filesystem;
const std::string kData = CUSTOS_PRIVACY_DATA;

struct Labelled {
  std::string file;
  std::vector<PixelBox> faces;
  std::vector<PixelBox> plates;
};

std::vector<PixelBox> Boxes(const nlohmann::json& list) {
  std::vector<PixelBox> out;
  for (const auto& b : list) out.push_back({b[0].get<int>(), b[1].get<int>(), b[2].get<int>(), b[3].get<int>()});
  return out;
}

std::vector<Labelled> LoadSet() {
  std::ifstream in(kData + "/annotations.json");
  nlohmann::json doc = nlohmann::json::parse(in);
  std::vector<Labelled> set;
  for (const auto& img : doc["images"]) set.push_back({img["file"], Boxes(img["faces"]), Boxes(img["plates"])});
  return set;
}

// Fraction of `truth` covered by `det`: what matters is whether the thing is hidden.
double Coverage(const PixelBox& truth, const PixelBox& det) {
  const int x0 = std::max(truth.x, det.x), y0 = std::max(truth.y, det.y);
  const int x1 = std::min(truth.x + truth.width, det.x + det.width);
  const int y1 = std::min(truth.y + truth.height, det.y + det.height);
  if (x1 <= x0 || y1 <= y0) return 0;
  return static_cast<double>(x1 - x0) * (y1 - y0) / (static_cast<double>(truth.width) * truth.height);
}

struct Score {
  int truth = 0, found = 0, false_positives = 0;
};

void ScoreKind(const std::vector<PixelBox>& truth, const std::vector<Detection>& dets, RegionKind kind, Score& s) {
  s.truth += static_cast<int>(truth.size());
  for (const PixelBox& t : truth) {
    for (const Detection& d : dets) {
      if (d.kind == kind && Coverage(t, d.box) >= 0.8) {
        ++s.found;
        break;
      }
    }
  }
  for (const Detection& d : dets) {
    if (d.kind != kind) continue;
    bool hits = false;
    for (const PixelBox& t : truth) hits = hits || Coverage(t, d.box) > 0 || Coverage(d.box, t) > 0;
    if (!hits) ++s.false_positives;
  }
}

TEST(PrivacyDataTest, RecallOnTheLabelledSet) {
  auto detector = Detector::Create();
  ASSERT_TRUE(detector) << detector.error().ToString();
  Score faces, plates;
  for (const Labelled& img : LoadSet()) {
    cv::Mat gray = cv::imread(kData + "/" + img.file, cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(gray.empty()) << img.file;
    const std::vector<Detection> dets = (*detector)->Detect(gray);
    Score f, p;
    ScoreKind(img.faces, dets, RegionKind::kFace, f);
    ScoreKind(img.plates, dets, RegionKind::kPlate, p);
    std::cout << img.file << ": faces " << f.found << "/" << f.truth << " (false positives " << f.false_positives
              << "), plates " << p.found << "/" << p.truth << " (false positives " << p.false_positives << ")\n";
    faces.truth += f.truth, faces.found += f.found, faces.false_positives += f.false_positives;
    plates.truth += p.truth, plates.found += p.found, plates.false_positives += p.false_positives;
  }
  std::cout << "recall: faces " << faces.found << "/" << faces.truth << ", plates " << plates.found << "/"
            << plates.truth << "; false positives: faces " << faces.false_positives << ", plates "
            << plates.false_positives << "\n";
  // Every labelled face must be found: a miss is the failure that matters.
  EXPECT_EQ(faces.found, faces.truth);
  // Plates: the Russian cascades miss the one (motion-blurred, US) plate of the set; the
  // recall is printed and reported in tests/privacy_data/README.md, not asserted.
  // Recall must not come from blurring everything: few false positives.
  EXPECT_LE(faces.false_positives + plates.false_positives, 4);
}

double Detail(const I420Frame& f, PixelBox b) {
  double sum = 0;
  int n = 0;
  for (int y = b.y; y < b.y + b.height; ++y) {
    for (int x = b.x + 1; x < b.x + b.width; ++x) {
      sum += std::abs(f.y[y * f.width + x] - f.y[y * f.width + x - 1]);
      ++n;
    }
  }
  return sum / n;
}

double MeanLuma(const I420Frame& f, PixelBox b) {
  double sum = 0;
  for (int y = b.y; y < b.y + b.height; ++y)
    for (int x = b.x; x < b.x + b.width; ++x) sum += f.y[y * f.width + x];
  return sum / (b.width * b.height);
}

std::vector<I420Frame> DecodeAll(const std::string& path) {
  auto source = OpenLibavSource(path);
  EXPECT_TRUE(source) << source.error().ToString();
  std::vector<I420Frame> frames;
  if (!source) return frames;
  StagedFrame f;
  while (true) {
    auto more = (*source)->Next(f);
    EXPECT_TRUE(more);
    if (!more || !*more) break;
    frames.push_back(f.frame);
  }
  return frames;
}

TEST(PrivacyDataTest, MaskedExportBlursAnnotatedRegionsAndFillsZones) {
  const fs::path dir = fs::temp_directory_path() / ("custos_privacy_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string clip = (dir / "clip.mp4").string(), out = (dir / "masked.mp4").string();
  // Two seconds at 25 fps of the astronaut photo, H.264 like a camera's.
  const std::string make = "ffmpeg -v error -y -loop 1 -i " + kData +
                           "/images/astronaut.png -t 2 -r 25 -pix_fmt yuv420p -c:v libx264 -preset ultrafast " + clip;
  ASSERT_EQ(std::system(make.c_str()), 0);

  MaskedExportOptions options;
  options.zones = {{"corner", {{0.0, 0.8}, {0.2, 0.8}, {0.2, 1.0}, {0.0, 1.0}}}};
  std::vector<double> seen;
  auto stats = MaskedExportFile(clip, out, options, [&](double p) { seen.push_back(p); });
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->frames, 50);
  EXPECT_EQ(stats->frames_with_regions, 50) << "the face must be masked in every frame";
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), 100);

  const std::string probe = "ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 " + out +
                            " > " + (dir / "probe.txt").string();
  ASSERT_EQ(std::system(probe.c_str()), 0);
  std::ifstream probe_in(dir / "probe.txt");
  std::string codec;
  probe_in >> codec;
  EXPECT_EQ(codec, "h264");

  const std::vector<I420Frame> before = DecodeAll(clip), after = DecodeAll(out);
  ASSERT_EQ(before.size(), 50u);
  ASSERT_EQ(after.size(), 50u);
  const PixelBox face = LoadSet()[0].faces[0];
  const PixelBox zone{4, 414, 94, 94};           // inside the corner zone (512 × 512)
  const PixelBox untouched{330, 100, 100, 100};  // the shuttle model: no face, no zone
  for (size_t i = 0; i < after.size(); i += 7) {
    EXPECT_LT(Detail(after[i], face), 0.35 * Detail(before[i], face)) << "frame " << i;
    EXPECT_NEAR(MeanLuma(after[i], zone), 16, 3) << "frame " << i;
    EXPECT_LT(Detail(after[i], zone), 1.0) << "frame " << i;
    EXPECT_GT(Detail(after[i], untouched), 0.7 * Detail(before[i], untouched)) << "frame " << i;
  }
  fs::remove_all(dir);
}

// Detection on its own thread must hide exactly what detection on the caller's thread hides.
TEST(PrivacyDataTest, DetectionOnItsOwnThreadMasksLikeInline) {
  cv::Mat face = cv::imread(kData + "/images/astronaut.png", cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(face.empty());
  auto frames = [&] {
    std::vector<StagedFrame> out;
    for (int i = 0; i < 16; ++i) {
      StagedFrame f;
      f.frame.Allocate(800, 600);
      std::fill(f.frame.y.begin(), f.frame.y.end(), uint8_t{90});
      cv::Mat luma(600, 800, CV_8UC1, f.frame.y.data());
      face.copyTo(luma(cv::Rect(20 + 8 * i, 40, face.cols, face.rows)));  // moves right
      f.pts = i * 3600;
      out.push_back(std::move(f));
    }
    return out;
  };
  const StageOptions options{.detect_every = 5, .tracker = {}};
  auto inline_detector = Detector::Create();
  ASSERT_TRUE(inline_detector) << inline_detector.error().ToString();
  MaskingStage inline_stage(inline_detector->get(), Masker(std::vector<PrivacyZone>{}), options);
  auto worker_detector = Detector::Create();
  ASSERT_TRUE(worker_detector);
  DetectionWorker worker(std::move(*worker_detector), 2);
  MaskingStage threaded_stage(worker, Masker(std::vector<PrivacyZone>{}), options);
  std::vector<StagedFrame> a, b;
  for (StagedFrame& f : frames()) inline_stage.Push(std::move(f), a);
  for (StagedFrame& f : frames()) threaded_stage.Push(std::move(f), b);
  inline_stage.Flush(a);
  threaded_stage.Flush(b);
  ASSERT_EQ(a.size(), 16u);
  ASSERT_EQ(b.size(), 16u);
  EXPECT_GT(inline_stage.detections(), 0);
  EXPECT_EQ(threaded_stage.detections(), inline_stage.detections());
  EXPECT_EQ(threaded_stage.frames_masked_by_detection(), 16);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].pts, a[i].pts);
    EXPECT_TRUE(b[i].frame.y == a[i].frame.y) << "frame " << i << " differs";
  }
}

// OpenCV throws on a picture it cannot scale (4000 × 1 scales to 0 rows): the worker turns
// that into an error for the export instead of terminating, and says what failed.
TEST(PrivacyDataTest, DetectionThatThrowsOnTheWorkerFailsTheStage) {
  auto detector = Detector::Create();
  ASSERT_TRUE(detector);
  DetectionWorker worker(std::move(*detector), 2);
  MaskingStage stage(worker, Masker(std::vector<PrivacyZone>{}), StageOptions{});
  std::vector<StagedFrame> ready;
  StagedFrame f;
  f.frame.Allocate(4000, 1);
  stage.Push(std::move(f), ready);
  stage.Flush(ready);
  ASSERT_FALSE(stage.status().ok());
  EXPECT_NE(stage.status().message().find("face and plate detection failed"), std::string::npos)
      << stage.status().ToString();
}

TEST(PrivacyDataTest, UnreadableInputSaysSoAndLeavesNoOutput) {
  const fs::path out = fs::temp_directory_path() / "custos_privacy_missing_out.mp4";
  auto stats = MaskedExportFile("/nonexistent/clip.mp4", out.string(), {});
  ASSERT_FALSE(stats);
  EXPECT_NE(stats.error().message().find("/nonexistent/clip.mp4"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace custos::privacy
