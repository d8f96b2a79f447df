// The Govern methods of SqliteCatalog: settings, camera registry, filings, documents and
// operations records (registry_types.h; SQL in govern_sql.h).
#include <string>

#include "catalog/govern_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

void BindOptionalDouble(SqliteStatement& s, int index, const std::optional<double>& v) {
  if (v) {
    s.BindDouble(index, *v);
  } else {
    s.BindNull(index);
  }
}

void BindRegistry(SqliteStatement& s, std::string_view id, const CameraRegistry& r, WallTime90k now) {
  s.BindText(1, id);
  s.BindText(2, r.owning_unit);
  s.BindText(3, r.address);
  BindOptionalDouble(s, 4, r.latitude);
  BindOptionalDouble(s, 5, r.longitude);
  s.BindText(6, r.site_category);
  s.BindText(7, ToString(r.position));
  s.BindText(8, r.equipment_type);
  s.BindText(9, r.equipment_model);
  s.BindText(10, r.commissioned_on);
  s.BindText(11, ToString(r.lifecycle));
  s.BindText(12, r.lifecycle_since);
  s.BindText(13, r.accepted_on);
  s.BindText(14, r.acceptance_ref);
  s.BindInt64(15, r.signage ? 1 : 0);
  s.BindText(16, r.signage_evidence);
  s.BindInt64(17, r.government_invested ? 1 : 0);
  s.BindInt64(18, r.near_military_zone ? 1 : 0);
  s.BindText(19, r.military_consent_ref);
  s.BindInt64(20, now.ticks_90k);
}

// Steps `stmt` to the end, reading each row with `read`.
template <typename T, typename F>
Result<std::vector<T>> ReadAll(ScopedStatement& stmt, F read, std::string_view what) {
  std::vector<T> out;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row) return Err(row.error().With(what));
    if (!*row) return out;
    Result<T> item = read(*stmt);
    if (!item) return Err(item.error().With(what));
    out.push_back(std::move(*item));
  }
}

Result<Filing> ReadFiling(const SqliteStatement& s) {
  Filing f;
  f.id = s.ColumnInt64(0);
  std::optional<FilingKind> kind = ParseFilingKind(s.ColumnText(1));
  if (!kind) return Err(DataLoss("unknown filing kind '" + s.ColumnText(1) + "'"));
  f.filing.kind = *kind;
  f.filing.camera_id = s.ColumnText(2);
  f.filing.trigger_on = s.ColumnText(3);
  f.filing.accepted_on = s.ColumnText(4);
  f.filing.detail = s.ColumnText(5);
  f.filed_on = s.ColumnText(6);
  f.receipt_ref = s.ColumnText(7);
  f.created_wall_90k = WallTime90k{s.ColumnInt64(8)};
  return f;
}

Result<DocumentRecord> ReadDocument(const SqliteStatement& s) {
  DocumentRecord d;
  d.id = s.ColumnInt64(0);
  std::optional<DocumentKind> kind = ParseDocumentKind(s.ColumnText(1));
  if (!kind) return Err(DataLoss("unknown document kind '" + s.ColumnText(1) + "'"));
  d.kind = *kind;
  d.title = s.ColumnText(2);
  d.file_path = s.ColumnText(3);
  d.sha256_hex = s.ColumnText(4);
  d.bytes = s.ColumnInt64(5);
  d.parties = s.ColumnText(6);
  d.created_wall_90k = WallTime90k{s.ColumnInt64(7)};
  return d;
}

Result<OpsRecord> ReadOpsRecord(const SqliteStatement& s) {
  OpsRecord r;
  r.id = s.ColumnInt64(0);
  std::optional<OpsRecordKind> kind = ParseOpsRecordKind(s.ColumnText(1));
  if (!kind) return Err(DataLoss("unknown record kind '" + s.ColumnText(1) + "'"));
  r.kind = *kind;
  r.on_date = s.ColumnText(2);
  r.persons = s.ColumnText(3);
  r.description = s.ColumnText(4);
  r.entered_by = s.ColumnText(5);
  r.created_wall_90k = WallTime90k{s.ColumnInt64(6)};
  return r;
}

}  // namespace

Result<std::optional<std::string>> SqliteCatalog::GetGovernSetting(std::string_view key) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectGovernSetting);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, key);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error().With("reading setting '" + std::string(key) + "'"));
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>((*stmt)->ColumnText(0));
}

Status SqliteCatalog::SetGovernSetting(std::string_view key, std::string_view value) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kUpsertGovernSetting);
  if (!stmt) return stmt.error();
  (*stmt)->BindText(1, key);
  (*stmt)->BindText(2, value);
  (*stmt)->BindInt64(3, clock_.Now().ticks_90k);
  return (*stmt)->Run().With("writing setting '" + std::string(key) + "'");
}

