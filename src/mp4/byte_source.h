// byte_source.h: random-access reads from a file descriptor (pread) or from memory.
//
// The scanner reads recordings through this interface so that one implementation serves
// files (crash recovery, fsck, export) and buffers (tests, fuzzing), and so that tests
// can inject read faults. Also the small fd helpers the MP4 code needs (pread/write
// loops, an owning fd). Thread-safety: a ByteSource is used by one thread at a time;
// FdByteSource does not own or move the fd's offset (pread only).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/bytes.h"
#include "base/status.h"

namespace custos::mp4 {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size_bytes() const = 0;
  // Fills `out` with the bytes at [offset, offset + out.size()), a range the caller has
  // checked lies within size_bytes(). An error when they cannot be read (an I/O error,
  // or the file shrank): never a short read.
  virtual Status ReadAt(uint64_t offset, std::span<uint8_t> out) = 0;
};

class MemoryByteSource final : public ByteSource {
 public:
  explicit MemoryByteSource(ByteSpan data) : data_(data) {}
  uint64_t size_bytes() const override { return data_.size(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) override;

 private:
  ByteSpan data_;
};

class FdByteSource final : public ByteSource {
 public:
  // Reads the size once (fstat); the file is expected not to shrink while in use.
  static Result<FdByteSource> Create(int fd);
  uint64_t size_bytes() const override { return size_bytes_; }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) override;

 private:
  FdByteSource(int fd, uint64_t size_bytes) : fd_(fd), size_bytes_(size_bytes) {}
  int fd_;
  uint64_t size_bytes_;
};

// Owns a file descriptor and closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

// open(path, O_RDONLY | O_CLOEXEC), with errno mapped to a Status naming the path.
Result<UniqueFd> OpenForReading(const std::string& path);
// pread until `out` is full (base/file_util.h's PreadExact); DataLoss if the file ends
// first, since callers only read ranges an earlier scan found in the file.
Status ReadFileRange(int fd, uint64_t offset, std::span<uint8_t> out);

}  // namespace custos::mp4
