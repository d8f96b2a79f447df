// retention_runner.h: the daemon's retention thread.
//
// Owns a RetentionSweeper on its own catalog connection and runs it on its own thread:
// a full sweep at start and every `sweep_every`, a disk check every `disk_every`. The
// control loop reads pressure() to stop recording at kCritical (see daemon.cc).
// Thread-safety: Start/Stop from the owner; pressure() from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "retention/retention_sweeper.h"

namespace custos {

struct RetentionRunnerOptions {
  std::chrono::milliseconds sweep_every{std::chrono::hours(1)};
  std::chrono::milliseconds disk_every{std::chrono::minutes(1)};
  SweeperOptions disk;  // the free-space thresholds
};

class RetentionRunner {
 public:
  // `catalog` is this runner's own connection; `policy` and `audit` outlive the runner.
  RetentionRunner(std::unique_ptr<Catalog> catalog, std::string data_dir, const RetentionPolicy& policy,
                  AuditSink& audit, RetentionRunnerOptions options = {});
  ~RetentionRunner();

  void Start();
  void Stop();
  DiskPressure pressure() const { return sweeper_.pressure(); }

 private:
  void Run();

  std::unique_ptr<Catalog> catalog_;
  RetentionSweeper sweeper_;
  const RetentionRunnerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace custos
