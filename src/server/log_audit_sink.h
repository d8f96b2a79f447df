// log_audit_sink.h: a STOPGAP AuditSink for the daemon: each event becomes one JSON line in
// the log (spdlog, level info, prefix "audit:"). It is not durable and not tamper-evident;
// the hash-chained audit log of the helper "audit" (src/audit) replaces it when the lead
// wires that in. Thread-safety: spdlog is thread-safe.
#pragma once

#include "audit/audit_sink.h"

namespace custos {

class LogAuditSink final : public AuditSink {
 public:
  Status Append(const AuditEvent& event) override;
};

}  // namespace custos
