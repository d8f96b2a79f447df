// range_export.h: plans one MP4 for a wall-time range of one camera.
//
// Finds the recordings that overlap [from, to), starts at the key frame at or before
// `from` with an edit list that makes players begin at `from`, cuts at `to`, and returns an mp4::ExportPlan: generated header bytes and byte
// ranges of the recording files, so the caller can write a file (`custos export`) or
// stream it with HTTP Range (issue "View") without a temporary copy. The recording being
// written is included up to its last complete fragment. Thread-safety: caller's thread.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "mp4/export_writer.h"

namespace custos {
class ScanCache;
}

namespace custos {

struct RangeExport {
  mp4::ExportPlan plan;
  WallTime90k start_wall;  // of the first exported frame (a key frame at or before `from`)
  // Of the first presented frame (the one showing at `from`, or the first after it when
  // `from` is before the first recording): start_wall + plan.lead_in_90k.
  WallTime90k play_start_wall;
  WallTime90k end_wall;    // of the end of the last exported frame
  int recordings = 0;
  std::vector<int64_t> recording_ids;  // the recordings cut from, in output order
};

// Parses the recording files through ScanCache::Shared() (see scan_cache.h).
Result<RangeExport> PlanRangeExport(Catalog& catalog, const std::string& data_dir, const std::string& camera_id,
                                    WallTime90k from, WallTime90k to);
// The same with an explicit cache; nullptr scans every file afresh (what tests compare to).
Result<RangeExport> PlanRangeExport(Catalog& catalog, const std::string& data_dir, const std::string& camera_id,
                                    WallTime90k from, WallTime90k to, ScanCache* cache);

}  // namespace custos
