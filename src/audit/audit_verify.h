// audit_verify.h: checks an audit log's hash chain and signed checkpoints.
//
// VerifyAuditLog reads every entry and checkpoint and reports, by sequence number, each
// entry edited, deleted, inserted or moved, each checkpoint forged, missing or not
// matching the chain, and a tail cut after a checkpoint. Entries after the last checkpoint
// are only chained, not signed: their truncation cannot be detected (a note says how many).
// docs/design/audit.md lists what is and is not detectable. Thread-safety: a pure function
// of the database; use its own connection.
#pragma once

#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "crypto/node_key.h"

namespace custos {

enum class AuditProblem { kEdited, kDeleted, kInserted, kReordered, kTruncated, kBadCheckpoint, kRewritten };
std::string_view AuditProblemName(AuditProblem p);

struct AuditFinding {
  AuditProblem problem;
  int64_t seq = 0;  // the entry concerned (for checkpoints: the seq it covers)
  std::string message;
};

struct AuditVerifyReport {
  int64_t entries = 0;
  int64_t last_seq = 0;
  int64_t checkpoints = 0;
  int64_t last_signed_seq = 0;  // the highest seq covered by a valid checkpoint
  std::vector<AuditFinding> problems;
  std::vector<std::string> notes;
  bool ok() const { return problems.empty(); }
};

Result<AuditVerifyReport> VerifyAuditLog(SqliteDb& db, const PublicKey& node_key);

}  // namespace custos
