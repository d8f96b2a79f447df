// scan_cache.h: a bounded LRU cache of parsed recording files (mp4::ScannedFile), so an
// export plan does not re-read every fragment header of every file per request.
//
// Key: path + inode + size + mtime (ns) from fstat of the opened file. A finished
// recording never changes, so its entry stays valid; the recording being written grows,
// so each request sees a new size and rescans it (its stale entries age out of the LRU).
// A scan is stored only when fstat after the scan still matches the key, so a file that
// grew during the scan is never cached under its old size. Memory: each entry is charged
// its fragments and samples (about 9 bytes per frame plus 100 per fragment); the budget
// (kDefaultScanCacheBytes = 32 MiB, about 1,500 one-minute 25 fps recordings) bounds the
// total. Thread-safety: all methods may be called from any thread (one mutex; the scan
// itself runs outside the lock, so two threads may scan the same file once each).
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/status.h"
#include "mp4/scanner.h"

namespace custos {

inline constexpr size_t kDefaultScanCacheBytes = size_t{32} << 20;

class ScanCache {
 public:
  explicit ScanCache(size_t budget_bytes) : budget_bytes_(budget_bytes) {}

  // The scan of the file at `path` as it is now: from the cache when its inode, size and
  // mtime are unchanged, else scanned (and stored if it fits the budget).
  Result<std::shared_ptr<const mp4::ScannedFile>> Get(const std::string& path);

  size_t used_bytes() const;
  size_t entries() const;
  uint64_t hits() const;

  // The process-wide cache the HTTP export, `custos export` and packages share.
  static ScanCache& Shared();

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const mp4::ScannedFile> scan;
    size_t bytes = 0;
  };
  void Insert(std::string key, std::shared_ptr<const mp4::ScannedFile> scan);

  const size_t budget_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
  size_t used_bytes_ = 0;
  uint64_t hits_ = 0;
};

// Bytes an entry is charged (the vectors' payload plus fixed overheads).
size_t ScanCacheCharge(const mp4::ScannedFile& scan);

}  // namespace custos
