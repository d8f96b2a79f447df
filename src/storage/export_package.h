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
// With `write_video` set (a watermark or masking: src/privacy through the CLI), the videos
// are re-encoded instead and the manifest says how (`reencoding`); the source recordings
// are still checked against their seals and listed with their chain.
// Thread-safety: caller's thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "catalog/catalog.h"
#include "crypto/node_key.h"
#include "integrity/package_manifest.h"
#include "mp4/export_writer.h"

namespace custos {

struct PackageRequest {
  std::vector<std::string> cameras;
  WallTime90k from, to;
  std::string out_dir;  // must not exist, or be empty
  std::string requester, purpose, destination;
  std::vector<std::string> approvals;
  bool include_sources = false;
  // Writes camera `camera`'s video, planned as `plan`, into the new file `path`. Empty: the
  // samples are copied bit-exact (mp4::WriteExport). Set `reencoding` with it.
  std::function<Status(const std::string& camera, const mp4::ExportPlan& plan, const std::string& path)> write_video;
  std::optional<PackageReencoding> reencoding;  // goes into the manifest as is
};

Result<PackageManifest> WriteExportPackage(Catalog& catalog, const std::string& data_dir, const NodeKey& key,
                                           const Clock& clock, const PackageRequest& request);

}  // namespace custos
