#include "api/authorize.h"

#include <sodium.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "access/retrieval.h"

namespace custos::api {

namespace {

using access::Role;
using P = Permission;

bool IsStateChanging(Method m) { return m == Method::kPost || m == Method::kPut || m == Method::kDelete; }

bool SameToken(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Decision Allow(int64_t grant = 0) { return Decision{true, Status::Ok(), grant}; }
Decision Deny(Status s) { return Decision{false, std::move(s), 0}; }

std::string RolesHolding(Permission p) {
  std::string out;
  for (Role r : access::kAllRoles) {
    if (!RoleHolds(r, p)) continue;
    out += (out.empty() ? "" : " or ") + std::string(access::ToString(r));
  }
  return out.empty() ? "no role" : out;
}

Decision DecideLive(const Principal& p, const RequestContext& c) {
  if (std::find(p.live_cameras.begin(), p.live_cameras.end(), c.camera_id) != p.live_cameras.end()) return Allow();
  return Deny(PermissionDenied("camera '" + c.camera_id + "' is not assigned to " + p.user +
                               "; an administrator assigns cameras (custos user grant, or "
                               "POST /api/v1/users/{name}/grant)"));
}

Decision DecideFootage(const Principal& p, const RouteSpec& route, const RequestContext& c) {
  if (route.footage_in_body && (c.camera_id.empty() || !c.from_wall_90k || !c.to_wall_90k)) {
    return Deny(InvalidArgument("an export job needs \"camera\", \"from\" and \"to\" (ISO 8601) in its JSON body, "
                                "within an approved export request"));
  }
  if (!c.from_wall_90k || !c.to_wall_90k) {
    return Deny(InvalidArgument("footage needs ?from= and ?to= (ISO 8601), within an approved retrieval request"));
  }
  const bool copy = route.permission == P::kExportVideo && (c.download || route.footage_in_body);
  bool covered_for_playback = false;
  for (const RetrievalRequest& g : p.grants) {
    if (!access::Grants(g, c.now) || !access::Covers(g, c.camera_id, *c.from_wall_90k, *c.to_wall_90k)) continue;
    if (!copy || access::IsExport(g)) return Allow(g.id);
    covered_for_playback = true;
  }
  const std::string range = "camera '" + c.camera_id + "' from " + FormatIso8601(*c.from_wall_90k) + " to " +
                            FormatIso8601(*c.to_wall_90k);
  if (covered_for_playback) {
    return Deny(PermissionDenied("downloading a copy of " + range +
                                 " needs an approved export request (two approvers); yours allows playback only: "
                                 "file one with \"kind\": \"export\" (POST /api/v1/requests)"));
  }
  return Deny(PermissionDenied("no approved, unexpired retrieval request of " + p.user + " covers " + range +
                               ": file one (POST /api/v1/requests) and have it approved"));
}

// An export job's footage: {"camera": ID, "from": ISO 8601, "to": ISO 8601, ...}. Anything
// missing or malformed is left unset (the decision then asks for a range); the handler
// parses the body again and says exactly what is wrong.
void FromBody(std::string_view body, RequestContext& c) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return;
  auto text = [&](const char* name) -> std::optional<std::string> {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  if (auto cam = text("camera")) c.camera_id = *cam;
  auto time = [&](const char* name) -> std::optional<WallTime90k> {
    auto t = text(name);
    if (!t) return std::nullopt;
    auto parsed = ParseIso8601(*t);
    if (!parsed) return std::nullopt;
    return *parsed;
  };
  c.from_wall_90k = time("from");
  c.to_wall_90k = time("to");
  c.download = true;  // a job's result is a copy that leaves
}

}  // namespace

bool RoleHolds(Role role, Permission p) {
  switch (role) {
    case Role::kAdministrator:
      return p == P::kViewStatus || p == P::kViewCameras || p == P::kManageUsers || p == P::kViewRequests ||
             p == P::kViewRegistry || p == P::kEditRegistry || p == P::kManageFilings || p == P::kViewCompliance ||
             p == P::kViewPrivacyZones || p == P::kEditPrivacyZones;
    case Role::kDutyOperator:
      return p == P::kViewStatus || p == P::kViewCameras || p == P::kViewLive;
    case Role::kInvestigator:  // originals of footage only under a grant two people backed
      return p == P::kViewStatus || p == P::kViewCameras || p == P::kFileRequests || p == P::kViewRequests ||
             p == P::kViewRecordings || p == P::kExportVideo || p == P::kViewUnmasked || p == P::kExportJobs;
    case Role::kApprover:
      return p == P::kViewStatus || p == P::kViewCameras || p == P::kViewRequests || p == P::kApproveRequests;
    case Role::kAuditor:
      return p == P::kViewAudit || p == P::kViewRequests || p == P::kViewCompliance;
    case Role::kMaintainer:
      return p == P::kViewStatus || p == P::kViewCameras || p == P::kViewRegistry;
  }
  return false;
}

bool NeedsGrant(Permission p) { return p == P::kViewRecordings || p == P::kExportVideo; }

bool ShowsPictures(Permission p) { return p == P::kViewLive || p == P::kExportVideo; }

bool Holds(const Principal& principal, Permission p) {
  return std::any_of(principal.roles.begin(), principal.roles.end(), [&](Role r) { return RoleHolds(r, p); });
}

RequestContext MakeRequestContext(Method method, std::string csrf_header, const RouteSpec& route,
                                  const std::map<std::string, std::string>& path_params,
                                  const std::map<std::string, std::string>& query, WallTime90k now,
                                  std::string_view json_body) {
  RequestContext c;
  c.method = method;
  c.csrf_header = std::move(csrf_header);
  c.now = now;
  if (std::string_view(route.pattern).rfind("/api/v1/cameras/{id}", 0) == 0) {
    if (auto it = path_params.find("id"); it != path_params.end()) c.camera_id = it->second;
  }
  auto time = [&](const char* name) -> std::optional<WallTime90k> {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    auto t = ParseIso8601(it->second);
    if (!t) return std::nullopt;
    return *t;
  };
  c.from_wall_90k = time("from");
  c.to_wall_90k = time("to");
  // A still at one instant (still.jpg?at=TIME or at=now) is footage of [at, at + 1 tick).
  if (!c.from_wall_90k && !c.to_wall_90k) {
    auto it = query.find("at");
    std::optional<WallTime90k> at = it != query.end() && it->second == "now" ? std::optional(now) : time("at");
    if (at) {
      c.from_wall_90k = *at;
      c.to_wall_90k = WallTime90k{at->ticks_90k + 1};
    }
  }
  if (auto it = query.find("download"); it != query.end()) c.download = it->second == "1" || it->second == "true";
  if (auto it = query.find("unmasked"); it != query.end()) c.unmasked = it->second == "1" || it->second == "true";
  if (route.footage_in_body) FromBody(json_body, c);
  return c;
}

Decision Authorize(const Principal& principal, const RouteSpec& route, const RequestContext& context) {
  if (route.permission == P::kPublic) return Allow();
  if (!principal.authenticated) {
    return Deny(Unauthenticated("log in first: POST /api/v1/login with {\"user\": ..., \"password\": ...}"));
  }
  if (IsStateChanging(context.method) && !SameToken(context.csrf_header, principal.csrf_token)) {
    return Deny(PermissionDenied(std::string("this request must carry the header ") + kCsrfHeader +
                                 " with the csrf_token returned at login"));
  }
  if (route.permission == P::kSession) return Allow();
  if (!Holds(principal, route.permission)) {
    return Deny(PermissionDenied("user " + principal.user + " may not " + std::string(ToString(route.permission)) +
                                 ": that needs the role " + RolesHolding(route.permission)));
  }
  if (context.resource_owner && *context.resource_owner != principal.user) {
    return Deny(PermissionDenied("this export job belongs to another user: only the user who started it may "
                                 "see, download or cancel it"));
  }
  Decision d = Allow();
  if (route.permission == P::kViewLive) d = DecideLive(principal, context);
  if (NeedsGrant(route.permission)) d = DecideFootage(principal, route, context);
  if (d.allowed && context.unmasked && ShowsPictures(route.permission)) {
    if (!Holds(principal, P::kViewUnmasked)) {
      return Deny(PermissionDenied("user " + principal.user +
                                   " may not see pictures without their privacy zones (unmasked=1): that needs "
                                   "view_unmasked, held by the role " + RolesHolding(P::kViewUnmasked) +
                                   "; leave unmasked out to see the masked picture"));
    }
    d.unmasked = true;
  }
  return d;
}

}  // namespace custos::api
