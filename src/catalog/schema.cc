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
// Version 5, access: the tables at the end of schema.sql, without their comments
// (schema_test checks that an upgraded and a new database have the same columns).
constexpr char kUpgradeFrom4Access[] =
    "CREATE TABLE IF NOT EXISTS app_user (name TEXT PRIMARY KEY NOT NULL "
    "CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9_.-]*'), "
    "display_name TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '', "
    "password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'), "
    "disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)), "
    "failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0), "
    "locked_until_wall_90k INTEGER NOT NULL DEFAULT 0, created_wall_90k INTEGER NOT NULL, "
    "updated_wall_90k INTEGER NOT NULL, password_changed_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS user_role (user_name TEXT NOT NULL REFERENCES app_user (name), "
    "role TEXT NOT NULL CHECK (role IN ('administrator', 'duty_operator', 'investigator', 'approver', "
    "'auditor', 'maintainer')), PRIMARY KEY (user_name, role)) STRICT;"
    "CREATE TABLE IF NOT EXISTS camera_group (name TEXT PRIMARY KEY NOT NULL "
    "CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^a-z0-9_.-]*'), "
    "description TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE TABLE IF NOT EXISTS camera_group_member (group_name TEXT NOT NULL REFERENCES camera_group (name), "
    "camera_id TEXT NOT NULL REFERENCES camera (id), PRIMARY KEY (group_name, camera_id)) STRICT;"
    "CREATE TABLE IF NOT EXISTS camera_assignment (user_name TEXT NOT NULL REFERENCES app_user (name), "
    "camera_id TEXT REFERENCES camera (id), group_name TEXT REFERENCES camera_group (name), "
    "CHECK ((camera_id IS NULL) <> (group_name IS NULL))) STRICT;"
    "CREATE UNIQUE INDEX IF NOT EXISTS camera_assignment_unique ON camera_assignment (user_name, COALESCE(camera_id, ''), "
    "COALESCE(group_name, ''));"
    "CREATE TABLE IF NOT EXISTS retrieval_request (id INTEGER PRIMARY KEY, requester TEXT NOT NULL REFERENCES app_user (name), "
    "kind TEXT NOT NULL CHECK (kind IN ('playback', 'export')), "
    "camera_ids_json TEXT NOT NULL CHECK (json_valid(camera_ids_json) AND json_type(camera_ids_json) = 'array'), "
    "from_wall_90k INTEGER NOT NULL, to_wall_90k INTEGER NOT NULL CHECK (to_wall_90k > from_wall_90k), "
    "purpose TEXT NOT NULL, case_ref TEXT NOT NULL, approval_doc_ref TEXT NOT NULL DEFAULT '', "
    "persons_json TEXT NOT NULL CHECK (json_valid(persons_json) AND json_type(persons_json) = 'array'), "
    "destination TEXT NOT NULL DEFAULT '', emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)), "
    "state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')), profile TEXT NOT NULL, "
    "created_wall_90k INTEGER NOT NULL, approver1 TEXT NOT NULL DEFAULT '', approved1_wall_90k INTEGER, "
    "approver2 TEXT NOT NULL DEFAULT '', approved2_wall_90k INTEGER, rejected_by TEXT NOT NULL DEFAULT '', "
    "rejected_wall_90k INTEGER, reject_reason TEXT NOT NULL DEFAULT '', expires_wall_90k INTEGER) STRICT;"
    "CREATE INDEX IF NOT EXISTS retrieval_request_requester ON retrieval_request (requester, state);";

// Version 7 (Govern: registry, filings, documents, records). The tables are those at the
// end of schema.sql, without comments (schema_test checks both give the same columns).
// Cameras that existed are kept recording: they get a registry row 'in_use' without an
// acceptance date, which the compliance report lists under R206 until someone records it.
constexpr char kUpgradeFrom6Govern[] =
    "CREATE TABLE IF NOT EXISTS govern_setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, "
    "updated_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS camera_registry (camera_id TEXT PRIMARY KEY NOT NULL REFERENCES camera (id), "
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
    "CREATE TRIGGER IF NOT EXISTS camera_registry_insert_bumps_version AFTER INSERT ON camera_registry BEGIN "
    "UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1; END;"
    "CREATE TRIGGER IF NOT EXISTS camera_registry_update_bumps_version AFTER UPDATE ON camera_registry BEGIN "
    "UPDATE config_version SET cameras_version = cameras_version + 1 WHERE id = 1; END;"
    "CREATE TABLE IF NOT EXISTS filing (id INTEGER PRIMARY KEY, "
    "kind TEXT NOT NULL CHECK (kind IN ('system', 'change', 'dismantling')), "
    "camera_id TEXT NOT NULL DEFAULT '', trigger_on TEXT NOT NULL, "
    "accepted_on TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', "
    "filed_on TEXT NOT NULL DEFAULT '', receipt_ref TEXT NOT NULL DEFAULT '', "
    "created_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE INDEX IF NOT EXISTS filing_open ON filing (kind, trigger_on) WHERE filed_on = '';"
    "CREATE TABLE IF NOT EXISTS document (id INTEGER PRIMARY KEY, "
    "kind TEXT NOT NULL CHECK (kind IN ('design', 'construction', 'acceptance', 'maintenance')), "
    "title TEXT NOT NULL, file_path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL CHECK (length(sha256) = 64), "
    "bytes INTEGER NOT NULL CHECK (bytes >= 0), parties TEXT NOT NULL DEFAULT '', "
    "created_wall_90k INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS ops_record (id INTEGER PRIMARY KEY, "
    "kind TEXT NOT NULL CHECK (kind IN ('training', 'maintenance', 'inspection', 'duty')), "
    "on_date TEXT NOT NULL, persons TEXT NOT NULL DEFAULT '', description TEXT NOT NULL, "
    "entered_by TEXT NOT NULL DEFAULT '', created_wall_90k INTEGER NOT NULL) STRICT;"
    "INSERT OR IGNORE INTO camera_registry (camera_id, lifecycle, lifecycle_since, updated_wall_90k) "
    "SELECT id, 'in_use', date(created_wall_90k / 90000, 'unixepoch'), updated_wall_90k FROM camera "
    "WHERE deleted_wall_90k IS NULL;";

