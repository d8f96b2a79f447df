// Detection recall on the labelled set in tests/privacy_data, and a masked export of a clip
// made from it, judged by decoding the output.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

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
  // Labelled boxes that no detector here finds yet, each with the reason in
  // annotations.json ("known_misses"): counted in recall like every box, but the test fails
  // on any other miss, and also when a known miss starts to be found (then take it off the
  // list, so the list never hides a regression).
  std::vector<PixelBox> known_misses;
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
  for (const auto& img : doc["images"]) {
    Labelled l{img["file"], Boxes(img["faces"]), Boxes(img["plates"]), {}};
    if (img.contains("known_misses")) {
      for (const auto& m : img["known_misses"]) l.known_misses.push_back(Boxes(nlohmann::json::array({m["box"]}))[0]);
    }
    set.push_back(std::move(l));
  }
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

// Below the detector's documented minimum (DetectorOptions::min_face_px, the plate
// search's 24 × 8): labelled and counted, printed, but a miss there does not fail the test.
bool BelowMinimum(const PixelBox& b, RegionKind kind) {
  return kind == RegionKind::kFace ? std::min(b.width, b.height) < 18 : b.width < 24 || b.height < 8;
}

struct Score {
  int truth = 0, found = 0, false_positives = 0;
  int small_truth = 0, small_found = 0;  // of which below the minimum size
  int unexpected_misses = 0;   // missed, at or above the minimum, not a known miss
  int known_misses_found = 0;  // a known miss found after all
  void Add(const Score& o) {
    truth += o.truth, found += o.found, false_positives += o.false_positives;
    small_truth += o.small_truth, small_found += o.small_found;
    unexpected_misses += o.unexpected_misses, known_misses_found += o.known_misses_found;
  }
};

bool SameBox(const PixelBox& a, const PixelBox& b) {
  return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
}

void ScoreKind(const std::vector<PixelBox>& truth, const std::vector<PixelBox>& known_misses,
               const std::vector<Detection>& dets, RegionKind kind, Score& s) {
  for (const PixelBox& t : truth) {
    const bool small = BelowMinimum(t, kind);
    bool found = false;
    for (const Detection& d : dets) found = found || (d.kind == kind && Coverage(t, d.box) >= 0.8);
    (small ? s.small_truth : s.truth) += 1;
    (small ? s.small_found : s.found) += found ? 1 : 0;
    const bool known = std::any_of(known_misses.begin(), known_misses.end(), [&](const PixelBox& k) { return SameBox(k, t); });
    if (!small && !found && !known) ++s.unexpected_misses;
    if (found && known) ++s.known_misses_found;
  }
  for (const Detection& d : dets) {
    if (d.kind != kind) continue;
    bool hits = false;
    for (const PixelBox& t : truth) hits = hits || Coverage(t, d.box) > 0 || Coverage(d.box, t) > 0;
    if (!hits) ++s.false_positives;
  }
}

// Share of the picture inside at least one box of `kind` (each pixel once), in percent.
int MaskedPercent(const std::vector<Detection>& dets, RegionKind kind, cv::Size size) {
  cv::Mat covered(size, CV_8UC1, cv::Scalar(0));
  for (const Detection& d : dets) {
    if (d.kind != kind) continue;
    covered(cv::Rect(d.box.x, d.box.y, d.box.width, d.box.height) & cv::Rect(0, 0, size.width, size.height)) = 255;
  }
  return static_cast<int>(100.0 * cv::countNonZero(covered) / size.area());
}

// Runs `detector` over the set, prints per image and in total, returns faces and plates.
std::pair<Score, Score> RunSet(Detector& detector, const std::string& name) {
  Score faces, plates;
  double total_ms = 0;
  for (const Labelled& img : LoadSet()) {
    const cv::Mat picture = cv::imread(kData + "/" + img.file, cv::IMREAD_COLOR);
    EXPECT_FALSE(picture.empty()) << img.file;
    if (picture.empty()) continue;
    const auto start = std::chrono::steady_clock::now();
    const std::vector<Detection> dets = detector.Detect(picture);
    total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    Score f, p;
    ScoreKind(img.faces, img.known_misses, dets, RegionKind::kFace, f);
    ScoreKind(img.plates, img.known_misses, dets, RegionKind::kPlate, p);
    const int plate_percent = MaskedPercent(dets, RegionKind::kPlate, picture.size());
    std::cout << name << " " << img.file << ": faces " << f.found << "/" << f.truth << " (below minimum "
              << f.small_found << "/" << f.small_truth << ", false positives " << f.false_positives << "), plates "
              << p.found << "/" << p.truth << " (below minimum " << p.small_found << "/" << p.small_truth
              << ", false positives " << p.false_positives << ", " << plate_percent << " % of the picture)\n";
    // The plate search's cap (10 % before the margin) must hold: recall must not come from
    // masking everything.
    EXPECT_LE(plate_percent, 25) << img.file;
    faces.Add(f);
    plates.Add(p);
  }
  std::cout << name << " recall: faces " << faces.found << "/" << faces.truth << ", plates " << plates.found << "/"
            << plates.truth << "; below minimum size: faces " << faces.small_found << "/" << faces.small_truth
            << ", plates " << plates.small_found << "/" << plates.small_truth << "; false positives: faces "
            << faces.false_positives << ", plates " << plates.false_positives << "; " << total_ms
            << " ms for the set\n";
  return {faces, plates};
}

TEST(PrivacyDataTest, FastDetectionWithoutTheFaceModelIsRefused) {
  DetectorOptions o;
  o.face_cascades = false;
  o.face_model_path = "/nonexistent/blazeface.onnx";
  auto d = Detector::Create(o);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message().find("install-deps.sh"), std::string::npos) << d.error().ToString();
}

