#include "catalog/sqlite_catalog.h"

#include "catalog/catalog_sql.h"
#include "catalog/schema.h"

namespace custos {

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& db_path) {
  return Open(db_path, RealClock::Get());
}

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& db_path, const Clock& clock) {
  Result<std::unique_ptr<SqliteCatalog>> catalog = SqliteCatalog::Open(db_path, clock);
  if (!catalog) return Err(catalog.error());
  return std::unique_ptr<Catalog>(std::move(*catalog));
}

Result<std::unique_ptr<SqliteCatalog>> SqliteCatalog::Open(const std::string& db_path, const Clock& clock) {
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(db_path);
  if (!db) return Err(db.error());
  Status s = MigrateSchema(**db, clock.Now());
  if (!s.ok()) return Err(s.With("opening catalog '" + db_path + "'"));
  return std::unique_ptr<SqliteCatalog>(new SqliteCatalog(std::move(*db), clock));
}

Result<CatalogMeta> SqliteCatalog::Meta() {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectMeta);
  if (!stmt) return Err(stmt.error());
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error());
  if (!*row) return Err(DataLoss("the catalog has no meta row"));
  return CatalogMeta{(*stmt)->ColumnInt64(0), (*stmt)->ColumnText(1), WallTime90k{(*stmt)->ColumnInt64(2)}};
}

Result<int64_t> SqliteCatalog::CamerasVersion() {
  Result<int64_t> version = db_->QueryInt64(sql::kSelectCamerasVersion);
  if (!version) return Err(version.error().With("reading the cameras version"));
  return version;
}

Status SqliteCatalog::CheckRange(WallTime90k from_wall_90k, WallTime90k to_wall_90k) {
  if (from_wall_90k > to_wall_90k) return InvalidArgument("the time range ends before it starts");
  return Status::Ok();
}

}  // namespace custos
