// The gap methods of SqliteCatalog: spans of time a camera was not recorded, and why.
#include <algorithm>
#include <string>

#include "catalog/catalog_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

std::string GapName(int64_t id) { return "gap " + std::to_string(id); }

Result<Gap> ReadGap(const SqliteStatement& s) {
  Gap gap;
  gap.id = s.ColumnInt64(0);
  gap.camera_id = s.ColumnText(1);
  gap.start_wall_90k = WallTime90k{s.ColumnInt64(2)};
  if (!s.ColumnIsNull(3)) gap.end_wall_90k = WallTime90k{s.ColumnInt64(3)};
  std::optional<GapReason> reason = ParseGapReason(s.ColumnText(4));
  if (!reason) return Err(DataLoss(GapName(gap.id) + " has unknown reason '" + s.ColumnText(4) + "'"));
  gap.reason = *reason;
  gap.detail = s.ColumnText(5);
  return gap;
}

}  // namespace

Result<std::vector<Gap>> SqliteCatalog::QueryGaps(ScopedStatement stmt) {
  std::vector<Gap> gaps;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row) return Err(row.error());
    if (!*row) return gaps;
    Result<Gap> gap = ReadGap(*stmt);
    if (!gap) return Err(gap.error());
    gaps.push_back(std::move(*gap));
  }
}

Result<int64_t> SqliteCatalog::OpenGap(std::string_view camera_id, WallTime90k start_wall_90k, GapReason reason,
                                       std::string_view detail) {
  const std::string what = "opening a gap for camera '" + std::string(camera_id) + "'";
  Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertGap);
  if (!stmt) return Err(stmt.error().With(what));
  SqliteStatement& s = **stmt;
  s.BindText(1, camera_id);
  s.BindInt64(2, start_wall_90k.ticks_90k);
  s.BindText(3, ToString(reason));
  s.BindText(4, detail);
  Status st = s.Run();
  if (st.code() == StatusCode::kAlreadyExists) {  // the gap_open unique index
    return Err(FailedPrecondition("the camera already has an open gap; close it first").With(what));
  }
  if (!st.ok()) return Err(st.With(what));
  return db_->LastInsertRowId();
}

Status SqliteCatalog::CloseGap(int64_t gap_id, WallTime90k end_wall_90k) {
  const std::string what = "closing " + GapName(gap_id);
  {
    Result<ScopedStatement> stmt = db_->Prepare(sql::kCloseGap);
    if (!stmt) return stmt.error().With(what);
    (*stmt)->BindInt64(1, gap_id);
    (*stmt)->BindInt64(2, end_wall_90k.ticks_90k);
    CUSTOS_RETURN_IF_ERROR((*stmt)->Run().With(what));
    if (db_->Changes() == 1) return Status::Ok();
  }
  // Nothing changed: say why.
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectGap);
  if (!stmt) return stmt.error().With(what);
  (*stmt)->BindInt64(1, gap_id);
  Result<bool> row = (*stmt)->Step();
  if (!row) return row.error().With(what);
  if (!*row) return NotFound("no " + GapName(gap_id));
  Result<Gap> gap = ReadGap(**stmt);
  if (!gap) return gap.error().With(what);
  if (gap->end_wall_90k) return FailedPrecondition("it is already closed").With(what);
  return InvalidArgument("the end is before the gap's start").With(what);
}

Result<std::optional<Gap>> SqliteCatalog::GetOpenGap(std::string_view camera_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectOpenGap);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  Result<std::vector<Gap>> gaps = QueryGaps(std::move(*stmt));
  if (!gaps) return Err(gaps.error());
  if (gaps->empty()) return std::optional<Gap>();
  return std::optional<Gap>(std::move(gaps->front()));  // the gap_open index allows one
}

Result<std::vector<Gap>> SqliteCatalog::ListGaps(std::string_view camera_id, WallTime90k from_wall_90k,
                                                 WallTime90k to_wall_90k) {
  if (Status s = CheckRange(from_wall_90k, to_wall_90k); !s.ok()) return Err(s);
  if (from_wall_90k == to_wall_90k) return std::vector<Gap>();
  Result<ScopedStatement> closed = db_->Prepare(sql::kSelectClosedGapsInRange);
  if (!closed) return Err(closed.error());
  (*closed)->BindText(1, camera_id);
  (*closed)->BindInt64(2, from_wall_90k.ticks_90k);
  (*closed)->BindInt64(3, to_wall_90k.ticks_90k);
  Result<std::vector<Gap>> gaps = QueryGaps(std::move(*closed));
  if (!gaps) return gaps;

  Result<ScopedStatement> open = db_->Prepare(sql::kSelectOpenGapInRange);
  if (!open) return Err(open.error());
  (*open)->BindText(1, camera_id);
  (*open)->BindInt64(2, to_wall_90k.ticks_90k);
  Result<std::vector<Gap>> open_gaps = QueryGaps(std::move(*open));
  if (!open_gaps) return open_gaps;

  gaps->insert(gaps->end(), open_gaps->begin(), open_gaps->end());
  std::sort(gaps->begin(), gaps->end(), [](const Gap& a, const Gap& b) {
    if (a.start_wall_90k != b.start_wall_90k) return a.start_wall_90k < b.start_wall_90k;
    return a.id < b.id;
  });
  return gaps;
}

}  // namespace custos
