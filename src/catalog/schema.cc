#include "catalog/schema.h"

#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <string>

#include "catalog/schema_sql.h"  // generated from schema.sql: kSchemaSql

namespace custos {

namespace {

// An upgrade from `from_version` to from_version + 1. schema.sql always describes the
// latest version (what a new database gets); these steps bring older ones there. A step that rebuilds a table must follow SQLite's
// "making other kinds of table schema changes" recipe (foreign keys off, copy, rename).
struct UpgradeStep {
  int64_t from_version;
  const char* sql;
};
// Version 3 (Govern: registry, filings, documents, records). The tables are those at the
// end of schema.sql, without comments (schema_test checks both give the same columns).
// Cameras that existed are kept recording: they get a registry row 'in_use' without an
// acceptance date, which the compliance report lists under R206 until someone records it.
constexpr char kUpgradeFrom2[] =
    "CREATE TABLE govern_setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, "
    "updated_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE TABLE camera_registry (camera_id TEXT PRIMARY KEY NOT NULL REFERENCES camera (id), "
    "owning_unit TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '', "
    "latitude REAL CHECK (latitude BETWEEN -90 AND 90), longitude REAL CHECK (longitude BETWEEN -180 AND 180), "
    "site_category TEXT NOT NULL DEFAULT '', position TEXT NOT NULL DEFAULT 'other' "
    "CHECK (position IN ('entrance', 'main_passage', 'key_part', 'other')), "
    "equipment_type TEXT NOT NULL DEFAULT '', equipment_model TEXT NOT NULL DEFAULT '', "
    "commissioned_on TEXT NOT NULL DEFAULT '', lifecycle TEXT NOT NULL DEFAULT 'planned' "
    "CHECK (lifecycle IN ('planned', 'accepted', 'in_use', 'changed', 'dismantled')), "
    "lifecycle_since TEXT NOT NULL DEFAULT '', accepted_on TEXT NOT NULL DEFAULT '', "
    "acceptance_ref TEXT NOT NULL DEFAULT '', signage INTEGER NOT NULL DEFAULT 0 CHECK (signage IN (0, 1)), "
    "signage_evidence TEXT NOT NULL DEFAULT '', "
    "government_invested INTEGER NOT NULL DEFAULT 0 CHECK (government_invested IN (0, 1)), "
    "military_consent_ref TEXT NOT NULL DEFAULT '', "
    "near_military_zone INTEGER NOT NULL DEFAULT 0 CHECK (near_military_zone IN (0, 1)), "
    "updated_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE TRIGGER camera_registry_insert_bumps_version AFTER INSERT ON camera_registry BEGIN "
    "UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1; END;"
    "CREATE TRIGGER camera_registry_update_bumps_version AFTER UPDATE ON camera_registry BEGIN "
    "UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1; END;"
    "CREATE TABLE filing (id INTEGER PRIMARY KEY, "
    "kind TEXT NOT NULL CHECK (kind IN ('system', 'change', 'dismantling')), "
    "camera_id TEXT NOT NULL DEFAULT '', trigger_on TEXT NOT NULL, "
    "accepted_on TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', "
    "filed_on TEXT NOT NULL DEFAULT '', receipt_ref TEXT NOT NULL DEFAULT '', "
    "created_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE INDEX filing_open ON filing (kind, trigger_on) WHERE filed_on = '';"
    "CREATE TABLE document (id INTEGER PRIMARY KEY, "
    "kind TEXT NOT NULL CHECK (kind IN ('design', 'construction', 'acceptance', 'maintenance')), "
    "title TEXT NOT NULL, file_path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL CHECK (length(sha256) = 64), "
    "bytes INTEGER NOT NULL CHECK (bytes >= 0), parties TEXT NOT NULL DEFAULT '', "
    "created_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE TABLE ops_record (id INTEGER PRIMARY KEY, "
    "kind TEXT NOT NULL CHECK (kind IN ('training', 'maintenance', 'inspection', 'duty')), "
    "on_date TEXT NOT NULL, persons TEXT NOT NULL DEFAULT '', description TEXT NOT NULL, "
    "entered_by TEXT NOT NULL DEFAULT '', created_wall_90k INTEGER NOT NULL) STRICT;"
    "INSERT INTO camera_registry (camera_id, lifecycle, lifecycle_since, updated_wall_90k) "
    "SELECT id, 'in_use', date(created_wall_90k / 90000, 'unixepoch'), updated_wall_90k FROM camera "
    "WHERE deleted_wall_90k IS NULL;";

constexpr std::array<UpgradeStep, 2> kUpgradeSteps{{
    {1,
     "ALTER TABLE meta ADD COLUMN max_recording_span_90k INTEGER NOT NULL DEFAULT 0;"
     "UPDATE meta SET max_recording_span_90k = (SELECT COALESCE(MAX(end_wall_90k - start_wall_90k), 0) "
     "FROM recording WHERE end_wall_90k IS NOT NULL) WHERE id = 1;"},
    {2, kUpgradeFrom2},
}};

const UpgradeStep* FindUpgrade(int64_t from_version) {
  for (const UpgradeStep& step : kUpgradeSteps) {
    if (step.from_version == from_version) return &step;
  }
  return nullptr;
}

// RFC 4122 version 4, from SQLite's CSPRNG (seeded from the OS).
std::string NewUuid() {
  uint8_t b[16];
  sqlite3_randomness(sizeof b, b);
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return text;
}

Status CreateSchema(SqliteDb& db, WallTime90k now) {
  Result<int64_t> tables = db.QueryInt64("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  if (!tables) return tables.error();
  if (*tables != 0) {
    return FailedPrecondition("the file holds tables but no Custos catalog (no meta table); refusing to touch it");
  }
  CUSTOS_RETURN_IF_ERROR(db.Exec(kSchemaSql, "creating the catalog schema"));
  Result<ScopedStatement> insert =
      db.Prepare("INSERT INTO meta (id, schema_version, uuid, created_wall_90k) VALUES (1, ?1, ?2, ?3)");
  if (!insert) return insert.error();
  (*insert)->BindInt64(1, kSchemaVersion);
  (*insert)->BindText(2, NewUuid());
  (*insert)->BindInt64(3, now.ticks_90k);
  return (*insert)->Run();
}

Status Upgrade(SqliteDb& db, int64_t version) {
  for (; version < kSchemaVersion; ++version) {
    const UpgradeStep* step = FindUpgrade(version);
    if (step == nullptr) return Internal("no upgrade step from schema version " + std::to_string(version));
    CUSTOS_RETURN_IF_ERROR(db.Exec(step->sql, "upgrading from schema version " + std::to_string(version)));
  }
  const std::string set = "UPDATE meta SET schema_version = " + std::to_string(kSchemaVersion) + " WHERE id = 1";
  return db.Exec(set.c_str(), "recording the schema version");
}

Status TooNew(int64_t version) {
  return FailedPrecondition("the catalog's schema version " + std::to_string(version) +
                            " is newer than this build of Custos understands (" + std::to_string(kSchemaVersion) +
                            "); run a newer Custos, or restore a backup made before the upgrade");
}

}  // namespace

Result<int64_t> ReadSchemaVersion(SqliteDb& db) {
  Result<int64_t> has_meta =
      db.QueryInt64("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!has_meta) return Err(has_meta.error());
  if (*has_meta == 0) return 0;
  Result<int64_t> version = db.QueryInt64("SELECT schema_version FROM meta WHERE id = 1");
  if (!version) return Err(version.error().With("reading the schema version"));
  return *version;
}

Status MigrateSchema(SqliteDb& db, WallTime90k now) {
  // The common case, a current database, needs no write lock.
  Result<int64_t> version = ReadSchemaVersion(db);
  if (!version) return version.error();
  if (*version == kSchemaVersion) return Status::Ok();
  if (*version > kSchemaVersion) return TooNew(*version);

  Result<SqliteTransaction> tx = SqliteTransaction::Begin(db);
  if (!tx) return tx.error();
  version = ReadSchemaVersion(db);  // another process may have migrated meanwhile
  if (!version) return version.error();
  if (*version > kSchemaVersion) return TooNew(*version);
  if (*version == 0) {
    CUSTOS_RETURN_IF_ERROR(CreateSchema(db, now));
  } else if (*version < kSchemaVersion) {
    CUSTOS_RETURN_IF_ERROR(Upgrade(db, *version));
  }
  return tx->Commit();
}

}  // namespace custos
