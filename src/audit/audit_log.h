// audit_log.h: the durable, hash-chained, signed audit log. Start here for src/audit.
//
// AuditLog is the AuditSink every component reports to. Append() writes one entry in its
// own SQLite transaction (BEGIN IMMEDIATE, so the daemon and a CLI process appending at
// the same time each see the other's last entry) with the next sequence number, the time,
// every AuditEvent field and hash = SHA-256(previous hash || canonical encoding), and
// returns only after the commit is fsynced. Every `checkpoint_every_entries` entries, or
// when `checkpoint_every_ms` has passed since the last checkpoint, and at Close(), the
// head (seq, hash) is signed with the node's Ed25519 key. There is no method that updates
// or deletes an entry. docs/design/audit.md explains the choices.
// Thread-safety: every method may be called from any thread (one mutex).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "audit/audit_sink.h"
#include "audit/audit_store.h"
#include "base/clock.h"
#include "crypto/node_key.h"

namespace custos {

struct AuditLogOptions {
  int64_t checkpoint_every_entries = 256;
  int64_t checkpoint_every_ms = 5 * 60 * 1000;
};

class AuditLog final : public AuditSink {
 public:
  // Opens DATA/audit.db (AuditLogPath), creating it. `key` and `clock` must outlive the log.
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path, const NodeKey& key, const Clock& clock,
                                                AuditLogOptions options = {});
  // Writes a last checkpoint (as Close) if the head moved since the last one.
  ~AuditLog() override;

  Status Append(const AuditEvent& event) override;
  // Signs the current head unless the last checkpoint already covers it.
  Status Checkpoint();
  // Signs the head if the count or time rule says so (the daemon calls it every 10 s, so
  // a quiet log is still signed within checkpoint_every_ms of its last entry).
  Status CheckpointIfDue();
  // Checkpoints; the log stays usable (the daemon calls it at shutdown).
  Status Close() { return Checkpoint(); }
  // The last entry's sequence number (0 when empty).
  Result<int64_t> HeadSeq();

 private:
  AuditLog(std::unique_ptr<SqliteDb> db, const NodeKey& key, const Clock& clock, AuditLogOptions options)
      : db_(std::move(db)), key_(key), clock_(clock), options_(options) {}
  Result<AuditEntry> AppendLocked(const AuditEvent& event);
  Status CheckpointLocked();
  bool CheckpointDueLocked() const;

  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;  // guarded by mu_
  const NodeKey& key_;
  const Clock& clock_;
  const AuditLogOptions options_;
  int64_t entries_since_checkpoint_ = 0;  // guarded by mu_
  int64_t last_checkpoint_mono_ns_ = 0;   // guarded by mu_
};

}  // namespace custos
