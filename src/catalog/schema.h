// schema.h: creating and migrating the catalog schema (schema.sql, embedded at build time).
//
// MigrateSchema brings a database to kSchemaVersion: it creates every table of an empty
// database, runs upgrade steps on an older one, and refuses a newer one (written by a
// later Custos) with FailedPrecondition instead of touching it. Each step runs in one
// BEGIN IMMEDIATE transaction, so two processes opening a new file at once are safe.
// Thread-safety: one thread at a time per SqliteDb.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "base/time.h"
#include "catalog/sqlite_db.h"

namespace custos {

// The version schema.sql describes.
inline constexpr int64_t kSchemaVersion = 8;

Status MigrateSchema(SqliteDb& db, WallTime90k now);

// The schema_version stored in the database, 0 if it has no meta table.
Result<int64_t> ReadSchemaVersion(SqliteDb& db);

}  // namespace custos
