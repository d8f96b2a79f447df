// audit_store.h: the audit log's own SQLite file (DATA/audit.db): schema, rows in and out.
//
// Used by AuditLog (appends), the verifier and the queries (reads). The file is separate
// from the catalog (docs/design/audit.md): opened with synchronous=FULL so that a commit
// is on disk before Append returns, and with triggers that refuse UPDATE and DELETE on
// entries and checkpoints, so no SQL path through Custos can change history; someone who
// edits the file with another tool is caught by the hash chain instead.
// Thread-safety: one thread at a time per SqliteDb (AuditLog serialises with a mutex).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_entry.h"
#include "base/status.h"
#include "catalog/sqlite_db.h"
#include "crypto/node_key.h"

namespace custos {

inline std::string AuditLogPath(const std::string& data_dir) { return data_dir + "/audit.db"; }

struct AuditCheckpoint {
  int64_t id = 0;   // 1, 2, 3, ...
  int64_t seq = 0;  // the last entry it covers
  AuditHash hash{};  // that entry's chain hash
  WallTime90k wall_90k;
  std::string public_key_hex;
  std::string signature;  // 64 raw bytes when intact
};

// Which entries to read; all unset = every entry. Ranges are half-open on wall time.
struct AuditFilter {
  std::optional<WallTime90k> from_wall_90k;
  std::optional<WallTime90k> to_wall_90k;
  std::string actor;   // exact, "" = any
  std::string camera;  // entries naming this camera, "" = any
  std::vector<std::string> actions;  // any of these, empty = any
  int64_t after_seq = 0;  // only entries with seq > after_seq (paging)
  size_t limit = 0;       // at most this many matching entries, 0 = all
};

// Opens (creating) the audit database with its pragmas and schema. `read_only` opens an
// existing file for verify/list without creating anything (NotFound if absent).
Result<std::unique_ptr<SqliteDb>> OpenAuditDb(const std::string& path, bool read_only = false);

// The last entry's (seq, hash, wall); seq 0 and the genesis hash when empty.
struct AuditHead {
  int64_t seq = 0;
  AuditHash hash = kAuditGenesisHash;
  WallTime90k wall_90k;
};
Result<AuditHead> ReadAuditHead(SqliteDb& db);

Status InsertAuditEntry(SqliteDb& db, const AuditEntry& entry);
Status InsertAuditCheckpoint(SqliteDb& db, const AuditCheckpoint& checkpoint);

// Entries by seq (stored order), filtered; stored hashes as they are (may be any length:
// a tampered row is read, never rejected here; a wrong-length hash reads as zeros and
// `hash_ok` false).
struct StoredAuditEntry {
  AuditEntry entry;
  bool hash_ok = true;  // the stored hash was 32 bytes
};
Result<std::vector<StoredAuditEntry>> ReadAuditEntries(SqliteDb& db, const AuditFilter& filter = {});
Result<std::vector<AuditCheckpoint>> ReadAuditCheckpoints(SqliteDb& db);
Result<std::optional<AuditCheckpoint>> ReadLastAuditCheckpoint(SqliteDb& db);

}  // namespace custos
