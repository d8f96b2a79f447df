#include "api/audit_util.h"

#include <algorithm>

namespace custos::api {

AuditEvent BaseEvent(const Principal& principal, const Request& request, std::string action) {
  AuditEvent e;
  e.actor = principal.user;
  e.action = std::move(action);
  e.client = request.client;
  return e;
}

Status Report(ApiEnv& env, const AuditEvent& event) {
  if (env.audit == nullptr) return Unavailable("no audit log is configured; refusing to act unaudited");
  Status s = env.audit->Append(event);
  if (!s.ok()) return Unavailable("the audit log cannot be written (" + s.message() + "); refusing to act unaudited");
  return Status::Ok();
}

AuditEvent RefusalEvent(const Principal& principal, const Request& request, const RouteSpec& route,
                        const RequestContext& context, const Status& reason) {
  AuditEvent e = BaseEvent(principal, request, "refused");
  e.outcome = "refused";
  if (!context.camera_id.empty()) e.camera_ids = {context.camera_id};
  e.from_wall_90k = context.from_wall_90k;
  e.to_wall_90k = context.to_wall_90k;
  e.detail = request.method + " " + request.path + " (" + std::string(route.pattern) + "): " + reason.message();
  return e;
}

std::optional<AuditEvent> AccessEvent(const Principal& principal, const Request& request, const RouteSpec& route,
                                      const RequestContext& context, const Decision& decision) {
  std::string action;
  // An export job reports its own start (export_job_created, with the job's id).
  if (route.footage_in_body) return std::nullopt;
  if (route.permission == Permission::kViewLive) {
    action = "live_start";
  } else if (route.permission == Permission::kExportVideo) {
    action = context.download ? "export" : "playback";
  } else if (route.permission == Permission::kViewRecordings) {
    action = "footage_index";  // recordings / timeline of a granted range
  } else {
    return std::nullopt;
  }
  AuditEvent e = BaseEvent(principal, request, action);
  e.camera_ids = {context.camera_id};
  e.from_wall_90k = context.from_wall_90k;
  e.to_wall_90k = context.to_wall_90k;
  e.detail = request.method + " " + request.path;
  if (decision.unmasked) e.detail += " unmasked=1 (original picture: privacy zones not filled)";
  auto grant = std::find_if(principal.grants.begin(), principal.grants.end(),
                            [&](const RetrievalRequest& g) { return g.id == decision.grant_request_id; });
  if (grant != principal.grants.end()) {
    e.request_id = std::to_string(grant->id);
    e.purpose = grant->purpose;
    e.destination = grant->destination;
  }
  return e;
}

}  // namespace custos::api
