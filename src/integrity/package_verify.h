// package_verify.h: `custos verify PACKAGE`: checks an export package offline.
//
// Needs no data folder and no catalog: only the package and, ideally, the node's public
// key obtained apart from the package (`custos key show` on the node). It checks, in
// order: the manifest's signature (by the key named in the manifest, and that this is the
// expected key when one is given), every listed file's SHA-256 and size, that no file was
// added, each camera's chain run from its source recordings to a checkpoint, and the
// checkpoint's signature. Each problem is one line that says what was altered.
// Thread-safety: stateless.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "integrity/package_manifest.h"

namespace custos {

struct PackageVerifyOptions {
  std::optional<PublicKey> expected_key;  // --public-key; without it the manifest's key is trusted
};

struct PackageVerifyReport {
  std::vector<std::string> problems;  // empty: valid
  std::string summary;                // what the package holds, for a valid one
  bool valid() const { return problems.empty(); }
};

// Errors only for a path that is not a readable directory; everything wrong inside a
// package is a problem in the report.
Result<PackageVerifyReport> VerifyPackage(const std::string& dir, const PackageVerifyOptions& options);

}  // namespace custos
