// integrity_verify.h: `custos fsck --verify`: recomputes every sealed file's SHA-256, every
// camera's hash chain and every checkpoint signature (docs/design/integrity.md).
//
// Reports, by camera and recording: a file that changed or disappeared; a catalog row that
// disappeared or was edited after sealing; a link edited, removed or inserted (the chain
// breaks); a checkpoint whose signature fails or that was signed by another key, or that
// no longer matches its link; a finished recording that is not in the chain; a
// lawful-deletion mark (chain_link_deletion) that cannot be lawful: its recording is still
// in the catalog, or it was deleted before the minimum retention, under an evidence hold,
// or in the future. A link with a valid mark is listed in `lawful_deletions`, not as a
// problem: retention deleted its file, and its hash still holds the chain. Reads only.
// Thread-safety: caller's thread. Cost: reads every recording file once (disk-bound).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "crypto/node_key.h"

namespace custos {

struct IntegrityReport {
  int cameras = 0;
  int links_checked = 0;
  int files_hashed = 0;
  uint64_t bytes_hashed = 0;
  int checkpoints_checked = 0;
  std::vector<std::string> problems;  // one line each
  std::vector<std::string> notes;     // facts that are not problems (links after the last checkpoint)
  // "camera gate, link 3 (recording 12): deleted by retention on <time> (<rule>, ...)".
  std::vector<std::string> lawful_deletions;
};

struct IntegrityOptions {
  // The node's public key (DATA/secrets/node.ed25519); without it checkpoints are checked
  // against the key they name, and a note says so.
  std::optional<PublicKey> node_key;
  bool daemon_running = false;  // a recording finished in the last instant may not be sealed yet
  // The active profile's minimum retention, against which lawful-deletion marks are
  // checked (a mark is forged if the recording ended less than this before the delete).
  // nullopt: not checked, and a note says so.
  std::optional<int64_t> minimum_retention_90k;
  // Now: a mark dated later is forged.
  WallTime90k now_wall_90k{INT64_MAX};
};

Result<IntegrityReport> VerifyIntegrity(Catalog& catalog, const std::string& data_dir, const IntegrityOptions& o);

}  // namespace custos
