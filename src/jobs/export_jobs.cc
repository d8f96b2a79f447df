#include "jobs/export_jobs.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <random>
#include <system_error>

#include "base/file_util.h"
#include "base/log.h"
#include "jobs/export_job_runner.h"

namespace custos::jobs {

namespace fs = std::filesystem;

struct ExportJobs::Job {
  std::string id;
  ExportJobRequest request;
  JobState state = JobState::kQueued;
  std::string error;
  WallTime90k created{0};
  std::optional<WallTime90k> finished;
  std::string result_path, file_name;
  uint64_t result_bytes = 0;
  JobProgress progress;
};

namespace {

std::string NewJobId() {
  std::random_device rd;  // the OS's CSPRNG on Linux
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 16; ++i) {
    const auto b = static_cast<uint8_t>(rd());
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

// What the owner reads in `error`: the message for their own mistakes or the footage's
// state; for internal faults only a pointer to the log (messages may name files).
std::string PublicError(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInternal:
      return "internal error while exporting; the server log has the details. Try again, or ask the administrator";
    default:
      return s.message();
  }
}

void RemoveDir(const std::string& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) spdlog::warn("export jobs: cannot remove {}: {}", dir, ec.message());
}

}  // namespace

ExportJobs::ExportJobs(ExportJobsOptions options, const NodeKey* key, const Clock& clock, AuditSink* audit)
    : options_(std::move(options)), key_(key), clock_(clock), audit_(audit) {}

Result<std::unique_ptr<ExportJobs>> ExportJobs::Start(const ExportJobsOptions& options, const NodeKey* key,
                                                       const Clock& clock, AuditSink* audit) {
  if (options.threads < 1 || options.max_active_per_user < 1 || options.max_queued < 1) {
    return Err(InvalidArgument("export jobs need at least one thread, one job per user and one queue place"));
  }
  const std::string dir = ExportsDir(options.data_dir);
  RemoveDir(dir);  // results of a previous run belong to no job any more
  CUSTOS_RETURN_IF_ERROR(MakeDirs(dir));
  std::vector<std::unique_ptr<Catalog>> catalogs;
  for (int i = 0; i < options.threads; ++i) {
    auto c = Catalog::Open(options.catalog_path);
    if (!c) return Err(c.error().With("export job thread"));
    catalogs.push_back(std::move(*c));
  }
  std::unique_ptr<ExportJobs> jobs(new ExportJobs(options, key, clock, audit));
  for (auto& c : catalogs) {
    jobs->threads_.emplace_back([p = jobs.get(), c = std::move(c)]() mutable { p->ThreadMain(std::move(c)); });
  }
  return jobs;
}

ExportJobs::~ExportJobs() { Stop(); }

void ExportJobs::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    for (auto& [id, job] : jobs_) job->progress.cancel = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

std::string ExportJobs::JobDir(const std::string& id) const { return JoinPath(ExportsDir(options_.data_dir), id); }

Result<ExportJobView> ExportJobs::Submit(ExportJobRequest request) {
  auto job = std::make_shared<Job>();
  job->id = NewJobId();
  job->request = std::move(request);
  job->created = clock_.Now();
  std::lock_guard lock(mu_);
  if (stop_) return Err(Unavailable("the server is stopping"));
  const auto& owner = job->request.owner;
  const auto active = std::count_if(jobs_.begin(), jobs_.end(), [&](const auto& kv) {
    return kv.second->request.owner == owner && !IsTerminal(kv.second->state);
  });
  if (active >= options_.max_active_per_user) {
    return Err(ResourceExhausted("you have " + std::to_string(active) +
                                 " export job(s) queued or running, the most allowed: wait for one to finish, or "
                                 "cancel one (DELETE /api/v1/exports/{id})"));
  }
  const auto busy = std::count_if(jobs_.begin(), jobs_.end(), [](const auto& kv) { return !IsTerminal(kv.second->state); });
  if (static_cast<size_t>(busy) >= options_.max_queued) {
    return Err(ResourceExhausted("the export queue is full (" + std::to_string(busy) + " jobs); try again in a few minutes"));
  }
  jobs_[job->id] = job;
  queue_.push_back(job);
  cv_.notify_one();
  return ViewLocked(*job);
}

ExportJobView ExportJobs::ViewLocked(const Job& job) const {
  ExportJobView v;
  v.id = job.id;
  v.request = job.request;
  v.state = job.state;
  v.frames_done = job.progress.frames_done.load();
  v.frames_total = job.progress.frames_total.load();
  switch (job.state) {
    case JobState::kQueued: v.phase = "queued"; break;
    case JobState::kRunning:
      v.phase = job.progress.cancel ? "cancelling"
                : v.frames_total == 0 ? "planning"
                : job.request.kind == ExportKind::kMasked ? "masking"
                                                          : "writing";
      break;
    default: v.phase = "finished";
  }
  v.error = job.error;
  v.created_wall_90k = job.created;
  v.finished_wall_90k = job.finished;
  if (job.finished) v.expires_wall_90k = WallTime90k{job.finished->ticks_90k + options_.result_ttl_90k};
  v.file_name = job.file_name;
  v.result_bytes = job.result_bytes;
  return v;
}

