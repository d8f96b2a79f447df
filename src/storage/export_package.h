// export_package.h: `custos export --package`: a signed evidence package of time ranges.
//
// Writes into a new directory: video/<camera>.mp4 per camera (the same bytes as `custos
// export`: video samples copied bit-exact from the recordings), optionally
// sources/<camera>-<recording>.mp4 (copies of the whole source recording files), and
// manifest.json + manifest.sig (integrity/package_manifest.h). Before anything is written
// each source recording's file is hashed and compared with its seal: footage that changed
// since it was recorded is refused, not packaged. The chain links from the first source
// recording up to a signed checkpoint travel in the manifest (a checkpoint is signed at
// the chain's head if none reaches the sources yet). docs/design/integrity.md.
// Thread-safety: caller's thread.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "catalog/catalog.h"
#include "crypto/node_key.h"
#include "integrity/package_manifest.h"

namespace custos {

struct PackageRequest {
  std::vector<std::string> cameras;
  WallTime90k from, to;
  std::string out_dir;  // must not exist, or be empty
  std::string requester, purpose, destination;
  std::vector<std::string> approvals;
  bool include_sources = false;
};

Result<PackageManifest> WriteExportPackage(Catalog& catalog, const std::string& data_dir, const NodeKey& key,
                                           const Clock& clock, const PackageRequest& request);

}  // namespace custos