Status SqliteCatalog::WriteRegistry(std::string_view camera_id, const CameraRegistry& registry) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kUpsertCameraRegistry);
  if (!stmt) return stmt.error();
  BindRegistry(**stmt, camera_id, registry, clock_.Now());
  return (*stmt)->Run();
}

Status SqliteCatalog::PutCameraRegistry(std::string_view camera_id, const CameraRegistry& registry) {
  const std::string what = "writing the registry entry of camera '" + std::string(camera_id) + "'";
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  {
    Result<ScopedStatement> exists = db_->Prepare(sql::kSelectActiveCameraExists);
    if (!exists) return exists.error().With(what);
    (*exists)->BindText(1, camera_id);
    Result<bool> row = (*exists)->Step();
    if (!row) return row.error().With(what);
    if ((*exists)->ColumnInt64(0) == 0) return NotFound("no active camera '" + std::string(camera_id) + "'");
  }
  CUSTOS_RETURN_IF_ERROR(WriteRegistry(camera_id, registry).With(what));
  return tx->Commit().With(what);
}

Result<int64_t> SqliteCatalog::AddFiling(const NewFiling& f) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertFiling);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, ToString(f.kind));
  (*stmt)->BindText(2, f.camera_id);
  (*stmt)->BindText(3, f.trigger_on);
  (*stmt)->BindText(4, f.accepted_on);
  (*stmt)->BindText(5, f.detail);
  (*stmt)->BindInt64(6, clock_.Now().ticks_90k);
  CUSTOS_RETURN_IF_ERROR((*stmt)->Run().With("adding a filing"));
  return db_->LastInsertRowId();
}

Result<std::vector<Filing>> SqliteCatalog::ListFilings() {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectFilings);
  if (!stmt) return Err(stmt.error());
  return ReadAll<Filing>(*stmt, ReadFiling, "listing filings");
}

Status SqliteCatalog::MarkFiled(int64_t filing_id, std::string_view filed_on, std::string_view receipt_ref) {
  const std::string what = "marking filing " + std::to_string(filing_id) + " filed";
  if (filed_on.empty()) return InvalidArgument("the filing date is empty").With(what);
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error().With(what);
  {
    Result<ScopedStatement> check = db_->Prepare(sql::kSelectFilingFiledOn);
    if (!check) return check.error();
    (*check)->BindInt64(1, filing_id);
    Result<bool> row = (*check)->Step();
    if (!row) return row.error().With(what);
    if (!*row) return NotFound("no filing " + std::to_string(filing_id));
    if (!(*check)->ColumnText(0).empty()) {
      return FailedPrecondition("filing " + std::to_string(filing_id) + " was already filed on " +
                                (*check)->ColumnText(0));
    }
  }
  Result<ScopedStatement> stmt = db_->Prepare(sql::kMarkFiled);
  if (!stmt) return stmt.error();
  (*stmt)->BindInt64(1, filing_id);
  (*stmt)->BindText(2, filed_on);
  (*stmt)->BindText(3, receipt_ref);
  CUSTOS_RETURN_IF_ERROR((*stmt)->Run().With(what));
  return tx->Commit().With(what);
}

Result<int64_t> SqliteCatalog::AddDocument(const DocumentRecord& d) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertDocument);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, ToString(d.kind));
  (*stmt)->BindText(2, d.title);
  (*stmt)->BindText(3, d.file_path);
  (*stmt)->BindText(4, d.sha256_hex);
  (*stmt)->BindInt64(5, d.bytes);
  (*stmt)->BindText(6, d.parties);
  (*stmt)->BindInt64(7, clock_.Now().ticks_90k);
  Status s = (*stmt)->Run();
  if (s.code() == StatusCode::kAlreadyExists) {
    return Err(AlreadyExists("document '" + d.file_path + "' is already archived"));
  }
  CUSTOS_RETURN_IF_ERROR(s.With("archiving document '" + d.title + "'"));
  return db_->LastInsertRowId();
}

Result<std::vector<DocumentRecord>> SqliteCatalog::ListDocuments() {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectDocuments);
  if (!stmt) return Err(stmt.error());
  return ReadAll<DocumentRecord>(*stmt, ReadDocument, "listing documents");
}

Result<int64_t> SqliteCatalog::AddOpsRecord(const OpsRecord& r) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertOpsRecord);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, ToString(r.kind));
  (*stmt)->BindText(2, r.on_date);
  (*stmt)->BindText(3, r.persons);
  (*stmt)->BindText(4, r.description);
  (*stmt)->BindText(5, r.entered_by);
  (*stmt)->BindInt64(6, clock_.Now().ticks_90k);
  CUSTOS_RETURN_IF_ERROR((*stmt)->Run().With("adding a record"));
  return db_->LastInsertRowId();
}

Result<std::vector<OpsRecord>> SqliteCatalog::ListOpsRecords() {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectOpsRecords);
  if (!stmt) return Err(stmt.error());
  return ReadAll<OpsRecord>(*stmt, ReadOpsRecord, "listing records");
}

}  // namespace custos
