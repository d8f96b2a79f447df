// fsck.h: checks that recording files and the catalog agree (`custos fsck`), and repairs.
//
// For every recording row: the file exists, its init segment parses, it scans to exactly
// the row's bytes and frames, and the stored frame index equals the one rebuilt from the
// file's moof boxes. Every .mp4 under recordings/ must have a row. With `repair`: rows
// left 'writing' are recovered (recovery.h); torn tails are cut; a finished row whose
// index disagrees with its file is reported (the catalog never rewrites a finished row);
// empty recordings are removed; foreign files move to lost+found/. Never deletes a
// recording that holds frames. Thread-safety: caller's thread; the daemon must not run
// (it holds DATA/custos.lock) when repairing.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace custos {

struct FsckOptions {
  bool repair = false;
  bool daemon_running = false;  // rows 'writing' are then being written, not broken
};

struct FsckReport {
  int recordings_checked = 0;
  int files_checked = 0;
  int problems = 0;  // found (and, with repair, not repaired)
  int repaired = 0;
  std::vector<std::string> findings;  // one line each, saying what was wrong and what was done
};

Result<FsckReport> RunFsck(Catalog& catalog, const std::string& data_dir, const FsckOptions& options);

}  // namespace custos
