// Tests of the frame index: round trips, size, corruption and the seek helper.
#include "catalog/frame_index.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace custos {
namespace {

// A valid index with random fields, including extremes; data offsets of frames that do
// not start a fragment are 0, as DecodeFrameIndex returns them.
std::vector<FrameIndexEntry> RandomIndex(std::mt19937_64& rng, size_t frames) {
  std::uniform_int_distribution<uint32_t> any32;
  std::uniform_int_distribution<int> pick(0, 9);
  std::vector<FrameIndexEntry> entries(frames);
  uint64_t data_end = rng() >> 24;  // up to 2^40
  for (size_t i = 0; i < frames; ++i) {
    FrameIndexEntry& e = entries[i];
    const int p = pick(rng);
    e.duration_90k = p == 0 ? 0 : p == 1 ? std::numeric_limits<uint32_t>::max() : any32(rng) % 10000;
    e.size_bytes = p == 2 ? std::numeric_limits<uint32_t>::max() : any32(rng) % 300000;
    e.is_key = pick(rng) < 2;
    e.starts_fragment = i == 0 || pick(rng) < 3;
    if (e.starts_fragment) {
      e.data_offset = data_end + (pick(rng) < 5 ? 0 : any32(rng));
      data_end = e.data_offset;
    }
    data_end += e.size_bytes;
  }
  return entries;
}

TEST(FrameIndexTest, EmptyRoundTrips) {
  Bytes blob = EncodeFrameIndex({});
  EXPECT_EQ(blob, (Bytes{0x01, 0x00}));
  Result<std::vector<FrameIndexEntry>> decoded = DecodeFrameIndex(blob);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->empty());
}

TEST(FrameIndexTest, RandomIndexesRoundTrip) {
  std::mt19937_64 rng(20261123);
  for (int trial = 0; trial < 200; ++trial) {
    const std::vector<FrameIndexEntry> entries = RandomIndex(rng, rng() % 2000);
    ASSERT_TRUE(CheckFrameIndex(entries).ok());
    Result<std::vector<FrameIndexEntry>> decoded = DecodeFrameIndex(EncodeFrameIndex(entries));
    ASSERT_TRUE(decoded) << "trial " << trial << ": " << decoded.error().ToString();
    ASSERT_EQ(*decoded, entries) << "trial " << trial;
  }
}

TEST(FrameIndexTest, OffsetsOfFramesInsideAFragmentAreNotStored) {
  std::vector<FrameIndexEntry> entries(2);
  entries[0] = {3600, 100, true, true, 5000};
  entries[1] = {3600, 50, false, false, 123456};
  Result<std::vector<FrameIndexEntry>> decoded = DecodeFrameIndex(EncodeFrameIndex(entries));
  ASSERT_TRUE(decoded);
  EXPECT_EQ((*decoded)[1].data_offset, 0u);
  EXPECT_EQ(FrameDataOffsets(*decoded), (std::vector<uint64_t>{5000, 5100}));
}

// One minute at 25 fps, 2 s GOP, a fragment per second, sizes a random walk around
// realistic 4 Mbit/s values, timestamps with occasional one-tick jitter.
TEST(FrameIndexTest, AboutThreeToFourBytesPerFrameAtTwentyFiveFps) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> step(0, 1500);
  std::uniform_int_distribution<int> jitter(0, 19);
  std::vector<FrameIndexEntry> entries;
  double p_size = 18000, key_size = 120000;
  uint64_t offset = 1200;
  for (int i = 0; i < 1500; ++i) {
    FrameIndexEntry e;
    const int j = jitter(rng);
    e.duration_90k = j == 0 ? 3599 : j == 1 ? 3601 : 3600;
    e.is_key = i % 50 == 0;
    double& size = e.is_key ? key_size : p_size;
    size = std::max(1000.0, size + step(rng) * (e.is_key ? 4 : 1));
    e.size_bytes = static_cast<uint32_t>(size);
    e.starts_fragment = i % 25 == 0;
    if (e.starts_fragment) {
      offset += i == 0 ? 0 : 180;
      e.data_offset = offset;
    }
    offset += e.size_bytes;
    entries.push_back(e);
  }
  const Bytes blob = EncodeFrameIndex(entries);
  const double per_frame = static_cast<double>(blob.size()) / entries.size();
  ::testing::Test::RecordProperty("bytes_per_frame", std::to_string(per_frame));
  EXPECT_LE(per_frame, 4.0) << blob.size() << " bytes for " << entries.size() << " frames";
  EXPECT_EQ(*DecodeFrameIndex(blob), entries);
}

