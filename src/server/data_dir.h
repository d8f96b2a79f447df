// data_dir.h: the data folder of one node: its lock and its paths.
//
// DataDirLock holds an exclusive flock on DATA/custos.lock for the life of the daemon, so
// that two daemons never write the same recordings and so that `fsck --repair` knows
// whether recordings marked 'writing' are being written. Thread-safety: one owner.
#pragma once

#include <string>

#include "base/status.h"

namespace custos {

inline std::string CatalogPath(const std::string& data_dir) { return data_dir + "/custos.db"; }
// Creates the data folder if missing (the CLI may run before the daemon ever did).
Status MakeDataDir(const std::string& data_dir);

class DataDirLock {
 public:
  // Creates the folder if needed and takes the lock; FailedPrecondition if a daemon holds it.
  static Result<DataDirLock> Acquire(const std::string& data_dir);
  // True if a daemon holds the lock now (for fsck and the CLI).
  static bool HeldByDaemon(const std::string& data_dir);

  DataDirLock(DataDirLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace custos
