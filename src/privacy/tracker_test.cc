#include "privacy/tracker.h"

#include <gtest/gtest.h>

#include "privacy/masking_stage.h"

namespace custos::privacy {
namespace {

Detection Face(int x, int y) { return {RegionKind::kFace, {x, y, 40, 40}}; }

TEST(TrackerTest, HoldsBeforeAndAfterDetections) {
  Tracker t({.lead_frames = 3, .hold_frames = 5, .match_iou = 0.1});
  t.AddDetections(10, {Face(100, 100)});
  EXPECT_TRUE(t.BoxesAt(6).empty());
  EXPECT_EQ(t.BoxesAt(7).size(), 1u);   // lead
  EXPECT_EQ(t.BoxesAt(15).size(), 1u);  // hold
  EXPECT_TRUE(t.BoxesAt(16).empty());
}

TEST(TrackerTest, InterpolatesBetweenDetectionsAndCoversBothEnds) {
  Tracker t({.lead_frames = 3, .hold_frames = 5, .match_iou = 0.1});
  t.AddDetections(0, {Face(100, 100)});
  t.AddDetections(4, {Face(120, 100)});
  EXPECT_EQ(t.track_count(), 1u);
  auto mid = t.BoxesAt(2);
  ASSERT_EQ(mid.size(), 1u);
  EXPECT_LE(mid[0].x, 110);
  EXPECT_GE(mid[0].x + mid[0].width, 150);
}

TEST(TrackerTest, MissedDetectionsInsideTheHoldDoNotDropTheMask) {
  Tracker t({.lead_frames = 3, .hold_frames = 8, .match_iou = 0.1});
  for (int f = 0; f < 60; f += 3) {
    // The detector misses the face on every third attempt.
    if (f % 9 != 6) t.AddDetections(f, {Face(100 + f, 100)});
    else t.AddDetections(f, {});
  }
  for (int f = 0; f < 55; ++f) {
    ASSERT_EQ(t.BoxesAt(f).size(), 1u) << "frame " << f;
    t.Forget(f);
  }
}

TEST(TrackerTest, SeparateRegionsStaySeparateAndMergedDuplicatesCountOnce) {
  Tracker t;
  t.AddDetections(0, {Face(0, 0), Face(5, 5), Face(300, 300)});
  EXPECT_EQ(t.track_count(), 2u);
}

TEST(MaskingStageTest, DelaysByTheLeadAndKeepsOrder) {
  MaskingStage stage(nullptr, Masker(std::vector<PrivacyZone>{}), {.detect_every = 3, .tracker = {.lead_frames = 4}});
  std::vector<StagedFrame> ready;
  for (int i = 0; i < 10; ++i) {
    StagedFrame f;
    f.frame.Allocate(16, 16);
    f.pts = i * 3600;
    stage.Push(std::move(f), ready);
  }
  EXPECT_EQ(ready.size(), 6u);
  stage.Flush(ready);
  ASSERT_EQ(ready.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(ready[i].pts, i * 3600);
}

}  // namespace
}  // namespace custos::privacy
