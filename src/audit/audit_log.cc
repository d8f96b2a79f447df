#include "audit/audit_log.h"

#include "base/log.h"

namespace custos {

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path, const NodeKey& key, const Clock& clock,
                                                 AuditLogOptions options) {
  auto db = OpenAuditDb(path);
  if (!db) return Err(db.error());
  std::unique_ptr<AuditLog> log(new AuditLog(std::move(*db), key, clock, options));
  log->last_checkpoint_mono_ns_ = clock.MonotonicNanos();
  // Entries appended after the last checkpoint (a crash, or another process) count.
  auto head = ReadAuditHead(*log->db_);
  if (!head) return Err(head.error());
  auto last = ReadLastAuditCheckpoint(*log->db_);
  if (!last) return Err(last.error());
  log->entries_since_checkpoint_ = head->seq - (*last ? (*last)->seq : 0);
  return log;
}

AuditLog::~AuditLog() {
  Status s = Checkpoint();
  if (!s.ok()) spdlog::error("audit log: last checkpoint failed: {}", s.ToString());
}

Status AuditLog::Append(const AuditEvent& event) {
  std::lock_guard lock(mu_);
  auto entry = AppendLocked(event);
  if (!entry) return entry.error().With("the audit log refused the entry (the action must not proceed)");
  ++entries_since_checkpoint_;
  if (CheckpointDueLocked()) {
    // The entry is durable already; a failed signature is logged and retried next time.
    Status s = CheckpointLocked();
    if (!s.ok()) spdlog::error("audit log: checkpoint failed: {}", s.ToString());
  }
  return Status::Ok();
}

Result<AuditEntry> AuditLog::AppendLocked(const AuditEvent& event) {
  auto tx = SqliteTransaction::Begin(*db_);
  if (!tx) return Err(tx.error());
  auto head = ReadAuditHead(*db_);
  if (!head) return Err(head.error());
  AuditEntry entry;
  entry.seq = head->seq + 1;
  // Never earlier than the previous entry, so time order equals seq order even when the
  // wall clock steps back.
  entry.wall_90k = std::max(clock_.Now(), head->wall_90k);
  entry.event = event;
  entry.hash = ChainHash(head->hash, entry);
  CUSTOS_RETURN_IF_ERROR(InsertAuditEntry(*db_, entry));
  CUSTOS_RETURN_IF_ERROR(tx->Commit());
  return entry;
}

bool AuditLog::CheckpointDueLocked() const {
  if (entries_since_checkpoint_ >= options_.checkpoint_every_entries) return true;
  const int64_t elapsed_ms = (clock_.MonotonicNanos() - last_checkpoint_mono_ns_) / 1'000'000;
  return entries_since_checkpoint_ > 0 && elapsed_ms >= options_.checkpoint_every_ms;
}

Status AuditLog::Checkpoint() {
  std::lock_guard lock(mu_);
  return CheckpointLocked();
}

Status AuditLog::CheckpointIfDue() {
  std::lock_guard lock(mu_);
  return CheckpointDueLocked() ? CheckpointLocked() : Status::Ok();
}

Status AuditLog::CheckpointLocked() {
  auto tx = SqliteTransaction::Begin(*db_);
  if (!tx) return tx.error();
  auto head = ReadAuditHead(*db_);
  if (!head) return head.error();
  auto last = ReadLastAuditCheckpoint(*db_);
  if (!last) return last.error();
  if (head->seq == 0 || (*last && (*last)->seq == head->seq)) return Status::Ok();
  AuditCheckpoint c;
  c.seq = head->seq;
  c.hash = head->hash;
  c.wall_90k = clock_.Now();
  c.public_key_hex = key_.PublicKeyHex();
  const Signature sig = key_.Sign(CheckpointMessage(c.seq, c.hash, c.wall_90k));
  c.signature.assign(reinterpret_cast<const char*>(sig.data()), sig.size());
  CUSTOS_RETURN_IF_ERROR(InsertAuditCheckpoint(*db_, c));
  CUSTOS_RETURN_IF_ERROR(tx->Commit());
  entries_since_checkpoint_ = 0;
  last_checkpoint_mono_ns_ = clock_.MonotonicNanos();
  return Status::Ok();
}

Result<int64_t> AuditLog::HeadSeq() {
  std::lock_guard lock(mu_);
  auto head = ReadAuditHead(*db_);
  if (!head) return Err(head.error());
  return head->seq;
}

}  // namespace custos
