#include "catalog/timeline.h"

#include <algorithm>

namespace custos {

namespace {

TimelineRun StartRun(const RecordingSpan& s) {
  TimelineRun run;
  run.start_wall_90k = s.start_wall_90k;
  run.end_wall_90k = s.end_wall_90k.value_or(s.start_wall_90k);
  run.open = !s.end_wall_90k.has_value();
  run.recordings = 1;
  run.first_recording_id = s.recording_id;
  run.last_recording_id = s.recording_id;
  return run;
}

void Extend(TimelineRun& run, const RecordingSpan& s) {
  run.end_wall_90k = std::max(run.end_wall_90k, s.end_wall_90k.value_or(s.start_wall_90k));
  run.open = run.open || !s.end_wall_90k.has_value();
  ++run.recordings;
  run.last_recording_id = s.recording_id;
}

}  // namespace

std::vector<TimelineRun> MergeIntoRuns(std::vector<RecordingSpan> spans, int64_t merge_tolerance_90k) {
  std::sort(spans.begin(), spans.end(), [](const RecordingSpan& a, const RecordingSpan& b) {
    if (a.start_wall_90k != b.start_wall_90k) return a.start_wall_90k < b.start_wall_90k;
    return a.recording_id < b.recording_id;
  });
  std::vector<TimelineRun> runs;
  for (const RecordingSpan& s : spans) {
    if (!runs.empty() && s.start_wall_90k.ticks_90k - runs.back().end_wall_90k.ticks_90k <= merge_tolerance_90k) {
      Extend(runs.back(), s);
    } else {
      runs.push_back(StartRun(s));
    }
  }
  return runs;
}

}  // namespace custos
