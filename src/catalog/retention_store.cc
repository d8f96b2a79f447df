// The retention part of SqliteCatalog: the one delete path for recordings with frames,
// evidence holds, per-camera maximum retention and the garbage list.
#include <string>

#include "catalog/catalog_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

constexpr char kHoldColumns[] =
    "SELECT id, camera_id, from_wall_90k, to_wall_90k, case_ref, created_by, created_wall_90k, until_wall_90k, "
    "release_requested_by, release_requested_wall_90k, released_by, released_wall_90k FROM retention_hold ";

// ?1 camera, ?2 recording start, ?3 recording end, ?4 now.
constexpr char kSelectCoveringHold[] =
    "SELECT id, case_ref FROM retention_hold WHERE camera_id = ?1 AND from_wall_90k < ?3 AND to_wall_90k > ?2 "
    "AND released_by IS NULL AND (until_wall_90k IS NULL OR until_wall_90k > ?4) ORDER BY id LIMIT 1";

std::optional<WallTime90k> OptionalTime(const SqliteStatement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return WallTime90k{s.ColumnInt64(col)};
}

Hold ReadHold(const SqliteStatement& s) {
  Hold h;
  h.id = s.ColumnInt64(0);
  h.camera_id = s.ColumnText(1);
  h.from_wall_90k = WallTime90k{s.ColumnInt64(2)};
  h.to_wall_90k = WallTime90k{s.ColumnInt64(3)};
  h.case_ref = s.ColumnText(4);
  h.created_by = s.ColumnText(5);
  h.created_wall_90k = WallTime90k{s.ColumnInt64(6)};
  h.until_wall_90k = OptionalTime(s, 7);
  h.release_requested_by = s.ColumnIsNull(8) ? "" : s.ColumnText(8);
  h.release_requested_wall_90k = OptionalTime(s, 9);
  h.released_by = s.ColumnIsNull(10) ? "" : s.ColumnText(10);
  h.released_wall_90k = OptionalTime(s, 11);
  return h;
}

std::string HoldName(int64_t id) { return "hold " + std::to_string(id); }

std::string Days(int64_t ticks_90k) {
  const double days = static_cast<double>(ticks_90k) / (86400.0 * kTicksPerSecond90k);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", days);
  return buf;
}

}  // namespace

Status SqliteCatalog::CheckRetentionDelete(const Recording& r, const RetentionCheck& check) {
  if (!r.end_wall_90k) return FailedPrecondition("it is still being written");
  const WallTime90k protected_until{r.end_wall_90k->ticks_90k + check.minimum_90k};
  if (check.now_wall_90k < protected_until) {
    return FailedPrecondition("refused by R403/R501: it ended " + FormatIso8601(*r.end_wall_90k) +
                              ", less than the minimum retention of " + Days(check.minimum_90k) +
                              " days ago; it is protected until " + FormatIso8601(protected_until));
  }
  Result<ScopedStatement> hold = db_->Prepare(kSelectCoveringHold);
  if (!hold) return hold.error();
  (*hold)->BindText(1, r.camera_id);
  (*hold)->BindInt64(2, r.start_wall_90k.ticks_90k);
  (*hold)->BindInt64(3, r.end_wall_90k->ticks_90k);
  (*hold)->BindInt64(4, check.now_wall_90k.ticks_90k);
  Result<bool> row = (*hold)->Step();
  if (!row) return row.error();
  if (*row) {
    return FailedPrecondition("refused by R502: evidence hold " + std::to_string((*hold)->ColumnInt64(0)) +
                              " (" + (*hold)->ColumnText(1) + ") covers it");
  }
  return Status::Ok();
}

