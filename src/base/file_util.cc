#include "base/file_util.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace custos {

std::string DirName(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string JoinPath(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (a.back() == '/') return a + b;
  return a + "/" + b;
}

Status FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "open directory " + dir);
  Status s;
  if (::fsync(fd) != 0) s = ErrnoStatus(errno, "fsync directory " + dir);
  ::close(fd);
  return s;
}

Status MakeDirs(const std::string& dir, bool* created) {
  if (created) *created = false;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return FailedPrecondition(dir + " exists and is not a directory");
  }
  std::string parent = DirName(dir);
  if (parent != dir) CUSTOS_RETURN_IF_ERROR(MakeDirs(parent));
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return ErrnoStatus(errno, "mkdir " + dir);
  if (created) *created = true;
  return FsyncDir(parent);
}

Status WriteAllV(int fd, struct iovec* iov, int count, const std::string& what) {
  while (count > 0) {
    ssize_t n = ::writev(fd, iov, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, what);
    }
    auto left = static_cast<size_t>(n);
    while (count > 0 && left >= iov->iov_len) {
      left -= iov->iov_len;
      ++iov;
      --count;
    }
    if (count > 0) {
      iov->iov_base = static_cast<uint8_t*>(iov->iov_base) + left;
      iov->iov_len -= left;
    }
  }
  return Status::Ok();
}

Status WriteAll(int fd, ByteSpan data, const std::string& what) {
  struct iovec iov {const_cast<uint8_t*>(data.data()), data.size()};
  return WriteAllV(fd, &iov, 1, what);
}

Status PreadExact(int fd, uint8_t* out, size_t n, uint64_t offset, const std::string& what) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, what);
    }
    if (r == 0) return OutOfRange(what + ": file ends early");
    done += static_cast<size_t>(r);
  }
  return Status::Ok();
}

Result<Bytes> ReadFileBytes(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Err(ErrnoStatus(errno, "open " + path));
  Bytes out;
  uint8_t buf[65536];
  for (;;) {
    ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      Status s = ErrnoStatus(errno, "read " + path);
      ::close(fd);
      return Err(s);
    }
    if (r == 0) break;
    out.insert(out.end(), buf, buf + r);
  }
  ::close(fd);
  return out;
}

Status WriteFileAtomic(const std::string& path, ByteSpan data, int mode) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus(errno, "create " + tmp);
  Status s = WriteAll(fd, data, "write " + tmp);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus(errno, "fsync " + tmp);
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = ErrnoStatus(errno, "rename " + tmp);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  return FsyncDir(DirName(path));
}

}  // namespace custos
