// timeline.h: merging a camera's recordings into continuous runs for a timeline view.
//
// Independent of the database: Catalog::Timeline reads the spans and calls MergeIntoRuns.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/time.h"

namespace custos {

// The extent of one recording; end is nullopt while it is being written.
struct RecordingSpan {
  int64_t recording_id = 0;
  WallTime90k start_wall_90k;
  std::optional<WallTime90k> end_wall_90k;
};

// Recordings that follow one another within the merge tolerance, as one span.
struct TimelineRun {
  WallTime90k start_wall_90k;
  // The latest known end. For an open run it is only a lower bound: the run continues
  // into a recording that is still being written (or was left open by a crash and not
  // yet recovered), whose extent only the daemon knows.
  WallTime90k end_wall_90k;
  bool open = false;
  int64_t recordings = 0;          // how many recordings the run merges
  int64_t first_recording_id = 0;  // the run's earliest-starting recording
  int64_t last_recording_id = 0;   // its latest-starting recording

  bool operator==(const TimelineRun&) const = default;
};

// Sorts `spans` by start and merges each into the current run when it starts no later
// than `merge_tolerance_90k` after the run's end (overlaps always merge). An open span
// counts as ending at its start and makes its run open. Runs are not clipped to any range.
std::vector<TimelineRun> MergeIntoRuns(std::vector<RecordingSpan> spans, int64_t merge_tolerance_90k);

}  // namespace custos
