#include "server/log_audit_sink.h"

#include <nlohmann/json.hpp>

#include "base/log.h"

namespace custos {

Status LogAuditSink::Append(const AuditEvent& e) {
  nlohmann::json j = {{"actor", e.actor},   {"action", e.action},         {"outcome", e.outcome},
                      {"cameras", e.camera_ids}, {"purpose", e.purpose},  {"destination", e.destination},
                      {"request_id", e.request_id}, {"client", e.client}, {"detail", e.detail}};
  if (e.from_wall_90k) j["from"] = FormatIso8601(*e.from_wall_90k);
  if (e.to_wall_90k) j["to"] = FormatIso8601(*e.to_wall_90k);
  spdlog::info("audit: {}", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return Status::Ok();
}

}  // namespace custos
