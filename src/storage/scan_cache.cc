#include "storage/scan_cache.h"

#include <sys/stat.h>

#include <cerrno>

#include "mp4/byte_source.h"

namespace custos {

namespace {

Result<std::string> KeyOf(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Err(ErrnoStatus(errno, "fstat " + path));
  return path + '\0' + std::to_string(st.st_ino) + ':' + std::to_string(st.st_size) + ':' +
         std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

size_t ScanCacheCharge(const mp4::ScannedFile& scan) {
  size_t bytes = sizeof(mp4::ScannedFile) + 256 + scan.params.decoder_config.size() + scan.tail_problem.size();
  for (const auto& f : scan.fragments) bytes += sizeof(f) + f.samples.capacity() * sizeof(mp4::SampleInfo);
  return bytes;
}

Result<std::shared_ptr<const mp4::ScannedFile>> ScanCache::Get(const std::string& path) {
  auto fd = mp4::OpenForReading(path);
  if (!fd) return Err(fd.error());
  auto key = KeyOf(fd->get(), path);
  if (!key) return Err(key.error());
  {
    std::lock_guard lock(mu_);
    auto it = by_key_.find(*key);
    if (it != by_key_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return it->second->scan;
    }
  }
  auto scan = mp4::ScanFile(fd->get());
  if (!scan) return Err(scan.error().With(path));
  auto shared = std::make_shared<const mp4::ScannedFile>(std::move(*scan));
  auto key_after = KeyOf(fd->get(), path);
  if (key_after && *key_after == *key) Insert(std::move(*key), shared);
  return shared;
}

void ScanCache::Insert(std::string key, std::shared_ptr<const mp4::ScannedFile> scan) {
  const size_t bytes = ScanCacheCharge(*scan);
  if (bytes > budget_bytes_) return;
  std::lock_guard lock(mu_);
  if (by_key_.count(key)) return;  // another thread scanned it meanwhile
  lru_.push_front(Entry{key, std::move(scan), bytes});
  by_key_.emplace(std::move(key), lru_.begin());
  used_bytes_ += bytes;
  while (used_bytes_ > budget_bytes_) {
    used_bytes_ -= lru_.back().bytes;
    by_key_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

size_t ScanCache::used_bytes() const {
  std::lock_guard lock(mu_);
  return used_bytes_;
}

size_t ScanCache::entries() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

uint64_t ScanCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

ScanCache& ScanCache::Shared() {
  static ScanCache* cache = new ScanCache(kDefaultScanCacheBytes);
  return *cache;
}

}  // namespace custos
