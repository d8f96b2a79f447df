// package_archive.h: an export package as ONE file: a POSIX ustar archive (.tar).
//
// The HTTP API hands a package out as one download; `custos verify FILE.tar` takes it
// back. The archive holds exactly the package directory's files (manifest.json,
// manifest.sig, video/*.mp4, sources/*.mp4) at its root, each a regular-file entry
// (type '0', mode 0644, uid/gid 0, mtime 0 so equal packages give equal archives), plus
// the directory entries they need (type '5'), closed by two zero blocks. Any `tar -xf`
// unpacks it into a directory that `custos verify DIR` checks as well
// (docs/design/integrity.md, "Package as one file").
//
// Reading is strict, since the file comes from outside: only regular files and
// directories; names relative, '/'-separated, without "." or ".." components or
// backslashes; header checksums verified; a file of at most 8 GiB - 1 (ustar's 11 octal
// digits); no name twice. Thread-safety: stateless functions.
#pragma once

#include <string>

#include "base/status.h"
#include "integrity/package_verify.h"

namespace custos {

inline constexpr char kPackageArchiveSuffix[] = ".tar";

// Writes every regular file under `dir` (sorted by path) into a new archive `tar_path`
// (fsynced). AlreadyExists if `tar_path` exists; InvalidArgument for a symbolic link, a
// special file, a path longer than ustar can name (100 + 155 bytes) or a file ≥ 8 GiB.
Status WritePackageArchive(const std::string& dir, const std::string& tar_path);

// Unpacks `tar_path` into `out_dir` (created; must not exist or be empty). DataLoss
// naming the entry for anything malformed or unsafe; what was written is left for the
// caller to remove.
Status ExtractPackageArchive(const std::string& tar_path, const std::string& out_dir);

// `custos verify FILE.tar`: unpacks into a fresh temporary directory, runs VerifyPackage
// there, removes it. A malformed archive is a problem in the report, not an error.
Result<PackageVerifyReport> VerifyPackageArchive(const std::string& tar_path, const PackageVerifyOptions& options);

}  // namespace custos
