// audit_sink.h: where every access and every change is reported (R401, R403, R703).
//
// Code that serves or changes anything (login, live view, playback, export, configuration,
// users, retention, refusals) builds an AuditEvent and hands it to an AuditSink. The real
// sink (the hash-chained audit log, src/audit) makes the entry durable before Append
// returns; a caller that cannot audit must refuse the action, so an access is never served
// unrecorded. Thread-safety: implementations are safe to call from any thread.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace custos {

struct AuditEvent {
  std::string actor;   // user name; "system" for the daemon itself; "" when unknown (failed login)
  std::string action;  // snake_case verb: login, login_failed, live_start, live_stop, playback,
                       // export, download, camera_change, user_change, retention_change, refused, ...
  std::string outcome = "ok";             // ok | refused | error
  std::vector<std::string> camera_ids;    // cameras concerned, if any
  std::optional<WallTime90k> from_wall_90k;  // footage time range concerned, if any
  std::optional<WallTime90k> to_wall_90k;
  std::string purpose;      // from the retrieval request, if any
  std::string destination;  // where a copy goes, if any
  std::string request_id;   // retrieval request id, if any
  std::string client;       // peer address of the HTTP client, if any
  std::string detail;       // free text: what changed, why refused
};

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  // Durable before returning Ok. An error means the event was NOT recorded.
  virtual Status Append(const AuditEvent& event) = 0;
};

// Keeps events in memory: for tests of code that audits.
class MemoryAuditSink final : public AuditSink {
 public:
  Status Append(const AuditEvent& event) override {
    std::lock_guard lock(mu_);
    events_.push_back(event);
    return Status::Ok();
  }
  std::vector<AuditEvent> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<AuditEvent> events_;
};

}  // namespace custos
