#include "api/live_audit.h"

#include "base/log.h"

namespace custos::api {

LiveViewAudit::LiveViewAudit(AuditSink& sink, const Clock& clock) : sink_(sink), clock_(clock) {
  thread_ = std::thread([this] { Run(); });
}

LiveViewAudit::~LiveViewAudit() { Shutdown(); }

uint64_t LiveViewAudit::Begin(View view) {
  const WallTime90k now = clock_.Now();
  std::lock_guard lock(mu_);
  const uint64_t id = next_id_++;
  if (!stopping_) open_.emplace(id, Open{std::move(view), now});
  return id;
}

void LiveViewAudit::End(uint64_t id, const std::string& reason) {
  std::lock_guard lock(mu_);
  auto it = open_.find(id);
  if (it == open_.end()) return;
  QueueLocked(it->second, reason);
  open_.erase(it);
  cv_.notify_one();
}

void LiveViewAudit::Shutdown() {
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, open] : open_) QueueLocked(open, "server shutdown");
    open_.clear();
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

AuditEvent LiveViewAudit::StopEvent(const View& view, WallTime90k started, WallTime90k ended,
                                    const std::string& reason) {
  AuditEvent e;
  e.actor = view.actor;
  e.action = "live_stop";
  e.camera_ids = {view.camera_id};
  e.from_wall_90k = started;  // the live footage shown: [start, end)
  e.to_wall_90k = ended;
  e.client = view.client;
  const int64_t tenths = (ended.ticks_90k - started.ticks_90k) / 9000;
  e.detail = "live view ended: " + reason + " (started " + FormatIso8601(started) + ", lasted " +
             std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s)";
  return e;
}

void LiveViewAudit::QueueLocked(const Open& open, const std::string& reason) {
  queue_.push_back(StopEvent(open.view, open.started, clock_.Now(), reason));
}

void LiveViewAudit::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything is written
    AuditEvent e = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    Status s = sink_.Append(e);
    if (!s.ok()) spdlog::error("audit: live_stop of {} on {}: {}", e.actor, e.camera_ids[0], s.ToString());
    lock.lock();
  }
}

}  // namespace custos::api
