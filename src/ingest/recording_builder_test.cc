#include "ingest/recording_builder.h"

#include <gtest/gtest.h>

#include "ingest/ingest_test_util.h"

#include "catalog/frame_index.h"

namespace custos {
namespace {

using testing::kFrame90k;

class FakeSink : public StorageSink {
 public:
  Status Submit(StorageJob job) override {
    if (refuse_appends && std::holds_alternative<AppendFragmentJob>(job)) return ResourceExhausted("full");
    jobs.push_back(std::move(job));
    return Status::Ok();
  }
  template <typename T>
  std::vector<T> All() const {
    std::vector<T> out;
    for (const auto& j : jobs) {
      if (const T* t = std::get_if<T>(&j)) out.push_back(*t);
    }
    return out;
  }
  std::vector<StorageJob> jobs;
  bool refuse_appends = false;
};

VideoParams Params(uint8_t tag = 0) { return testing::H264Params(tag); }

class BuilderTest : public ::testing::Test {
 protected:
  BuilderTest() : clock_(WallTime90k{int64_t{1795422600} * kTicksPerSecond90k}) {}

  // Feeds `n` frames at 25 fps, a key frame every `gop`, advancing the clock in step.
  void Feed(int n, int gop = 50, uint32_t generation = 1, bool advance = true) {
    for (int i = 0; i < n; ++i, ++frame_no_) {
      Frame f;
      f.timestamp_90k = ts_;
      f.is_key = frame_no_ % gop == 0;
      f.params_generation = generation;
      f.arrival_mono_ns = clock_.MonotonicNanos();
      f.data.assign(f.is_key ? 4000 : 1000, static_cast<uint8_t>(frame_no_));
      builder_.AddFrame(std::move(f), params_);
      ts_ += kFrame90k;
      if (advance) clock_.Advance(kFrame90k);
    }
  }

