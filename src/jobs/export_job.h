// export_job.h: what an export job is asked to do, and what it reports back.
//
// A job turns one camera's [from, to) into one downloadable file: a signed evidence
// package as a .tar (integrity/package_archive.h) or a masked MP4 for publication
// (privacy/pipeline.h), either one optionally watermarked. The HTTP API fills the request
// from the retrieval grant that Authorize() found (requester, purpose, destination,
// approvals go into the package's manifest). Thread-safety: plain values.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace custos::jobs {

enum class ExportKind { kEvidencePackage, kMasked };
enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };

std::string_view ToString(ExportKind k);
std::string_view ToString(JobState s);
// "evidence_package" or "masked"; InvalidArgument naming both otherwise.
Result<ExportKind> ParseExportKind(std::string_view text);
inline bool IsTerminal(JobState s) { return s == JobState::kDone || s == JobState::kFailed || s == JobState::kCancelled; }

struct ExportJobRequest {
  std::string owner;  // the user who asked; the only one who may read, download or cancel it
  ExportKind kind = ExportKind::kEvidencePackage;
  std::string camera_id;
  WallTime90k from_wall_90k{0}, to_wall_90k{0};
  // From the retrieval request (grant) that allowed it:
  int64_t grant_request_id = 0;
  std::string requester, purpose, destination;
  std::vector<std::string> approvals;  // "approver A at TIME" per approval
  // Not empty: a visible watermark (privacy/watermark.h) burns this export id (16 hex
  // digits, privacy::NewExportId) and the requester into the picture; the video is then
  // re-encoded (a package's manifest says so, with the id and the text).
  std::string watermark_export_id;
  bool watermarked() const { return !watermark_export_id.empty(); }
  std::string client;                  // the HTTP peer, for the audit
};

// A snapshot of one job, as GET /api/v1/exports/{id} shows it.
struct ExportJobView {
  std::string id;  // 32 hex digits, random
  ExportJobRequest request;
  JobState state = JobState::kQueued;
  std::string phase;  // queued, planning, writing, masking, archiving, finished
  int64_t frames_done = 0;
  int64_t frames_total = 0;  // 0 until planned
  std::string error;         // failed: what went wrong and what to do
  WallTime90k created_wall_90k{0};
  std::optional<WallTime90k> finished_wall_90k;
  std::optional<WallTime90k> expires_wall_90k;  // set once finished: then it is forgotten
  std::string file_name;      // done: the download's name
  uint64_t result_bytes = 0;  // done: its size

  // 0..1; 1 only when done.
  double progress() const;
};

// What a running job shares with its runner: counters it advances, and the cancel flag
// it polls. Thread-safety: atomics.
struct JobProgress {
  std::atomic<int64_t> frames_done{0};
  std::atomic<int64_t> frames_total{0};
  std::atomic<bool> cancel{false};
};

}  // namespace custos::jobs