Result<Recording> SqliteCatalog::DeleteRecordingForRetention(int64_t recording_id, const RetentionCheck& check,
                                                             const DeletionReason& why) {
  const std::string what = "retention delete of recording " + std::to_string(recording_id);
  // The caller unlinks the file once this returns, so this commit must be on disk first
  // (the catalog's WAL is not fsynced per commit otherwise): a power cut must not bring
  // back a row whose file is gone.
  CUSTOS_RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous = FULL", "making the delete durable").With(what));
  struct RestoreNormal {
    SqliteDb& db;
    ~RestoreNormal() { (void)db.Exec("PRAGMA synchronous = NORMAL", "restoring pragmas"); }
  } restore{*db_};
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return Err(tx.error().With(what));
  Result<Recording> r = GetRecording(recording_id);
  if (!r) return Err(r.error().With(what));
  CUSTOS_RETURN_IF_ERROR(CheckRetentionDelete(*r, check).With(what));
  Result<ScopedStatement> garbage = db_->Prepare(
      "INSERT INTO recording_garbage (recording_id, camera_id, file_path, deleted_wall_90k) VALUES (?1, ?2, ?3, ?4)");
  if (!garbage) return Err(garbage.error().With(what));
  (*garbage)->BindInt64(1, r->id);
  (*garbage)->BindText(2, r->camera_id);
  (*garbage)->BindText(3, r->file_path);
  (*garbage)->BindInt64(4, check.now_wall_90k.ticks_90k);
  CUSTOS_RETURN_IF_ERROR((*garbage)->Run().With(what));
  CUSTOS_RETURN_IF_ERROR(MarkLawfulDeletion(*r, check, why).With(what));
  Result<ScopedStatement> del = db_->Prepare("DELETE FROM recording WHERE id = ?1");
  if (!del) return Err(del.error().With(what));
  (*del)->BindInt64(1, r->id);
  CUSTOS_RETURN_IF_ERROR((*del)->Run().With(what));
  CUSTOS_RETURN_IF_ERROR(tx->Commit().With(what));
  return r;
}

Result<std::vector<Recording>> SqliteCatalog::ListRecordingsEndedBy(std::string_view camera_id,
                                                                    WallTime90k ended_by) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectRecordingsEndedBy);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  (*stmt)->BindInt64(2, ended_by.ticks_90k);
  return QueryRecordings(std::move(*stmt));
}

Result<std::vector<GarbageFile>> SqliteCatalog::ListGarbage() {
  Result<ScopedStatement> s = db_->Prepare(
      "SELECT recording_id, camera_id, file_path, deleted_wall_90k FROM recording_garbage ORDER BY recording_id");
  if (!s) return Err(s.error());
  std::vector<GarbageFile> out;
  for (;;) {
    Result<bool> row = (*s)->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    out.push_back(GarbageFile{(*s)->ColumnInt64(0), (*s)->ColumnText(1), (*s)->ColumnText(2),
                              WallTime90k{(*s)->ColumnInt64(3)}});
  }
}

Status SqliteCatalog::ForgetGarbage(int64_t recording_id) {
  Result<ScopedStatement> s = db_->Prepare("DELETE FROM recording_garbage WHERE recording_id = ?1");
  if (!s) return s.error();
  (*s)->BindInt64(1, recording_id);
  return (*s)->Run();
}

Result<int64_t> SqliteCatalog::AddHold(const NewHold& h) {
  if (h.case_ref.empty()) return Err(InvalidArgument("a hold needs a case reference"));
  if (h.created_by.empty()) return Err(InvalidArgument("a hold needs the name of who places it"));
  if (h.to_wall_90k <= h.from_wall_90k) return Err(InvalidArgument("a hold's range must end after it starts"));
  if (!GetCamera(h.camera_id)) return Err(FailedPrecondition("no camera '" + h.camera_id + "'"));
  Result<ScopedStatement> s = db_->Prepare(
      "INSERT INTO retention_hold (camera_id, from_wall_90k, to_wall_90k, case_ref, created_by, created_wall_90k, "
      "until_wall_90k) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s) return Err(s.error());
  (*s)->BindText(1, h.camera_id);
  (*s)->BindInt64(2, h.from_wall_90k.ticks_90k);
  (*s)->BindInt64(3, h.to_wall_90k.ticks_90k);
  (*s)->BindText(4, h.case_ref);
  (*s)->BindText(5, h.created_by);
  (*s)->BindInt64(6, h.created_wall_90k.ticks_90k);
  if (h.until_wall_90k) {
    (*s)->BindInt64(7, h.until_wall_90k->ticks_90k);
  } else {
    (*s)->BindNull(7);
  }
  CUSTOS_RETURN_IF_ERROR((*s)->Run().With("adding a hold"));
  return db_->LastInsertRowId();
}

Result<std::vector<Hold>> SqliteCatalog::QueryHolds(ScopedStatement stmt) {
  std::vector<Hold> out;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    out.push_back(ReadHold(*stmt));
  }
}