std::optional<ExportJobView> ExportJobs::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return ViewLocked(*it->second);
}

std::vector<ExportJobView> ExportJobs::ListOf(const std::string& owner) const {
  std::vector<ExportJobView> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, job] : jobs_) {
    if (job->request.owner == owner) out.push_back(ViewLocked(*job));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.created_wall_90k.ticks_90k > b.created_wall_90k.ticks_90k;
  });
  return out;
}

Result<ExportJobView> ExportJobs::Cancel(const std::string& id) {
  std::string remove;
  ExportJobView view;
  {
    std::lock_guard lock(mu_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return Err(NotFound("no export job " + id + " (unknown, or expired and deleted)"));
    Job& job = *it->second;
    if (job.state == JobState::kQueued || job.state == JobState::kDone) {
      if (job.state == JobState::kDone) remove = JobDir(id);
      std::erase(queue_, it->second);
      job.state = JobState::kCancelled;
      job.finished = clock_.Now();
      job.result_path.clear();
    } else if (job.state == JobState::kRunning) {
      job.progress.cancel = true;
    }
    view = ViewLocked(job);
  }
  if (!remove.empty()) RemoveDir(remove);
  return view;
}

Result<std::string> ExportJobs::ResultPath(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return Err(NotFound("no export job " + id + " (unknown, or expired and deleted)"));
  const Job& job = *it->second;
  if (job.state == JobState::kDone) return job.result_path;
  if (IsTerminal(job.state)) {
    return Err(FailedPrecondition("export job " + id + " " + std::string(ToString(job.state)) +
                                  ": it has no file; start a new one (POST /api/v1/exports)"));
  }
  return Err(FailedPrecondition("export job " + id + " is " + std::string(ToString(job.state)) +
                                ": poll GET /api/v1/exports/" + id + " until its state is done"));
}

void ExportJobs::SweepExpired() {
  std::vector<std::string> remove;
  {
    std::lock_guard lock(mu_);
    const int64_t now = clock_.Now().ticks_90k;
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      const Job& job = *it->second;
      if (IsTerminal(job.state) && job.finished && job.finished->ticks_90k + options_.result_ttl_90k <= now) {
        remove.push_back(JobDir(job.id));
        it = jobs_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& dir : remove) RemoveDir(dir);
}

void ExportJobs::ThreadMain(std::unique_ptr<Catalog> catalog) {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(options_.sweep_every_ms),
                   [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      if (!queue_.empty()) {
        job = queue_.front();
        queue_.pop_front();
        job->state = JobState::kRunning;
      }
    }
    if (job) {
      RunOne(*catalog, job);
    } else {
      SweepExpired();
    }
  }
}

void ExportJobs::RunOne(Catalog& catalog, const std::shared_ptr<Job>& job) {
  RunEnv env{catalog, options_.data_dir, key_, clock_};
  auto out = RunExportJob(env, job->request, JobDir(job->id), job->progress);
  if (out) {
    std::lock_guard lock(mu_);
    job->result_path = out->path;
    job->file_name = out->file_name;
    job->result_bytes = out->bytes;
  } else {
    RemoveDir(JobDir(job->id));  // nothing half-written stays
  }
  Finish(job, out ? Status::Ok() : out.error(), out ? out->bytes : 0);
}

void ExportJobs::Finish(const std::shared_ptr<Job>& job, const Status& status, uint64_t bytes) {
  const ExportJobRequest& r = job->request;
  if (!status.ok() && status.code() != StatusCode::kCancelled) {
    spdlog::warn("export job {} ({} of camera {}) failed: {}", job->id, ToString(r.kind), r.camera_id,
                 status.ToString());
  }
  AuditEvent e;
  e.actor = r.owner;
  e.action = "export_job_finished";
  e.outcome = status.ok() ? "ok" : "error";
  e.camera_ids = {r.camera_id};
  e.from_wall_90k = r.from_wall_90k;
  e.to_wall_90k = r.to_wall_90k;
  e.purpose = r.purpose;
  e.destination = r.destination;
  e.request_id = r.grant_request_id ? std::to_string(r.grant_request_id) : "";
  e.client = r.client;
  e.detail = "export job " + job->id + " (" + std::string(ToString(r.kind)) + "): " +
             (status.ok() ? std::to_string(bytes) + " bytes ready for download"
                          : std::string(status.code() == StatusCode::kCancelled ? "cancelled" : "failed: ") +
                                (status.code() == StatusCode::kCancelled ? "" : status.message()));
  if (audit_ != nullptr) {
    Status s = audit_->Append(e);
    if (!s.ok()) spdlog::error("export job {}: the audit log cannot be written: {}", job->id, s.ToString());
  }
  // Published after the audit entry: whoever sees the job finished finds it on record.
  std::lock_guard lock(mu_);
  job->finished = clock_.Now();
  job->state = status.ok() ? JobState::kDone
               : status.code() == StatusCode::kCancelled ? JobState::kCancelled
                                                         : JobState::kFailed;
  if (job->state == JobState::kFailed) job->error = PublicError(status);
}

}  // namespace custos::jobs
