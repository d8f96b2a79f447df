#include "storage/catalog_index.h"

#include <algorithm>

namespace custos {

Result<int64_t> CatalogIndex::InsertRecording(const OpenRecordingJob& job, const std::string& file_path) {
  auto params_id = catalog_.UpsertVideoParams(job.params);
  if (!params_id) return Err(params_id.error());
  NewRecording r;
  r.camera_id = job.camera_id;
  r.file_path = file_path;
  r.start_wall_90k = job.start_wall;
  r.media_start_90k = job.media_start_90k;
  r.video_params_id = *params_id;
  r.open_reason = ParseOpenReason(job.open_reason).value_or(OpenReason::kStart);
  return catalog_.InsertRecording(r);
}

Status CatalogIndex::FinishRecording(int64_t id, const CloseRecordingJob& job) {
  RecordingSummary s;
  s.end_wall_90k = job.end_wall;
  s.media_duration_90k = job.media_duration_90k;
  s.bytes = static_cast<int64_t>(job.bytes);
  s.frames = static_cast<int64_t>(job.frames);
  s.key_frames = static_cast<int64_t>(job.key_frames);
  s.frame_index = job.frame_index;
  s.state = RecordingState::kComplete;
  return catalog_.FinishRecording(id, s);
}

Status CatalogIndex::SealRecording(int64_t id, const Sha256Digest& file_sha256, int64_t file_bytes) {
  auto link = sealer_ ? sealer_->Seal(id, file_sha256, file_bytes) : catalog_.SealRecording(id, file_sha256, file_bytes);
  return link ? Status::Ok() : link.error();
}

Status CatalogIndex::DeleteRecording(int64_t id) { return catalog_.DeleteRecording(id); }

Status CatalogIndex::OpenGap(const GapJob& job) {
  auto open = catalog_.GetOpenGap(job.camera_id);
  if (!open) return open.error();
  if (open->has_value()) return Status::Ok();
  auto reason = ParseGapReason(job.reason).value_or(GapReason::kStorageError);
  auto id = catalog_.OpenGap(job.camera_id, job.start_wall, reason, job.detail);
  return id ? Status::Ok() : id.error();
}

Status CatalogIndex::CloseGap(const GapJob& job) {
  auto open = catalog_.GetOpenGap(job.camera_id);
  if (!open) return open.error();
  if (!open->has_value()) return Status::Ok();
  const Gap& gap = **open;
  return catalog_.CloseGap(gap.id, std::max(gap.start_wall_90k, job.start_wall));
}

}  // namespace custos
