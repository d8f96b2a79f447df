// sqlite_status.h: the one place where SQLite result codes become custos::Status.
//
// Every SQLite call in the catalog that fails goes through SqliteStatus, so the mapping of
// codes (and of the errno behind an I/O error) is decided here and nowhere else.
// Thread-safety: a pure function; reads the connection's last error message, so call it
// on the thread that made the failing call, before the next call on that connection.
#pragma once

#include <string_view>

#include "base/status.h"

struct sqlite3;

namespace custos {

// Maps `rc` (an extended SQLite result code) into a Status whose message is
// "<what>: <sqlite message>". `db` may be null (then only the code's text is used).
//   BUSY, LOCKED                    -> Unavailable (another process holds the lock)
//   CONSTRAINT_PRIMARYKEY, _UNIQUE  -> AlreadyExists
//   CONSTRAINT_FOREIGNKEY           -> FailedPrecondition (the referenced row is missing)
//   other CONSTRAINT, TOOBIG        -> InvalidArgument
//   FULL, NOMEM                     -> ResourceExhausted
//   CORRUPT, NOTADB                 -> DataLoss
//   READONLY, PERM, AUTH            -> PermissionDenied
//   CANTOPEN, IOERR                 -> from the errno behind it (ErrnoStatus), else Unavailable
//   INTERRUPT                       -> Cancelled
//   anything else                   -> Internal (a bug: bad SQL, misuse, bind range)
Status SqliteStatus(int rc, sqlite3* db, std::string_view what);

}  // namespace custos
