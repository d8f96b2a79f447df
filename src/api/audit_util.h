// audit_util.h: building and reporting the API's audit events (audit_sink.h).
//
// What the API reports: every refused request (action "refused", with the route and the
// reason), login and login_failed, live_start, playback and export (with the request that
// granted it, its purpose and destination), user_change, request_filed, request_approved,
// request_rejected. An event that cannot be recorded makes the action fail (Unavailable):
// nothing is served unaudited. Thread-safety: as the sink (thread-safe).
#pragma once

#include <string>

#include "api/authorize.h"
#include "api/handler.h"

namespace custos::api {

AuditEvent BaseEvent(const Principal& principal, const Request& request, std::string action);
// Unavailable if there is no sink or it failed.
Status Report(ApiEnv& env, const AuditEvent& event);
// The event for a refused request (outcome "refused", the reason in detail).
AuditEvent RefusalEvent(const Principal& principal, const Request& request, const RouteSpec& route,
                        const RequestContext& context, const Status& reason);
// The event for serving footage or live video, or nullopt for other routes.
std::optional<AuditEvent> AccessEvent(const Principal& principal, const Request& request, const RouteSpec& route,
                                      const RequestContext& context, const Decision& decision);

}  // namespace custos::api