TEST(PrivacyDataTest, RecallOnTheLabelledSet) {
  // Before (printed only): the Haar cascades alone, as until 2026-12.
  DetectorOptions cascades_only;
  cascades_only.face_model_path.clear();
  cascades_only.plate_localiser = false;
  auto before = Detector::Create(cascades_only);
  ASSERT_TRUE(before) << before.error().ToString();
  RunSet(**before, "cascades-only");

  // The fast detection (`export --fast-detection`): BlazeFace and the plate localiser, no
  // cascades. It is offered because it meets the same bar on this set; it must keep doing so.
  DetectorOptions models_only;
  models_only.face_cascades = false;
  models_only.plate_cascades = false;
  auto fast = Detector::Create(models_only);
  ASSERT_TRUE(fast) << fast.error().ToString();
  const auto [fast_faces, fast_plates] = RunSet(**fast, "no-cascades");
  EXPECT_EQ(fast_faces.unexpected_misses, 0) << "the fast detection misses a face the set has";
  EXPECT_EQ(fast_plates.unexpected_misses, 0) << "the fast detection misses a plate the set has";

  auto detector = Detector::Create();
  ASSERT_TRUE(detector) << detector.error().ToString();
  ASSERT_TRUE((*detector)->has_face_model()) << kDefaultFaceModelPath << " is missing: run scripts/install-deps.sh";
  const auto [faces, plates] = RunSet(**detector, "default");
  // Every labelled face and plate at or above the minimum size must be found, but for the
  // known misses of annotations.json (each with its reason; recall above counts them as
  // missed): a new miss is the failure that matters. A known miss that is now found fails
  // too, until it is taken off the list. False positives are printed and reported in
  // tests/privacy_data/README.md.
  EXPECT_EQ(faces.unexpected_misses, 0);
  EXPECT_EQ(plates.unexpected_misses, 0);
  EXPECT_EQ(faces.known_misses_found + plates.known_misses_found, 0)
      << "a known miss is found now: take it off known_misses in annotations.json";
}

// Cost of each search on a 1080p picture (the motion-blurred car scaled up), printed, not
// asserted; the plate must still be found at that size.
TEST(PrivacyDataTest, CostOfEachSearchPer1080pPicture) {
  cv::Mat car = cv::imread(kData + "/images/licenseplate_motion.jpg", cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(car.empty());
  cv::Mat full, small;
  cv::resize(car, full, cv::Size(1920, 1080));
  cv::resize(full, small, cv::Size(960, 540), 0, 0, cv::INTER_AREA);  // Detector's detection copy
  const PixelBox plate = LoadSet()[2].plates[0];
  const cv::Rect truth(plate.x * 960 / car.cols, plate.y * 540 / car.rows, plate.width * 960 / car.cols,
                       plate.height * 540 / car.rows);
  auto time_ms = [](const std::function<void()>& run) {
    constexpr int kRuns = 5;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRuns; ++i) run();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / kRuns;
  };
  PlateLocaliser localiser;
  std::vector<cv::Rect> plates;
  const double localiser_ms = time_ms([&] { plates = localiser.Find(small); });
  EXPECT_TRUE(std::any_of(plates.begin(), plates.end(), [&](const cv::Rect& r) {
    return (r & truth).area() >= 0.8 * truth.area();
  })) << "the plate scaled to 1080p is not found";
  DetectorOptions cascades_only;
  cascades_only.face_model_path.clear();
  cascades_only.plate_localiser = false;
  auto cascades = Detector::Create(cascades_only);
  ASSERT_TRUE(cascades);
  const double cascades_ms = time_ms([&] { (*cascades)->Detect(full); });
  std::cout << "per 1080p picture: plate localiser " << localiser_ms << " ms, cascades (faces and plates) "
            << cascades_ms << " ms";
  auto model = FaceModel::Load(kDefaultFaceModelPath, 0.5);
  if (model) std::cout << ", BlazeFace (whole + tiles) " << time_ms([&] { (*model)->Find(small); }) << " ms";
  std::cout << "\n";
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

// The same for a plate: a clip of the motion-blurred car; the labelled plate is blurred in
// every frame (found by the plate localiser; the Haar cascades miss it).
TEST(PrivacyDataTest, MaskedExportBlursTheAnnotatedPlate) {
  const fs::path dir = fs::temp_directory_path() / ("custos_privacy_plate_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string clip = (dir / "clip.mp4").string(), out = (dir / "masked.mp4").string();
  const std::string make = "ffmpeg -v error -y -loop 1 -i " + kData +
                           "/images/licenseplate_motion.jpg -t 1 -r 25 -pix_fmt yuv420p -c:v libx264 -preset ultrafast " +
                           clip;
  ASSERT_EQ(std::system(make.c_str()), 0);
  auto stats = MaskedExportFile(clip, out, MaskedExportOptions{}, [](double) {});
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->frames_with_regions, stats->frames) << "the plate must be masked in every frame";
  const std::vector<I420Frame> before = DecodeAll(clip), after = DecodeAll(out);
  ASSERT_EQ(before.size(), 25u);
  ASSERT_EQ(after.size(), 25u);
  const PixelBox plate = LoadSet()[2].plates[0];
  ASSERT_EQ(LoadSet()[2].file, "images/licenseplate_motion.jpg");
  for (size_t i = 0; i < after.size(); i += 6) {
    EXPECT_LT(Detail(after[i], plate), 0.35 * Detail(before[i], plate)) << "frame " << i;
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
