// The recording methods of SqliteCatalog: the writer's insert and finish, crash-recovery
// and range listings, the frame index, fsck's delete, and the timeline.
#include <algorithm>
#include <string>

#include "catalog/catalog_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

std::string RecordingName(int64_t id) { return "recording " + std::to_string(id); }

// The summary must describe its own frame index exactly: a writer bug caught here keeps
// a wrong index out of the catalog, where exports would trust it.
Status CheckSummary(const RecordingSummary& s) {
  if (s.state == RecordingState::kWriting) return InvalidArgument("a finished recording cannot be 'writing'");
  if (s.bytes < 0 || s.frames < 0 || s.key_frames < 0 || s.media_duration_90k < 0) {
    return InvalidArgument("negative size, count or duration");
  }
  Result<std::vector<FrameIndexEntry>> entries = DecodeFrameIndex(s.frame_index);
  if (!entries) return InvalidArgument(entries.error().message());
  int64_t key_frames = 0, duration_90k = 0, data_bytes = 0;
  for (const FrameIndexEntry& e : *entries) {
    key_frames += e.is_key ? 1 : 0;
    duration_90k += e.duration_90k;
    data_bytes += e.size_bytes;
  }
  if (static_cast<int64_t>(entries->size()) != s.frames || key_frames != s.key_frames ||
      duration_90k != s.media_duration_90k || data_bytes > s.bytes) {
    return InvalidArgument("the frame index (" + std::to_string(entries->size()) + " frames, " +
                           std::to_string(key_frames) + " key, " + std::to_string(duration_90k) + " ticks, " +
                           std::to_string(data_bytes) + " bytes) disagrees with the summary");
  }
  return Status::Ok();
}

Result<Recording> ReadRecording(const SqliteStatement& s) {
  Recording r;
  r.id = s.ColumnInt64(0);
  r.camera_id = s.ColumnText(1);
  r.file_path = s.ColumnText(2);
  std::optional<RecordingState> state = ParseRecordingState(s.ColumnText(3));
  std::optional<OpenReason> reason = ParseOpenReason(s.ColumnText(12));
  if (!state || !reason) return Err(DataLoss(RecordingName(r.id) + " has an unknown state or open reason"));
  r.state = *state;
  r.start_wall_90k = WallTime90k{s.ColumnInt64(4)};
  if (!s.ColumnIsNull(5)) r.end_wall_90k = WallTime90k{s.ColumnInt64(5)};
  r.media_start_90k = s.ColumnInt64(6);
  r.media_duration_90k = s.ColumnInt64(7);
  r.bytes = s.ColumnInt64(8);
  r.frames = s.ColumnInt64(9);
  r.key_frames = s.ColumnInt64(10);
  r.video_params_id = s.ColumnInt64(11);
  r.open_reason = *reason;
  r.created_wall_90k = WallTime90k{s.ColumnInt64(13)};
  return r;
}

struct RecordingStatus {
  RecordingState state;
  WallTime90k start_wall_90k;
  int64_t frames;
};

Result<RecordingStatus> ReadRecordingStatus(SqliteDb& db, int64_t id) {
  Result<ScopedStatement> stmt = db.Prepare(sql::kSelectRecordingStatus);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindInt64(1, id);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error());
  if (!*row) return Err(NotFound("no " + RecordingName(id)));
  std::optional<RecordingState> state = ParseRecordingState((*stmt)->ColumnText(0));
  if (!state) return Err(DataLoss(RecordingName(id) + " has an unknown state"));
  return RecordingStatus{*state, WallTime90k{(*stmt)->ColumnInt64(1)}, (*stmt)->ColumnInt64(2)};
}

// Rows of (id, start, end); end is NULL for an open recording.
Status AppendSpans(SqliteStatement& s, std::vector<RecordingSpan>& spans) {
  for (;;) {
    Result<bool> row = s.Step();
    if (!row) return row.error();
    if (!*row) return Status::Ok();
    RecordingSpan span{s.ColumnInt64(0), WallTime90k{s.ColumnInt64(1)}, std::nullopt};
    if (!s.ColumnIsNull(2)) span.end_wall_90k = WallTime90k{s.ColumnInt64(2)};
    spans.push_back(span);
  }
}

