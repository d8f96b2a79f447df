#include "jobs/export_job.h"

namespace custos::jobs {

std::string_view ToString(ExportKind k) {
  switch (k) {
    case ExportKind::kEvidencePackage: return "evidence_package";
    case ExportKind::kMasked: return "masked";
  }
  return "?";
}

std::string_view ToString(JobState s) {
  switch (s) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "?";
}

Result<ExportKind> ParseExportKind(std::string_view text) {
  if (text == "evidence_package") return ExportKind::kEvidencePackage;
  if (text == "masked") return ExportKind::kMasked;
  return Err(InvalidArgument("kind must be \"evidence_package\" (a signed package, original samples) or \"masked\" "
                             "(faces, plates and privacy zones hidden, for publication); a plain MP4 is "
                             "GET /api/v1/cameras/{id}/export.mp4"));
}

double ExportJobView::progress() const {
  if (state == JobState::kDone) return 1.0;
  if (frames_total <= 0) return 0.0;
  const double p = static_cast<double>(frames_done) / static_cast<double>(frames_total);
  return p > 0.99 ? 0.99 : p;  // 1 is kept for "the file is ready"
}

}  // namespace custos::jobs
