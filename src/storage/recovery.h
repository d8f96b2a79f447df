// recovery.h: crash recovery of recordings left 'writing' (invariant 5 of storage.md).
//
// Run at daemon start before any camera, and by `custos fsck --repair`. For each recording
// still 'writing': the file is cut to its last complete fragment, the frame index and
// counts are rebuilt from the file's moof boxes, the end time from the last prft, the row
// marked 'recovered', sealed into the camera's hash chain (integrity.md), and a 'restart'
// gap opened. A file with no complete fragment is removed together with its row.
// Thread-safety: uses the given Catalog on the caller's
// thread; no other thread may write these recordings meanwhile (the daemon's lock).
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "catalog/catalog.h"
#include "mp4/scanner.h"

namespace custos {

struct RecoveryReport {
  int recovered = 0;          // rows completed from their files
  int removed = 0;            // rows (and files) that held no complete fragment
  uint64_t bytes_cut = 0;     // torn tails removed
  std::vector<std::string> notes;  // one line per recording touched, for logs and fsck
};

// Rebuilds a recording's summary (counts, duration, frame index, end time) from a scan.
RecordingSummary SummaryFromScan(const mp4::ScannedFile& scan, WallTime90k start_wall, RecordingState state);

Result<RecoveryReport> RecoverOpenRecordings(Catalog& catalog, const std::string& data_dir);

}  // namespace custos
