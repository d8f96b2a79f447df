#include "mp4/byte_source.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file_util.h"

namespace custos::mp4 {

Status MemoryByteSource::ReadAt(uint64_t offset, std::span<uint8_t> out) {
  if (offset > data_.size() || out.size() > data_.size() - offset) {
    return OutOfRange("read of " + std::to_string(out.size()) + " bytes at offset " + std::to_string(offset) +
                      " is past the end of a " + std::to_string(data_.size()) + "-byte buffer");
  }
  if (!out.empty()) std::memcpy(out.data(), data_.data() + offset, out.size());
  return Status::Ok();
}

Result<FdByteSource> FdByteSource::Create(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return Err(ErrnoStatus(errno, "fstat"));
  if (!S_ISREG(st.st_mode)) return Err(InvalidArgument("not a regular file"));
  return FdByteSource(fd, static_cast<uint64_t>(st.st_size));
}

Status FdByteSource::ReadAt(uint64_t offset, std::span<uint8_t> out) { return ReadFileRange(fd_, offset, out); }

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

Result<UniqueFd> OpenForReading(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Err(ErrnoStatus(errno, "open " + path));
  return UniqueFd(fd);
}

Status ReadFileRange(int fd, uint64_t offset, std::span<uint8_t> out) {
  Status s = PreadExact(fd, out.data(), out.size(), offset,
                        "reading " + std::to_string(out.size()) + " bytes at offset " + std::to_string(offset));
  if (s.code() == StatusCode::kOutOfRange) return DataLoss(s.message());
  return s;
}

}  // namespace custos::mp4