Result<Hold> SqliteCatalog::GetHold(int64_t hold_id) {
  Result<ScopedStatement> s = db_->Prepare(std::string(kHoldColumns) + "WHERE id = ?1");
  if (!s) return Err(s.error());
  (*s)->BindInt64(1, hold_id);
  auto holds = QueryHolds(std::move(*s));
  if (!holds) return Err(holds.error());
  if (holds->empty()) return Err(NotFound("no " + HoldName(hold_id)));
  return holds->front();
}

Result<std::vector<Hold>> SqliteCatalog::ListHolds(HoldFilter filter, WallTime90k now) {
  Result<ScopedStatement> s = db_->Prepare(std::string(kHoldColumns) + "ORDER BY id");
  if (!s) return Err(s.error());
  auto holds = QueryHolds(std::move(*s));
  if (!holds || filter == HoldFilter::kAll) return holds;
  std::vector<Hold> active;
  for (Hold& h : *holds) {
    if (h.ActiveAt(now)) active.push_back(std::move(h));
  }
  return active;
}

Status SqliteCatalog::RequestHoldRelease(int64_t hold_id, std::string_view requester, WallTime90k now) {
  if (requester.empty()) return InvalidArgument("a release request needs the requester's name");
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error();
  Result<Hold> h = GetHold(hold_id);
  if (!h) return h.error();
  if (!h->released_by.empty()) return FailedPrecondition(HoldName(hold_id) + " is already released");
  if (!h->release_requested_by.empty()) {
    return FailedPrecondition("the release of " + HoldName(hold_id) + " was already asked by " +
                              h->release_requested_by + "; it needs another person's approval");
  }
  Result<ScopedStatement> s = db_->Prepare(
      "UPDATE retention_hold SET release_requested_by = ?2, release_requested_wall_90k = ?3 WHERE id = ?1");
  if (!s) return s.error();
  (*s)->BindInt64(1, hold_id);
  (*s)->BindText(2, requester);
  (*s)->BindInt64(3, now.ticks_90k);
  CUSTOS_RETURN_IF_ERROR((*s)->Run());
  return tx->Commit();
}

Status SqliteCatalog::ApproveHoldRelease(int64_t hold_id, std::string_view approver, WallTime90k now) {
  if (approver.empty()) return InvalidArgument("an approval needs the approver's name");
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error();
  Result<Hold> h = GetHold(hold_id);
  if (!h) return h.error();
  if (!h->released_by.empty()) return FailedPrecondition(HoldName(hold_id) + " is already released");
  if (h->release_requested_by.empty()) {
    return FailedPrecondition("nobody asked to release " + HoldName(hold_id) + "; ask first (hold release --request)");
  }
  if (h->release_requested_by == approver) {
    return PermissionDenied("releasing " + HoldName(hold_id) + " needs a second person: " + std::string(approver) +
                            " asked for the release and cannot also approve it");
  }
  Result<ScopedStatement> s =
      db_->Prepare("UPDATE retention_hold SET released_by = ?2, released_wall_90k = ?3 WHERE id = ?1");
  if (!s) return s.error();
  (*s)->BindInt64(1, hold_id);
  (*s)->BindText(2, approver);
  (*s)->BindInt64(3, now.ticks_90k);
  CUSTOS_RETURN_IF_ERROR((*s)->Run());
  return tx->Commit();
}

Status SqliteCatalog::SetCameraMaxRetention(std::string_view camera_id, std::optional<int64_t> days) {
  if (!GetCamera(camera_id)) return FailedPrecondition("no camera '" + std::string(camera_id) + "'");
  if (days && *days <= 0) return InvalidArgument("a maximum retention must be at least one day");
  Result<ScopedStatement> s =
      days ? db_->Prepare("INSERT INTO camera_retention (camera_id, max_retention_days) VALUES (?1, ?2) "
                          "ON CONFLICT (camera_id) DO UPDATE SET max_retention_days = excluded.max_retention_days")
           : db_->Prepare("DELETE FROM camera_retention WHERE camera_id = ?1");
  if (!s) return s.error();
  (*s)->BindText(1, camera_id);
  if (days) (*s)->BindInt64(2, *days);
  return (*s)->Run();
}

Result<std::map<std::string, int64_t>> SqliteCatalog::ListCameraMaxRetention() {
  Result<ScopedStatement> s = db_->Prepare("SELECT camera_id, max_retention_days FROM camera_retention");
  if (!s) return Err(s.error());
  std::map<std::string, int64_t> out;
  for (;;) {
    Result<bool> row = (*s)->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    out[(*s)->ColumnText(0)] = (*s)->ColumnInt64(1);
  }
}

}  // namespace custos
