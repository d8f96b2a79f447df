// live_audit.h: the end of every live view in the audit log (live_stop), exactly once.
//
// A live view's start (live_start) is reported on a worker when the WebSocket is
// authorised (connection.cc). Its end is reported here: who, which camera, when it began,
// how long it lasted and why it ended (the client closed it, the viewer lost the permission,
// the camera's stream ended, a write failed, the upgrade failed, the server shut down). An append fsyncs, which no event
// loop may wait for, so the events are written by a thread of their own; Shutdown() ends
// every view still open as "server shutdown" and writes everything queued before it
// returns (ApiServer::Stop calls it, so the daemon's daemon_stop comes after). An event
// that cannot be written is logged as an error: the view is over and cannot be refused.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "audit/audit_sink.h"
#include "base/clock.h"

namespace custos::api {

class LiveViewAudit {
 public:
  struct View {
    std::string actor;   // the viewer (principal.user)
    std::string client;  // the viewer's address
    std::string camera_id;
  };

  // `sink` and `clock` must outlive this object.
  LiveViewAudit(AuditSink& sink, const Clock& clock);
  ~LiveViewAudit();  // Shutdown()
  LiveViewAudit(const LiveViewAudit&) = delete;
  LiveViewAudit& operator=(const LiveViewAudit&) = delete;

  // A view whose live_start was audited begins now; returns its id for End.
  uint64_t Begin(View view);
  // The view ended for `reason`: its live_stop is queued. Only the first End of an id
  // counts; an End after Shutdown does nothing (Shutdown reported the view).
  void End(uint64_t id, const std::string& reason);
  // Reports every open view as ended by the server's shutdown, writes every queued event
  // and stops the thread. Idempotent.
  void Shutdown();

  // The live_stop event of `view`, begun at `started`, ending at `ended` for `reason`.
  static AuditEvent StopEvent(const View& view, WallTime90k started, WallTime90k ended, const std::string& reason);

 private:
  struct Open {
    View view;
    WallTime90k started;
  };
  void Run();
  void QueueLocked(const Open& open, const std::string& reason);

  AuditSink& sink_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, Open> open_;  // GUARDED_BY(mu_)
  std::deque<AuditEvent> queue_;   // GUARDED_BY(mu_)
  uint64_t next_id_ = 1;           // GUARDED_BY(mu_)
  bool stopping_ = false;          // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace custos::api
