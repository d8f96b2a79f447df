#include "catalog/sqlite_status.h"

#include <sqlite3.h>

#include <string>

namespace custos {

namespace {

StatusCode ConstraintCode(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE: return StatusCode::kAlreadyExists;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return StatusCode::kFailedPrecondition;
    default: return StatusCode::kInvalidArgument;
  }
}

StatusCode PrimaryCode(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT: return ConstraintCode(rc);
    case SQLITE_TOOBIG: return StatusCode::kInvalidArgument;
    case SQLITE_FULL:
    case SQLITE_NOMEM: return StatusCode::kResourceExhausted;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return StatusCode::kDataLoss;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH: return StatusCode::kPermissionDenied;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR: return StatusCode::kUnavailable;
    case SQLITE_INTERRUPT: return StatusCode::kCancelled;
    default: return StatusCode::kInternal;
  }
}

}  // namespace

Status SqliteStatus(int rc, sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if ((primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR) && db != nullptr) {
    const int err = sqlite3_system_errno(db);
    if (err != 0) return ErrnoStatus(err, message);
  }
  return Status(PrimaryCode(rc), std::move(message));
}

}  // namespace custos
