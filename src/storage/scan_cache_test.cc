#include "storage/scan_cache.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "mp4/test_util.h"
#include "storage/range_export.h"
#include "storage/recovery.h"

namespace custos {
namespace {

using mp4::testing::MakeTestFile;
using mp4::testing::TempDir;
using mp4::testing::TestFragments;
using mp4::testing::TestParams;
using mp4::testing::WriteFileOrDie;

void ExpectSameScan(const mp4::ScannedFile& a, const mp4::ScannedFile& b) {
  EXPECT_EQ(a.init_size, b.init_size);
  EXPECT_EQ(a.valid_bytes, b.valid_bytes);
  EXPECT_EQ(a.file_bytes, b.file_bytes);
  ASSERT_EQ(a.fragments.size(), b.fragments.size());
  for (size_t i = 0; i < a.fragments.size(); ++i) {
    EXPECT_EQ(a.fragments[i].data_offset, b.fragments[i].data_offset) << i;
    EXPECT_EQ(a.fragments[i].end_offset, b.fragments[i].end_offset) << i;
    EXPECT_EQ(a.fragments[i].samples, b.fragments[i].samples) << i;
  }
}

TEST(ScanCacheTest, HitsWhileUnchangedRescansWhenTheFileGrows) {
  TempDir dir;
  const std::string path = dir.File("r.mp4");
  const auto params = TestParams(VideoCodec::kH264);
  WriteFileOrDie(path, MakeTestFile(params, TestFragments(3, 25)).bytes);
  ScanCache cache(kDefaultScanCacheBytes);
  auto first = cache.Get(path);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  auto again = cache.Get(path);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(first->get(), again->get()) << "the second Get must come from the cache";
  EXPECT_EQ(cache.hits(), 1u);
  auto fresh = mp4::ScanFile(path);
  ASSERT_TRUE(fresh.has_value());
  ExpectSameScan(**again, *fresh);

  WriteFileOrDie(path, MakeTestFile(params, TestFragments(5, 25)).bytes);  // a recording still being written
  auto grown = cache.Get(path);
  ASSERT_TRUE(grown.has_value());
  EXPECT_EQ((*grown)->fragments.size(), 5u);
  EXPECT_EQ(cache.hits(), 1u);
}

TEST(ScanCacheTest, StaysWithinItsBudget) {
  TempDir dir;
  const auto file = MakeTestFile(TestParams(VideoCodec::kH264), TestFragments(4, 25));
  auto one = mp4::ScanBuffer(file.bytes);
  ASSERT_TRUE(one.has_value());
  const size_t charge = ScanCacheCharge(*one);
  ScanCache cache(charge * 2 + charge / 2);
  for (int i = 0; i < 5; ++i) {
    WriteFileOrDie(dir.File(std::to_string(i)), file.bytes);
    ASSERT_TRUE(cache.Get(dir.File(std::to_string(i))).has_value());
  }
  EXPECT_EQ(cache.entries(), 2u);
  EXPECT_LE(cache.used_bytes(), charge * 2 + charge / 2);
  EXPECT_TRUE(cache.Get(dir.File("4")).has_value());
  EXPECT_EQ(cache.hits(), 1u) << "the most recent file stays";
}

// Three contiguous recordings; a range across all of them planned with a fresh scan,
// then twice through the cache (the second time entirely from it), gives the same plan.
TEST(ScanCacheTest, CachedPlanEqualsAFreshScanAcrossRecordings) {
  TempDir dir;
  auto catalog = Catalog::Open(dir.File("catalog.db"));
  ASSERT_TRUE(catalog.has_value()) << catalog.error().ToString();
  Catalog& cat = **catalog;
  CameraConfig camera;
  camera.id = "cam";
  camera.url = "rtsp://127.0.0.1/x";
  ASSERT_TRUE(cat.AddCamera(camera).ok());
  const auto params = TestParams(VideoCodec::kH264);
  auto params_id = cat.UpsertVideoParams(params);
  ASSERT_TRUE(params_id.has_value()) << params_id.error().ToString();
  const WallTime90k t0{SecondsTo90k(1.8e9)};
  for (int i = 0; i < 3; ++i) {
    const WallTime90k start{t0.ticks_90k + i * SecondsTo90k(4)};
    const std::string name = "r" + std::to_string(i) + ".mp4";
    WriteFileOrDie(dir.File(name), MakeTestFile(params, TestFragments(4, 25, 0, start)).bytes);
    NewRecording rec;
    rec.camera_id = "cam";
    rec.file_path = name;
    rec.start_wall_90k = start;
    rec.video_params_id = *params_id;
    auto id = cat.InsertRecording(rec);
    ASSERT_TRUE(id.has_value()) << id.error().ToString();
    auto scan = mp4::ScanFile(dir.File(name));
    ASSERT_TRUE(scan.has_value());
    ASSERT_TRUE(cat.FinishRecording(*id, SummaryFromScan(*scan, start, RecordingState::kComplete)).ok());
  }
  const WallTime90k from{t0.ticks_90k + SecondsTo90k(1.3)};
  const WallTime90k to{t0.ticks_90k + SecondsTo90k(10.7)};
  auto fresh = PlanRangeExport(cat, dir.path(), "cam", from, to, nullptr);
  ASSERT_TRUE(fresh.has_value()) << fresh.error().ToString();
  EXPECT_EQ(fresh->recordings, 3);
  ScanCache cache(kDefaultScanCacheBytes);
  for (int pass = 0; pass < 2; ++pass) {
    auto cached = PlanRangeExport(cat, dir.path(), "cam", from, to, &cache);
    ASSERT_TRUE(cached.has_value()) << cached.error().ToString();
    EXPECT_EQ(cached->start_wall.ticks_90k, fresh->start_wall.ticks_90k);
    EXPECT_EQ(cached->end_wall.ticks_90k, fresh->end_wall.ticks_90k);
    EXPECT_EQ(cached->recording_ids, fresh->recording_ids);
    const auto& a = cached->plan;
    const auto& b = fresh->plan;
    EXPECT_EQ(a.total_bytes, b.total_bytes);
    EXPECT_EQ(a.files, b.files);
    ASSERT_EQ(a.parts.size(), b.parts.size());
    for (size_t i = 0; i < a.parts.size(); ++i) {
      EXPECT_EQ(a.parts[i].output_offset, b.parts[i].output_offset) << i;
      EXPECT_EQ(a.parts[i].length_bytes, b.parts[i].length_bytes) << i;
      EXPECT_EQ(a.parts[i].is_copy, b.parts[i].is_copy) << i;
      EXPECT_EQ(a.parts[i].generated, b.parts[i].generated) << i;
      EXPECT_EQ(a.parts[i].file_index, b.parts[i].file_index) << i;
      EXPECT_EQ(a.parts[i].file_offset, b.parts[i].file_offset) << i;
    }
  }
  EXPECT_EQ(cache.hits(), 3u) << "the second plan reads no fragment header";
}

}  // namespace
}  // namespace custos