void SortByStart(std::vector<Recording>& recordings) {
  std::sort(recordings.begin(), recordings.end(), [](const Recording& a, const Recording& b) {
    if (a.start_wall_90k != b.start_wall_90k) return a.start_wall_90k < b.start_wall_90k;
    return a.id < b.id;
  });
}

}  // namespace

Result<int64_t> SqliteCatalog::InsertRecording(const NewRecording& r) {
  const std::string what = "inserting recording '" + r.file_path + "'";
  if (r.file_path.empty() || r.file_path[0] == '/') {
    return Err(InvalidArgument("a recording's file path must be relative to the data directory").With(what));
  }
  Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertRecording);
  if (!stmt) return Err(stmt.error().With(what));
  SqliteStatement& s = **stmt;
  s.BindText(1, r.camera_id);
  s.BindText(2, r.file_path);
  s.BindInt64(3, r.start_wall_90k.ticks_90k);
  s.BindInt64(4, r.media_start_90k);
  s.BindInt64(5, r.video_params_id);
  s.BindText(6, ToString(r.open_reason));
  s.BindInt64(7, clock_.Now().ticks_90k);
  if (Status st = s.Run(); !st.ok()) return Err(st.With(what));
  return db_->LastInsertRowId();
}

Status SqliteCatalog::FinishRecording(int64_t recording_id, const RecordingSummary& summary) {
  const std::string what = "finishing " + RecordingName(recording_id);
  CUSTOS_RETURN_IF_ERROR(CheckSummary(summary).With(what));
  Result<RecordingStatus> status = ReadRecordingStatus(*db_, recording_id);
  if (!status) return status.error().With(what);
  if (status->state != RecordingState::kWriting) {
    return FailedPrecondition("it is already '" + std::string(ToString(status->state)) + "'").With(what);
  }
  if (summary.end_wall_90k < status->start_wall_90k) return InvalidArgument("it ends before it starts").With(what);
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  Result<ScopedStatement> stmt = db_->Prepare(sql::kFinishRecording);
  if (!stmt) return stmt.error().With(what);
  SqliteStatement& s = **stmt;
  s.BindInt64(1, recording_id);
  s.BindText(2, ToString(summary.state));
  s.BindInt64(3, summary.end_wall_90k.ticks_90k);
  s.BindInt64(4, summary.media_duration_90k);
  s.BindInt64(5, summary.bytes);
  s.BindInt64(6, summary.frames);
  s.BindInt64(7, summary.key_frames);
  s.BindBlob(8, summary.frame_index);
  CUSTOS_RETURN_IF_ERROR(s.Run().With(what));
  if (db_->Changes() == 0) return FailedPrecondition("another process finished it first").With(what);
  Result<ScopedStatement> span = db_->Prepare(sql::kRaiseMaxRecordingSpan);
  if (!span) return span.error().With(what);
  (*span)->BindInt64(1, summary.end_wall_90k.ticks_90k - status->start_wall_90k.ticks_90k);
  CUSTOS_RETURN_IF_ERROR((*span)->Run().With(what));
  return tx->Commit().With(what);
}

Result<std::vector<Recording>> SqliteCatalog::QueryRecordings(ScopedStatement stmt) {
  std::vector<Recording> recordings;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row) return Err(row.error());
    if (!*row) return recordings;
    Result<Recording> r = ReadRecording(*stmt);
    if (!r) return Err(r.error());
    recordings.push_back(std::move(*r));
  }
}

Result<std::vector<Recording>> SqliteCatalog::ListOpenRecordings() {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectOpenRecordings);
  if (!stmt) return Err(stmt.error());
  return QueryRecordings(std::move(*stmt));
}

