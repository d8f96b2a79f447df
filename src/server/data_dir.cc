#include "server/data_dir.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <string>

#include "base/file_util.h"

namespace custos {

Status MakeDataDir(const std::string& data_dir) {
  Status s = MakeDirs(data_dir);
  return s.ok() ? s : s.With("creating the data folder " + data_dir);
}

Result<DataDirLock> DataDirLock::Acquire(const std::string& data_dir) {
  Status s = MakeDirs(data_dir);
  if (!s.ok()) return Err(s.With("creating the data folder"));
  const std::string path = data_dir + "/custos.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Err(ErrnoStatus(errno, "open " + path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return Err(FailedPrecondition("another custos serve (pid " + pid + ") is using " + data_dir +
                                  "; stop it first, or give this one another --data folder"));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)::pwrite(fd, pid.data(), pid.size(), 0);
  return DataDirLock(fd);
}

bool DataDirLock::HeldByDaemon(const std::string& data_dir) {
  const std::string path = data_dir + "/custos.lock";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  ::close(fd);
  return held;
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace custos
