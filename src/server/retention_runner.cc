#include "server/retention_runner.h"

#include "base/log.h"

namespace custos {

RetentionRunner::RetentionRunner(std::unique_ptr<Catalog> catalog, std::string data_dir,
                                 const RetentionPolicy& policy, AuditSink& audit, RetentionRunnerOptions options)
    : catalog_(std::move(catalog)),
      sweeper_(*catalog_, std::move(data_dir), policy, audit, StatvfsFreeSpace, options.disk),
      options_(options) {}

RetentionRunner::~RetentionRunner() { Stop(); }

void RetentionRunner::Start() { thread_ = std::thread([this] { Run(); }); }

void RetentionRunner::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionRunner::Run() {
  using Clock = std::chrono::steady_clock;
  Clock::time_point next_sweep = Clock::now();
  for (;;) {
    if (Clock::now() >= next_sweep) {
      auto r = sweeper_.Sweep();
      if (!r) {
        spdlog::error("retention sweep: {}", r.error().ToString());
      } else if (r->deleted + r->garbage_finished > 0) {
        spdlog::info("retention sweep: {} recordings deleted ({} bytes), {} kept by holds", r->deleted,
                     r->bytes_deleted, r->held);
      }
      next_sweep = Clock::now() + options_.sweep_every;
    } else {
      SweepReport report;
      Status s = sweeper_.CheckDisk(report);
      if (!s.ok()) spdlog::error("retention disk check: {}", s.ToString());
    }
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, options_.disk_every, [this] { return stop_; })) return;
  }
}

}  // namespace custos
