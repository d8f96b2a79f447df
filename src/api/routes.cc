// The route table (route.h). Adding a route here without a rule in authorize_test.cc's
// expectations fails that test; document it in docs/ref/openapi.yaml too.
#include "api/handlers.h"
#include "api/route.h"

namespace custos::api {

namespace {

using M = Method;
using P = Permission;

constexpr RouteSpec kRoutes[] = {
    {M::kGet, "/api/v1/health", P::kPublic, HandleHealth, "Liveness: always ok while the server answers"},
    {M::kGet, "/api/v1/status", P::kViewStatus, HandleStatus, "Server status: version, uptime, camera counts"},
    {M::kPost, "/api/v1/login", P::kPublic, HandleLogin, "Log in; sets the session cookie, returns the CSRF token"},
    {M::kPost, "/api/v1/logout", P::kSession, HandleLogout, "Ends the session"},
    {M::kGet, "/api/v1/me", P::kSession, HandleMe, "The logged-in user and the session's CSRF token"},
    {M::kGet, "/api/v1/cameras", P::kViewCameras, HandleListCameras, "Cameras with state and counters"},
    {M::kPost, "/api/v1/cameras", P::kEditRegistry, HandleRegisterCamera,
     "Registers a camera with its registry entry (R101; refused in private places, R103)"},
    {M::kGet, "/api/v1/cameras/{id}", P::kViewCameras, HandleGetCamera, "One camera"},
    {M::kPost, "/api/v1/cameras/{id}/registry", P::kEditRegistry, HandleChangeRegistry,
     "Changes a camera's registry entry or lifecycle (R103, R206 enforced)"},
    {M::kGet, "/api/v1/cameras/{id}/recordings", P::kViewRecordings, HandleListRecordings,
     "Recordings of a camera overlapping [from, to)"},
    {M::kGet, "/api/v1/cameras/{id}/timeline", P::kViewRecordings, HandleTimeline,
     "Runs of adjacent recordings and gaps in [from, to)"},
    {M::kGet, "/api/v1/cameras/{id}/export.mp4", P::kExportVideo, HandleExport,
     "[from, to) as one fragmented MP4, with Range support"},
    {M::kGet, "/api/v1/cameras/{id}/live", P::kViewLive, nullptr,
     "Live video over a WebSocket: fragmented MP4 for Media Source Extensions", true},
    {M::kGet, "/api/v1/registry", P::kViewRegistry, HandleListRegistry, "Every camera's registry entry"},
    {M::kGet, "/api/v1/profile", P::kViewCompliance, HandleGetProfile,
     "The installation's jurisdiction profile (or ?name=) with the source of each number"},
    {M::kGet, "/api/v1/compliance", P::kViewCompliance, HandleCompliance,
     "Every requirement's state on this installation, with evidence (?profile=)"},
    {M::kGet, "/api/v1/filings", P::kManageFilings, HandleListFilings,
     "Filings with their deadlines under the profile (?overdue=1 for overdue ones)"},
    {M::kGet, "/api/v1/records", P::kManageFilings, HandleListRecords,
     "Training, maintenance, inspection and duty records, and archived documents"},
    {M::kPost, "/api/v1/records", P::kManageFilings, HandleAddRecord, "Adds a dated operations record"},
};

}  // namespace

std::span<const RouteSpec> Routes() { return kRoutes; }

std::string_view ToString(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
  }
  return "?";
}

std::string_view ToString(Permission p) {
  switch (p) {
    case Permission::kPublic: return "public";
    case Permission::kSession: return "session";
    case Permission::kViewStatus: return "view_status";
    case Permission::kViewCameras: return "view_cameras";
    case Permission::kViewRecordings: return "view_recordings";
    case Permission::kExportVideo: return "export_video";
    case Permission::kViewLive: return "view_live";
    case Permission::kViewRegistry: return "view_registry";
    case Permission::kEditRegistry: return "edit_registry";
    case Permission::kManageFilings: return "manage_filings";
    case Permission::kViewCompliance: return "view_compliance";
  }
  return "?";
}

}  // namespace custos::api