constexpr std::array<UpgradeStep, 7> kUpgradeSteps{{
    {1,
     "ALTER TABLE meta ADD COLUMN max_recording_span_90k INTEGER NOT NULL DEFAULT 0;"
     "UPDATE meta SET max_recording_span_90k = (SELECT COALESCE(MAX(end_wall_90k - start_wall_90k), 0) "
     "FROM recording WHERE end_wall_90k IS NOT NULL) WHERE id = 1;"},
    // Integrity: the recording hash chain and its signed checkpoints (as in schema.sql).
    // Recordings finished before this step are sealed by the daemon at its next start.
    {2,
     "CREATE TABLE IF NOT EXISTS chain_link ( recording_id INTEGER PRIMARY KEY, camera_id TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1), file_sha256 BLOB NOT NULL CHECK (length(file_sha256) = 32), file_bytes INTEGER NOT NULL CHECK (file_bytes >= 0), start_wall_90k INTEGER NOT NULL, end_wall_90k INTEGER NOT NULL, frames INTEGER NOT NULL, prev_chain_hash BLOB NOT NULL CHECK (length(prev_chain_hash) = 32), chain_hash BLOB NOT NULL CHECK (length(chain_hash) = 32), sealed_wall_90k INTEGER NOT NULL, UNIQUE (camera_id, seq) ) STRICT;"
     "CREATE TABLE IF NOT EXISTS chain_checkpoint ( id INTEGER PRIMARY KEY, camera_id TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq >= 1), recording_id INTEGER NOT NULL, chain_hash BLOB NOT NULL CHECK (length(chain_hash) = 32), signed_wall_90k INTEGER NOT NULL, public_key BLOB NOT NULL CHECK (length(public_key) = 32), signature BLOB NOT NULL CHECK (length(signature) = 64) ) STRICT;"
     "CREATE INDEX IF NOT EXISTS chain_checkpoint_camera_seq ON chain_checkpoint (camera_id, seq);"},
    // Retention: the block at the end of schema.sql (IF NOT EXISTS: a test rebuilds a v1 meta in a
    // database that already has these tables).
    {3,
     "CREATE TABLE IF NOT EXISTS retention_hold (id INTEGER PRIMARY KEY, camera_id TEXT NOT NULL REFERENCES camera (id), "
     "from_wall_90k INTEGER NOT NULL, to_wall_90k INTEGER NOT NULL CHECK (to_wall_90k > from_wall_90k), "
     "case_ref TEXT NOT NULL CHECK (case_ref <> ''), created_by TEXT NOT NULL CHECK (created_by <> ''), "
     "created_wall_90k INTEGER NOT NULL, until_wall_90k INTEGER, release_requested_by TEXT, "
     "release_requested_wall_90k INTEGER, released_by TEXT, released_wall_90k INTEGER, "
     "CHECK (released_by IS NULL OR (release_requested_by IS NOT NULL AND released_by <> release_requested_by))"
     ") STRICT;"
     "CREATE INDEX IF NOT EXISTS retention_hold_camera ON retention_hold (camera_id, to_wall_90k);"
     "CREATE TABLE IF NOT EXISTS camera_retention (camera_id TEXT PRIMARY KEY REFERENCES camera (id), "
     "max_retention_days INTEGER NOT NULL CHECK (max_retention_days > 0)) STRICT;"
     "CREATE TABLE IF NOT EXISTS recording_garbage (recording_id INTEGER PRIMARY KEY, camera_id TEXT NOT NULL, "
     "file_path TEXT NOT NULL, deleted_wall_90k INTEGER NOT NULL) STRICT;"},
    // Access: users, roles, camera groups, retrieval requests (as in schema.sql).
    {4, kUpgradeFrom4Access},
    // Privacy zones (as in schema.sql).
    {5,
     "CREATE TABLE IF NOT EXISTS camera_privacy_zones (camera_id TEXT PRIMARY KEY REFERENCES camera (id), "
     "zones_json TEXT NOT NULL, updated_wall_90k INTEGER NOT NULL) STRICT;"},
    // Govern: registry, filings, documents, records (as in schema.sql).
    {6, kUpgradeFrom6Govern},
    // Lawful deletions in the integrity chain (as in schema.sql). Links of recordings
    // deleted by retention before this step have no mark: fsck --verify reports them.
    {7,
     "CREATE TABLE IF NOT EXISTS chain_link_deletion (recording_id INTEGER PRIMARY KEY REFERENCES chain_link "
     "(recording_id), deleted_wall_90k INTEGER NOT NULL, rule TEXT NOT NULL CHECK (rule IN ('minimum_retention', "
     "'maximum_retention', 'disk_pressure', 'operator')), deleted_by TEXT NOT NULL CHECK (deleted_by <> ''), "
     "minimum_90k INTEGER NOT NULL CHECK (minimum_90k >= 0), audit_ref TEXT NOT NULL DEFAULT '') STRICT;"},
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
