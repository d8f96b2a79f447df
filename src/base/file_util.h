// file_util.h: small POSIX file helpers returning Status (errno mapped once, here).
//
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <sys/uio.h>

#include "base/bytes.h"
#include "base/status.h"

namespace custos {

// Creates `dir` and its missing parents; fsyncs each parent whose entries changed, so a
// new directory survives power loss. `created` tells whether anything was made.
Status MakeDirs(const std::string& dir, bool* created = nullptr);
// fsyncs a directory (after creating, renaming or removing an entry in it).
Status FsyncDir(const std::string& dir);
// Writes all of `iov` (looping on short writes and EINTR).
Status WriteAllV(int fd, struct iovec* iov, int count, const std::string& what);
Status WriteAll(int fd, ByteSpan data, const std::string& what);
// pread of exactly `n` bytes; OutOfRange if the file is shorter.
Status PreadExact(int fd, uint8_t* out, size_t n, uint64_t offset, const std::string& what);
Result<Bytes> ReadFileBytes(const std::string& path);
// Writes `data` to `path` atomically: temp file, fsync, rename, fsync of the directory.
Status WriteFileAtomic(const std::string& path, ByteSpan data, int mode = 0644);
std::string DirName(const std::string& path);
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace custos