  FakeClock clock_;
  FakeSink sink_;
  VideoParams params_ = Params();
  RecordingBuilder builder_{"cam1", clock_, sink_};
  int64_t ts_ = 1'000'000;
  int frame_no_ = 0;
};

TEST_F(BuilderTest, WaitsForAKeyFrameBeforeOpening) {
  frame_no_ = 5;  // start mid-GOP: frames 5..49 precede the key frame at 50
  Feed(45);
  EXPECT_TRUE(sink_.All<OpenRecordingJob>().empty());
  EXPECT_EQ(builder_.stats().frames_dropped, 45u);
  Feed(1);
  ASSERT_EQ(sink_.All<OpenRecordingJob>().size(), 1u);
  EXPECT_EQ(sink_.All<OpenRecordingJob>()[0].open_reason, "start");
}

TEST_F(BuilderTest, RotatesAtTheFirstKeyFrameAfterAMinute) {
  Feed(25 * 60 + 60);  // 62.4 s with a key frame every 2 s
  auto opens = sink_.All<OpenRecordingJob>();
  auto closes = sink_.All<CloseRecordingJob>();
  ASSERT_EQ(opens.size(), 2u);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(opens[1].open_reason, "rotate");
  EXPECT_EQ(closes[0].media_duration_90k, 60 * kTicksPerSecond90k);
  EXPECT_EQ(closes[0].frames, 1500u);
  EXPECT_EQ(closes[0].key_frames, 30u);
  // Contiguous: the second recording starts exactly where the first ended.
  EXPECT_EQ(opens[1].start_wall, closes[0].end_wall);
  EXPECT_EQ(closes[0].end_wall.ticks_90k - opens[0].start_wall.ticks_90k, 60 * kTicksPerSecond90k);
}

TEST_F(BuilderTest, FragmentsAreAtMostOneSecondAndStartAtKeyFrames) {
  Feed(101);
  auto appends = sink_.All<AppendFragmentJob>();
  // 4 s of GOPs of 2 s: each GOP splits at 1 s, so 4 fragments flushed.
  ASSERT_EQ(appends.size(), 4u);
  // Fragments alternate: a key frame and 24 others, then 25 others.
  for (size_t i = 0; i < appends.size(); ++i) {
    EXPECT_EQ(appends[i].data.size(), i % 2 == 0 ? 4000u + 24 * 1000u : 25 * 1000u) << i;
  }
}

TEST_F(BuilderTest, FrameIndexOffsetsPointAtTheSampleBytes) {
  Feed(126);
  builder_.Finish("restart");
  auto open = sink_.All<OpenRecordingJob>().at(0);
  auto close = sink_.All<CloseRecordingJob>().at(0);
  Bytes file = open.init_segment;
  for (const auto& a : sink_.All<AppendFragmentJob>()) {
    file.insert(file.end(), a.header.begin(), a.header.end());
    file.insert(file.end(), a.data.begin(), a.data.end());
  }
  EXPECT_EQ(close.bytes, file.size());
  auto index = DecodeFrameIndex(close.frame_index);
  ASSERT_TRUE(index) << index.error().ToString();
  ASSERT_EQ(index->size(), 126u);
  uint64_t offset = 0;
  for (size_t i = 0; i < index->size(); ++i) {
    const auto& e = (*index)[i];
    if (e.starts_fragment) offset = e.data_offset;
    ASSERT_LE(offset + e.size_bytes, file.size());
    EXPECT_EQ(file[offset], static_cast<uint8_t>(i)) << "frame " << i;
    offset += e.size_bytes;
  }
}

TEST_F(BuilderTest, ShortLossStaysInsideTheRecording) {
  Feed(30);
  Frame lost;
  lost.timestamp_90k = ts_ + 5 * kFrame90k;  // five frames lost
  lost.loss_before = true;
  lost.params_generation = 1;
  lost.data.assign(1000, 0);
  builder_.AddFrame(lost, params_);  // not a key frame: dropped
  ts_ += 6 * kFrame90k;
  frame_no_ += 6;
  clock_.Advance(6 * kFrame90k);
  Feed(20);  // reaches the key frame at 50 and goes on
  EXPECT_EQ(sink_.All<OpenRecordingJob>().size(), 1u);
  EXPECT_GE(builder_.stats().frames_dropped, 14u);
  builder_.Finish("restart");
  auto close = sink_.All<CloseRecordingJob>().at(0);
  // The last frame before the loss lasts until the key frame: the media timeline is continuous.
  EXPECT_EQ(close.media_duration_90k, ts_ - 1'000'000);
}

TEST_F(BuilderTest, TimestampStepBackIsADiscontinuity) {
  Feed(60);
  ts_ -= 100 * kFrame90k;
  frame_no_ = 100;  // next is a key frame
  Feed(10);
  auto opens = sink_.All<OpenRecordingJob>();
  ASSERT_EQ(opens.size(), 2u);
  EXPECT_EQ(opens[1].open_reason, "discontinuity");
  EXPECT_EQ(builder_.stats().discontinuities, 1u);
}

TEST_F(BuilderTest, EqualTimestampsAreMergedIntoOnePicture) {
  Feed(10);
  // A camera that marks every slice: the second half of frame 10 arrives as its own frame.
  Frame half;
  half.timestamp_90k = ts_ - kFrame90k;
  half.params_generation = 1;
  half.data.assign(300, 0xEE);
  builder_.AddFrame(half, params_);
  Feed(50);
  builder_.Finish("restart");
  EXPECT_EQ(sink_.All<OpenRecordingJob>().size(), 1u) << "no discontinuity";
  EXPECT_EQ(builder_.stats().frames_merged, 1u);
  auto close = sink_.All<CloseRecordingJob>().at(0);
  EXPECT_EQ(close.frames, 60u);
  auto index = DecodeFrameIndex(close.frame_index);
  ASSERT_TRUE(index);
  EXPECT_EQ((*index)[9].size_bytes, 1000u + 300u);
}

TEST_F(BuilderTest, ParameterChangeStartsANewRecordingAtItsKeyFrame) {
  Feed(50);
  params_ = Params(7);
  Feed(10, 50, 2);
  auto opens = sink_.All<OpenRecordingJob>();
  ASSERT_EQ(opens.size(), 2u);
  EXPECT_EQ(opens[1].open_reason, "params_changed");
  EXPECT_EQ(opens[1].params, Params(7));
}

TEST_F(BuilderTest, RefusedFragmentEndsTheRecordingBeforeIt) {
  Feed(50);
  sink_.refuse_appends = true;
  Feed(25);
  sink_.refuse_appends = false;
  Feed(50);
  auto closes = sink_.All<CloseRecordingJob>();
  ASSERT_GE(closes.size(), 1u);
  auto index = DecodeFrameIndex(closes[0].frame_index);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->size(), closes[0].frames);
  uint64_t written = 0;
  for (const auto& a : sink_.All<AppendFragmentJob>()) {
    if (a.handle == closes[0].handle) written += a.header.size() + a.data.size();
  }
  EXPECT_EQ(closes[0].bytes, sink_.All<OpenRecordingJob>()[0].init_segment.size() + written);
  auto gaps = sink_.All<GapJob>();
  bool disk_gap = false;
  for (const auto& g : gaps) disk_gap |= g.reason == "overload";
  EXPECT_TRUE(disk_gap);
  EXPECT_EQ(sink_.All<OpenRecordingJob>().size(), 2u);  // resumed at the next key frame
}

TEST_F(BuilderTest, FinishOpensAGapThatTheNextRecordingCloses) {
  Feed(50);
  builder_.Finish("camera_offline", "connection refused");
  clock_.Advance(10 * kTicksPerSecond90k);
  ts_ += 10 * kTicksPerSecond90k;
  frame_no_ = 0;
  Feed(10);
  auto gaps = sink_.All<GapJob>();
  // [0] closes a gap left by an earlier run, [1] opens, [2] closes.
  ASSERT_EQ(gaps.size(), 3u);
  EXPECT_FALSE(gaps[1].close);
  EXPECT_EQ(gaps[1].reason, "camera_offline");
  EXPECT_TRUE(gaps[2].close);
  auto opens = sink_.All<OpenRecordingJob>();
  ASSERT_EQ(opens.size(), 2u);
  EXPECT_EQ(opens[1].open_reason, "reconnect");
  EXPECT_EQ(gaps[2].start_wall, opens[1].start_wall);
  EXPECT_GT(opens[1].start_wall.ticks_90k - gaps[1].start_wall.ticks_90k, 9 * kTicksPerSecond90k);
}

TEST_F(BuilderTest, WallTimeFollowsTheLocalClockWithinTheRateLimit) {
  // The camera's clock runs 300 ppm slow: our clock advances 1.0003 s per media second.
  for (int i = 0; i < 25 * 61; ++i, ++frame_no_) {
    Frame f;
    f.timestamp_90k = ts_;
    f.is_key = frame_no_ % 50 == 0;
    f.params_generation = 1;
    f.arrival_mono_ns = clock_.MonotonicNanos();
    f.data.assign(100, 1);
    builder_.AddFrame(std::move(f), params_);
    ts_ += kFrame90k;
    clock_.Advance(kFrame90k + (i % 10 == 0 ? 11 : 0));  // ≈ +300 ppm
  }
  auto close = sink_.All<CloseRecordingJob>().at(0);
  auto open = sink_.All<OpenRecordingJob>().at(0);
  const int64_t wall_90k = close.end_wall.ticks_90k - open.start_wall.ticks_90k;
  EXPECT_GT(wall_90k, close.media_duration_90k);
  EXPECT_LE(wall_90k - close.media_duration_90k, close.media_duration_90k * 500 / 1'000'000);
}

}  // namespace
}  // namespace custos
