#include "audit/audit_store.h"

#include <sys/stat.h>

#include <cstring>

namespace custos {

namespace {

constexpr char kAuditSchema[] = R"SQL(
CREATE TABLE IF NOT EXISTS audit_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- The layout of this file and the hash encoding (audit_entry.cc); 1 today.
  format_version INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO audit_meta (id, format_version) VALUES (1, 1);
-- One row per audited event, never updated or deleted (triggers below).
CREATE TABLE IF NOT EXISTS audit_entry (
  seq INTEGER PRIMARY KEY,            -- 1, 2, 3, ... in append order, no holes
  wall_90k INTEGER NOT NULL,          -- when appended; never decreases along seq
  actor TEXT NOT NULL,                -- user, 'system', or '' (unknown: failed login)
  action TEXT NOT NULL,               -- audit_events.md
  outcome TEXT NOT NULL,              -- ok | refused | error
  camera_ids TEXT NOT NULL,           -- JSON array of camera ids
  from_wall_90k INTEGER,              -- footage range concerned, if any
  to_wall_90k INTEGER,
  purpose TEXT NOT NULL,
  destination TEXT NOT NULL,
  request_id TEXT NOT NULL,
  client TEXT NOT NULL,
  detail TEXT NOT NULL,
  hash BLOB NOT NULL                  -- SHA-256(previous hash || canonical encoding)
) STRICT;
CREATE INDEX IF NOT EXISTS audit_entry_wall ON audit_entry (wall_90k);
-- A signed statement "the chain up to seq had this hash", by the node's Ed25519 key.
CREATE TABLE IF NOT EXISTS audit_checkpoint (
  id INTEGER PRIMARY KEY,             -- 1, 2, 3, ...
  seq INTEGER NOT NULL,
  hash BLOB NOT NULL,
  wall_90k INTEGER NOT NULL,
  public_key TEXT NOT NULL,           -- hex, the signer
  signature BLOB NOT NULL             -- Ed25519 over CheckpointMessage(seq, hash, wall)
) STRICT;
CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (R403, R703)'); END;
CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (R403, R703)'); END;
CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (R403, R703)'); END;
CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (R403, R703)'); END;
)SQL";

constexpr char kEntryColumns[] =
    "SELECT seq, wall_90k, actor, action, outcome, camera_ids, from_wall_90k, to_wall_90k, purpose, destination, "
    "request_id, client, detail, hash FROM audit_entry ";

std::optional<WallTime90k> OptionalTime(const SqliteStatement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return WallTime90k{s.ColumnInt64(col)};
}

void BindOptionalTime(SqliteStatement& s, int index, const std::optional<WallTime90k>& t) {
  if (t) {
    s.BindInt64(index, t->ticks_90k);
  } else {
    s.BindNull(index);
  }
}

// Copies a 32-byte blob into `out`; false (and zeros) for any other length.
bool ReadHash(const SqliteStatement& s, int col, AuditHash& out) {
  Bytes b = s.ColumnBlob(col);
  out.fill(0);
  if (b.size() != out.size()) return false;
  std::memcpy(out.data(), b.data(), out.size());
  return true;
}

StoredAuditEntry ReadEntryRow(const SqliteStatement& s) {
  StoredAuditEntry out;
  AuditEntry& e = out.entry;
  e.seq = s.ColumnInt64(0);
  e.wall_90k = WallTime90k{s.ColumnInt64(1)};
  e.event.actor = s.ColumnText(2);
  e.event.action = s.ColumnText(3);
  e.event.outcome = s.ColumnText(4);
  e.event.camera_ids = CameraIdsFromJson(s.ColumnText(5));
  e.event.from_wall_90k = OptionalTime(s, 6);
  e.event.to_wall_90k = OptionalTime(s, 7);
  e.event.purpose = s.ColumnText(8);
  e.event.destination = s.ColumnText(9);
  e.event.request_id = s.ColumnText(10);
  e.event.client = s.ColumnText(11);
  e.event.detail = s.ColumnText(12);
  out.hash_ok = ReadHash(s, 13, e.hash);
  return out;
}

bool Matches(const AuditEntry& e, const AuditFilter& f) {
  if (f.from_wall_90k && e.wall_90k < *f.from_wall_90k) return false;
  if (f.to_wall_90k && e.wall_90k >= *f.to_wall_90k) return false;
  if (!f.actor.empty() && e.event.actor != f.actor) return false;
  if (!f.camera.empty()) {
    bool found = false;
    for (const auto& id : e.event.camera_ids) found = found || id == f.camera;
    if (!found) return false;
  }
  if (!f.actions.empty()) {
    bool found = false;
    for (const auto& a : f.actions) found = found || a == e.event.action;
    if (!found) return false;
  }
  return true;
}

AuditCheckpoint ReadCheckpointRow(const SqliteStatement& s) {
  AuditCheckpoint c;
  c.id = s.ColumnInt64(0);
  c.seq = s.ColumnInt64(1);
  ReadHash(s, 2, c.hash);
  c.wall_90k = WallTime90k{s.ColumnInt64(3)};
  c.public_key_hex = s.ColumnText(4);
  Bytes sig = s.ColumnBlob(5);
  c.signature.assign(sig.begin(), sig.end());
  return c;
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> OpenAuditDb(const std::string& path, bool read_only) {
  struct stat st;
  if (read_only && ::stat(path.c_str(), &st) != 0) {
    return Err(NotFound("no audit log at " + path + " (is --data the daemon's data folder?)"));
  }
  auto db = SqliteDb::Open(path);
  if (!db) return Err(db.error().With("opening the audit log " + path));
  // FULL: the WAL is fsynced at every commit, so an entry is durable when Append returns.
  CUSTOS_RETURN_IF_ERROR((*db)->Exec("PRAGMA synchronous = FULL;", "setting the audit log's pragmas"));
  if (!read_only) CUSTOS_RETURN_IF_ERROR((*db)->Exec(kAuditSchema, "creating the audit log schema"));
  return std::move(*db);
}

Result<AuditHead> ReadAuditHead(SqliteDb& db) {
  auto s = db.Prepare("SELECT seq, hash, wall_90k FROM audit_entry ORDER BY seq DESC LIMIT 1");
  if (!s) return Err(s.error());
  auto row = (*s)->Step();
  if (!row) return Err(row.error().With("reading the audit log's last entry"));
  AuditHead head;
  if (!*row) return head;
  head.seq = (*s)->ColumnInt64(0);
  ReadHash(**s, 1, head.hash);
  head.wall_90k = WallTime90k{(*s)->ColumnInt64(2)};
  return head;
}

Status InsertAuditEntry(SqliteDb& db, const AuditEntry& entry) {
  auto s = db.Prepare(
      "INSERT INTO audit_entry (seq, wall_90k, actor, action, outcome, camera_ids, from_wall_90k, to_wall_90k, "
      "purpose, destination, request_id, client, detail, hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  if (!s) return s.error();
  const AuditEvent& e = entry.event;
  (*s)->BindInt64(1, entry.seq);
  (*s)->BindInt64(2, entry.wall_90k.ticks_90k);
  (*s)->BindText(3, e.actor);
  (*s)->BindText(4, e.action);
  (*s)->BindText(5, e.outcome);
  (*s)->BindText(6, CameraIdsToJson(e.camera_ids));
  BindOptionalTime(**s, 7, e.from_wall_90k);
  BindOptionalTime(**s, 8, e.to_wall_90k);
  (*s)->BindText(9, e.purpose);
  (*s)->BindText(10, e.destination);
  (*s)->BindText(11, e.request_id);
  (*s)->BindText(12, e.client);
  (*s)->BindText(13, e.detail);
  (*s)->BindBlob(14, ByteSpan(entry.hash.data(), entry.hash.size()));
  return (*s)->Run().With("appending audit entry " + std::to_string(entry.seq));
}

Status InsertAuditCheckpoint(SqliteDb& db, const AuditCheckpoint& c) {
  auto s = db.Prepare(
      "INSERT INTO audit_checkpoint (seq, hash, wall_90k, public_key, signature) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!s) return s.error();
  (*s)->BindInt64(1, c.seq);
  (*s)->BindBlob(2, ByteSpan(c.hash.data(), c.hash.size()));
  (*s)->BindInt64(3, c.wall_90k.ticks_90k);
  (*s)->BindText(4, c.public_key_hex);
  (*s)->BindBlob(5, ByteSpan(reinterpret_cast<const uint8_t*>(c.signature.data()), c.signature.size()));
  return (*s)->Run().With("writing an audit checkpoint at seq " + std::to_string(c.seq));
}

Result<std::vector<StoredAuditEntry>> ReadAuditEntries(SqliteDb& db, const AuditFilter& filter) {
  // The wall-time bounds use the index; the rest is filtered here (the log is read rarely).
  auto s = db.Prepare(std::string(kEntryColumns) +
                      "WHERE wall_90k >= ?1 AND wall_90k < ?2 AND seq > ?3 ORDER BY seq");
  if (!s) return Err(s.error());
  (*s)->BindInt64(1, filter.from_wall_90k ? filter.from_wall_90k->ticks_90k : INT64_MIN);
  (*s)->BindInt64(2, filter.to_wall_90k ? filter.to_wall_90k->ticks_90k : INT64_MAX);
  (*s)->BindInt64(3, filter.after_seq);
  std::vector<StoredAuditEntry> out;
  while (filter.limit == 0 || out.size() < filter.limit) {
    auto row = (*s)->Step();
    if (!row) return Err(row.error().With("reading the audit log"));
    if (!*row) break;
    StoredAuditEntry e = ReadEntryRow(**s);
    if (Matches(e.entry, filter)) out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<AuditCheckpoint>> ReadAuditCheckpoints(SqliteDb& db) {
  auto s = db.Prepare("SELECT id, seq, hash, wall_90k, public_key, signature FROM audit_checkpoint ORDER BY id");
  if (!s) return Err(s.error());
  std::vector<AuditCheckpoint> out;
  for (;;) {
    auto row = (*s)->Step();
    if (!row) return Err(row.error().With("reading the audit checkpoints"));
    if (!*row) break;
    out.push_back(ReadCheckpointRow(**s));
  }
  return out;
}

Result<std::optional<AuditCheckpoint>> ReadLastAuditCheckpoint(SqliteDb& db) {
  auto s = db.Prepare(
      "SELECT id, seq, hash, wall_90k, public_key, signature FROM audit_checkpoint ORDER BY id DESC LIMIT 1");
  if (!s) return Err(s.error());
  auto row = (*s)->Step();
  if (!row) return Err(row.error());
  if (!*row) return std::optional<AuditCheckpoint>();
  return std::optional<AuditCheckpoint>(ReadCheckpointRow(**s));
}

}  // namespace custos
