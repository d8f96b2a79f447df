// export_jobs.h: long exports as jobs, off the API threads. Start here.
//
// ExportJobs keeps the table of jobs (in memory: jobs do not survive a restart) and runs
// them on a small pool of its own threads (options.threads, default 1), each with its own
// Catalog connection (one owner per thread). A job writes into DATA/exports/<job id>/;
// its result stays for options.result_ttl_90k (default 24 h) after it finishes, then the
// folder is deleted and the job forgotten. At Start, DATA/exports is emptied (results of
// a previous run have no job any more). Limits: options.max_active_per_user queued or
// running jobs per user, options.max_queued in all; beyond, ResourceExhausted saying
// what to do. The job's finish (done, failed, cancelled) is reported to the AuditSink.
//
// Thread-safety: every public method is safe from any thread (one mutex over the table;
// a running job's counters are atomics). Stop() joins the threads; a running job is
// cancelled at its next frame.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_sink.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "crypto/node_key.h"
#include "jobs/export_job.h"

namespace custos::jobs {

struct ExportJobsOptions {
  std::string data_dir;
  std::string catalog_path;  // each job thread opens its own connection
  int threads = 1;           // masking takes a core or two per job: keep this small
  size_t max_queued = 16;    // queued or running, all users together
  int max_active_per_user = 2;
  int64_t result_ttl_90k = int64_t{24} * 3600 * kTicksPerSecond90k;
  int64_t sweep_every_ms = 60'000;  // how often idle threads look for expired results
};

inline std::string ExportsDir(const std::string& data_dir) { return data_dir + "/exports"; }

class ExportJobs {
 public:
  // `key`, `clock` and `audit` must outlive the object. Fails if DATA/exports cannot be
  // made or a catalog connection cannot be opened.
  static Result<std::unique_ptr<ExportJobs>> Start(const ExportJobsOptions& options, const NodeKey* key,
                                                   const Clock& clock, AuditSink* audit);
  ~ExportJobs();

  // Queues a job; its view (state queued). ResourceExhausted over a limit.
  Result<ExportJobView> Submit(ExportJobRequest request);
  // nullopt: unknown or expired.
  std::optional<ExportJobView> Get(const std::string& id) const;
  // The jobs of `owner`, newest first.
  std::vector<ExportJobView> ListOf(const std::string& owner) const;
  // Queued: cancelled at once. Running: asked to stop (it becomes cancelled at its next
  // frame or step). Done: its result is deleted. Failed or cancelled: unchanged.
  // NotFound for an unknown id.
  Result<ExportJobView> Cancel(const std::string& id);
  // A done job's result file; FailedPrecondition while queued or running, or after it
  // failed or was cancelled.
  Result<std::string> ResultPath(const std::string& id) const;
  // Deletes expired results now (the threads also do it every sweep_every_ms).
  void SweepExpired();
  void Stop();

 private:
  struct Job;
  ExportJobs(ExportJobsOptions options, const NodeKey* key, const Clock& clock, AuditSink* audit);
  void ThreadMain(std::unique_ptr<Catalog> catalog);
  void RunOne(Catalog& catalog, const std::shared_ptr<Job>& job);
  void Finish(const std::shared_ptr<Job>& job, const Status& status, uint64_t bytes);
  ExportJobView ViewLocked(const Job& job) const;
  std::string JobDir(const std::string& id) const;

  const ExportJobsOptions options_;
  const NodeKey* key_;
  const Clock& clock_;
  AuditSink* audit_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;  // GUARDED_BY(mu_)
  std::deque<std::shared_ptr<Job>> queue_;            // GUARDED_BY(mu_)
  bool stop_ = false;                                 // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace custos::jobs