TEST(FrameIndexTest, MalformedBlobsAreDataLoss) {
  auto expect_data_loss = [](const Bytes& blob, const char* what) {
    Result<std::vector<FrameIndexEntry>> r = DecodeFrameIndex(blob);
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.error().code(), StatusCode::kDataLoss) << what;
  };
  expect_data_loss({}, "empty");
  expect_data_loss({0x02, 0x00}, "unknown version");
  expect_data_loss({0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, "huge count");
  expect_data_loss({0x01, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00}, "overlong");
  expect_data_loss({0x01, 0x01, 0x03, 0x02, 0x00, 0x00}, "trailing byte");
  expect_data_loss({0x01, 0x01, 0x02, 0x00}, "first frame without a fragment");
  expect_data_loss({0x01, 0x01, 0x03, 0x01}, "negative size");

  std::mt19937_64 rng(1);
  const Bytes valid = EncodeFrameIndex(RandomIndex(rng, 100));
  for (size_t n = 0; n < valid.size(); ++n) {
    expect_data_loss(Bytes(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(n)), "truncated");
  }
}

TEST(FrameIndexTest, RandomGarbageNeverCrashes) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 20000; ++trial) {
    Bytes blob(rng() % 64);
    for (uint8_t& b : blob) b = static_cast<uint8_t>(rng());
    if (!blob.empty() && trial % 2 == 0) blob[0] = 0x01;
    Result<std::vector<FrameIndexEntry>> r = DecodeFrameIndex(blob);
    if (r) {
      EXPECT_TRUE(CheckFrameIndex(*r).ok());
    } else {
      EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
    }
  }
}

TEST(FrameIndexTest, CheckRejectsOverlappingFragments) {
  std::vector<FrameIndexEntry> entries(2);
  entries[0] = {3600, 100, true, true, 1000};
  entries[1] = {3600, 100, false, true, 1050};  // inside frame 0's data
  EXPECT_EQ(CheckFrameIndex(entries).code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(DecodeFrameIndex(EncodeFrameIndex(entries)));
  entries[1].data_offset = 1100;  // right after it
  EXPECT_TRUE(CheckFrameIndex(entries).ok());
}

TEST(FrameIndexTest, FindsTheKeyFrameAtOrBefore) {
  // Frames of 3600 ticks; key frames at 0 and 3; fragments at 0 (offset 1000) and 3 (5000).
  std::vector<FrameIndexEntry> e(6);
  for (auto& f : e) f = {3600, 100, false, false, 0};
  e[0] = {3600, 400, true, true, 1000};
  e[3] = {3600, 400, true, true, 5000};

  auto at = [&](int64_t offset_90k) { return FindKeyFrameAtOrBefore(e, offset_90k); };
  EXPECT_FALSE(at(-1));
  ASSERT_TRUE(at(0));
  EXPECT_EQ(at(0)->frame, 0u);
  EXPECT_EQ(at(0)->data_offset, 1000u);
  EXPECT_EQ(at(3 * 3600 - 1)->frame, 0u);
  EXPECT_EQ(at(3 * 3600)->frame, 3u);  // exactly at a key frame
  EXPECT_EQ(at(3 * 3600)->start_90k, 3 * 3600);
  EXPECT_EQ(at(3 * 3600)->data_offset, 5000u);
  EXPECT_EQ(at(1'000'000)->frame, 3u);  // past the end: the last key frame

  e[0].is_key = false;  // a recording that does not begin with a key frame
  EXPECT_FALSE(at(3600));
  EXPECT_EQ(at(4 * 3600)->frame, 3u);
  EXPECT_FALSE(FindKeyFrameAtOrBefore({}, 0));
}

TEST(FrameIndexTest, DataOffsetsFollowFragments) {
  std::vector<FrameIndexEntry> e(4);
  e[0] = {3600, 10, true, true, 100};
  e[1] = {3600, 20, false, false, 0};
  e[2] = {3600, 30, false, true, 500};
  e[3] = {3600, 40, false, false, 0};
  EXPECT_EQ(FrameDataOffsets(e), (std::vector<uint64_t>{100, 110, 500, 530}));
}

}  // namespace
}  // namespace custos