Result<std::vector<Recording>> SqliteCatalog::ListRecordings(std::string_view camera_id, WallTime90k from_wall_90k,
                                                             WallTime90k to_wall_90k) {
  if (Status s = CheckRange(from_wall_90k, to_wall_90k); !s.ok()) return Err(s);
  if (from_wall_90k == to_wall_90k) return std::vector<Recording>();
  Result<ScopedStatement> finished = db_->Prepare(sql::kSelectFinishedRecordingsInRange);
  if (!finished) return Err(finished.error());
  (*finished)->BindText(1, camera_id);
  (*finished)->BindInt64(2, from_wall_90k.ticks_90k);
  (*finished)->BindInt64(3, to_wall_90k.ticks_90k);
  Result<std::vector<Recording>> recordings = QueryRecordings(std::move(*finished));
  if (!recordings) return recordings;

  Result<ScopedStatement> open = db_->Prepare(sql::kSelectOpenRecordingsInRange);
  if (!open) return Err(open.error());
  (*open)->BindText(1, camera_id);
  (*open)->BindInt64(2, to_wall_90k.ticks_90k);
  Result<std::vector<Recording>> open_recordings = QueryRecordings(std::move(*open));
  if (!open_recordings) return open_recordings;

  recordings->insert(recordings->end(), open_recordings->begin(), open_recordings->end());
  SortByStart(*recordings);
  return recordings;
}

Result<Recording> SqliteCatalog::GetRecording(int64_t recording_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectRecording);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindInt64(1, recording_id);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error());
  if (!*row) return Err(NotFound("no " + RecordingName(recording_id)));
  return ReadRecording(**stmt);
}

Result<std::vector<FrameIndexEntry>> SqliteCatalog::GetFrameIndex(int64_t recording_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectFrameIndex);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindInt64(1, recording_id);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error());
  if (!*row) return Err(NotFound("no " + RecordingName(recording_id)));
  if ((*stmt)->ColumnIsNull(1)) {
    return Err(FailedPrecondition(RecordingName(recording_id) + " is still being written; it has no index yet"));
  }
  Result<std::vector<FrameIndexEntry>> entries = DecodeFrameIndex((*stmt)->ColumnBlob(1));
  if (!entries) return Err(entries.error().With(RecordingName(recording_id)));
  return entries;
}

Status SqliteCatalog::DeleteRecording(int64_t recording_id) {
  const std::string what = "deleting " + RecordingName(recording_id);
  Result<ScopedStatement> stmt = db_->Prepare(sql::kDeleteEmptyRecording);
  if (!stmt) return stmt.error().With(what);
  (*stmt)->BindInt64(1, recording_id);
  CUSTOS_RETURN_IF_ERROR((*stmt)->Run().With(what));
  if (db_->Changes() == 1) return Status::Ok();
  Result<RecordingStatus> status = ReadRecordingStatus(*db_, recording_id);
  if (!status) return status.error().With(what);
  return FailedPrecondition("it holds " + std::to_string(status->frames) +
                            " frames; only empty recordings are deleted here (retention deletes the others)")
      .With(what);
}

Result<std::vector<TimelineRun>> SqliteCatalog::Timeline(std::string_view camera_id, WallTime90k from_wall_90k,
                                                         WallTime90k to_wall_90k, int64_t merge_tolerance_90k) {
  if (Status s = CheckRange(from_wall_90k, to_wall_90k); !s.ok()) return Err(s);
  if (merge_tolerance_90k < 0) return Err(InvalidArgument("negative merge tolerance"));
  if (from_wall_90k == to_wall_90k) return std::vector<TimelineRun>();
  std::vector<RecordingSpan> spans;
  Result<ScopedStatement> finished = db_->Prepare(sql::kSelectFinishedSpansInRange);
  if (!finished) return Err(finished.error());
  (*finished)->BindText(1, camera_id);
  (*finished)->BindInt64(2, from_wall_90k.ticks_90k);
  (*finished)->BindInt64(3, to_wall_90k.ticks_90k);
  if (Status s = AppendSpans(**finished, spans); !s.ok()) return Err(s.With("reading the timeline"));

  Result<ScopedStatement> open = db_->Prepare(sql::kSelectOpenSpansInRange);
  if (!open) return Err(open.error());
  (*open)->BindText(1, camera_id);
  (*open)->BindInt64(2, to_wall_90k.ticks_90k);
  if (Status s = AppendSpans(**open, spans); !s.ok()) return Err(s.With("reading the timeline"));
  return MergeIntoRuns(std::move(spans), merge_tolerance_90k);
}

}  // namespace custos
