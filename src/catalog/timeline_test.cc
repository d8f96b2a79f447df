// Tests of MergeIntoRuns, independent of the database.
#include "catalog/timeline.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

RecordingSpan Span(int64_t id, int64_t start, std::optional<int64_t> end) {
  RecordingSpan s{id, WallTime90k{start}, std::nullopt};
  if (end) s.end_wall_90k = WallTime90k{*end};
  return s;
}

TEST(TimelineTest, EmptyGivesNoRuns) { EXPECT_TRUE(MergeIntoRuns({}, 100).empty()); }

TEST(TimelineTest, MergesWithinToleranceInStartOrder) {
  std::vector<TimelineRun> runs =
      MergeIntoRuns({Span(3, 250, 300), Span(1, 0, 100), Span(2, 110, 200), Span(4, 400, 500)}, 50);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0], (TimelineRun{WallTime90k{0}, WallTime90k{300}, false, 3, 1, 3}));
  EXPECT_EQ(runs[1], (TimelineRun{WallTime90k{400}, WallTime90k{500}, false, 1, 4, 4}));
}

TEST(TimelineTest, OverlapsMergeEvenWithZeroTolerance) {
  std::vector<TimelineRun> runs = MergeIntoRuns({Span(1, 0, 100), Span(2, 50, 80), Span(3, 100, 150)}, 0);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].end_wall_90k, WallTime90k{150});
  EXPECT_EQ(runs[0].recordings, 3);
}

TEST(TimelineTest, OpenSpanMakesItsRunOpen) {
  std::vector<TimelineRun> runs = MergeIntoRuns({Span(1, 0, 100), Span(2, 100, std::nullopt)}, 0);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_TRUE(runs[0].open);
  EXPECT_EQ(runs[0].end_wall_90k, WallTime90k{100});
  EXPECT_EQ(runs[0].last_recording_id, 2);
}

}  // namespace
}  // namespace custos
