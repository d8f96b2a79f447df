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
    {M::kGet, "/api/v1/cameras/{id}/still.jpg", P::kExportVideo, HandleStill,
     "One picture of a camera at a time, as JPEG"},
    {M::kGet, "/api/v1/cameras/{id}/live.jpg", P::kViewLive, HandleLiveStill,
     "The camera's newest picture, as JPEG (live wall thumbnails)"},
    {M::kGet, "/api/v1/cameras/{id}/live", P::kViewLive, nullptr,
     "Live video over a WebSocket: fragmented MP4 for Media Source Extensions", true},
    {M::kPost, "/api/v1/me/password", P::kSession, HandleChangeOwnPassword,
     "Changes the logged-in user's password (needs the current one)"},
    {M::kGet, "/api/v1/users", P::kManageUsers, HandleListUsers, "Users with roles and camera assignments"},
    {M::kPost, "/api/v1/users", P::kManageUsers, HandleAddUser, "Adds a user"},
    {M::kPost, "/api/v1/users/{name}/disable", P::kManageUsers, HandleDisableUser, "Disables or re-enables a user"},
    {M::kPost, "/api/v1/users/{name}/password", P::kManageUsers, HandleResetPassword,
     "Sets a user's password (clears a lockout)"},
    {M::kPost, "/api/v1/users/{name}/grant", P::kManageUsers, HandleGrantUser,
     "Replaces a user's roles and camera assignments"},
    {M::kGet, "/api/v1/camera-groups", P::kManageUsers, HandleListCameraGroups, "Camera groups and their cameras"},
    {M::kPost, "/api/v1/camera-groups", P::kManageUsers, HandlePutCameraGroup, "Creates or replaces a camera group"},
    {M::kGet, "/api/v1/requests", P::kViewRequests, HandleListRequests,
     "Retrieval requests (an investigator sees their own)"},
    {M::kPost, "/api/v1/requests", P::kFileRequests, HandleFileRequest, "Files a retrieval request"},
    {M::kGet, "/api/v1/requests/{id}", P::kViewRequests, HandleGetRequest, "One retrieval request"},
    {M::kPost, "/api/v1/requests/{id}/approve", P::kApproveRequests, HandleApproveRequest,
     "Approves a retrieval request (not one's own; exports need two approvers)"},
    {M::kPost, "/api/v1/requests/{id}/reject", P::kApproveRequests, HandleRejectRequest,
     "Rejects a retrieval request, with a reason"},
    {M::kGet, "/api/v1/cameras/{id}/privacy-zones", P::kViewPrivacyZones, HandleGetPrivacyZones,
     "The camera's privacy zones"},
    {M::kPut, "/api/v1/cameras/{id}/privacy-zones", P::kEditPrivacyZones, HandlePutPrivacyZones,
     "Replaces the camera's privacy zones"},
    {M::kGet, "/api/v1/registry", P::kViewRegistry, HandleListRegistry, "Every camera's registry entry"},
    {M::kGet, "/api/v1/site-categories", P::kViewRegistry, HandleListSiteCategories,
     "The site categories (R102) with their tier (R109); private places are refused (R103)"},
    {M::kGet, "/api/v1/profiles", P::kViewCompliance, HandleListProfiles,
     "The shipped jurisdiction profiles, the installation's marked active"},
    {M::kGet, "/api/v1/profile", P::kViewCompliance, HandleGetProfile,
     "The installation's jurisdiction profile (or ?name=) with the source of each number"},
    {M::kGet, "/api/v1/compliance", P::kViewCompliance, HandleCompliance,
     "Every requirement's state on this installation, with evidence (?profile=)"},
    {M::kGet, "/api/v1/filings", P::kManageFilings, HandleListFilings,
     "Filings with their deadlines under the profile (?overdue=1 for overdue ones)"},
    {M::kPost, "/api/v1/filings/{id}/filed", P::kManageFilings, HandleMarkFiled,
     "Records that a filing was made: the organ's receipt reference and the date (audited)"},
    {M::kGet, "/api/v1/records", P::kManageFilings, HandleListRecords,
     "Training, maintenance, inspection and duty records, and archived documents"},
    {M::kPost, "/api/v1/records", P::kManageFilings, HandleAddRecord, "Adds a dated operations record"},
    {M::kGet, "/api/v1/audit", P::kViewAudit, HandleListAudit,
     "Audit log entries in order, filtered and paged (?from&to&actor&camera&action&after_seq&limit)"},
    {M::kGet, "/api/v1/audit/verify", P::kViewAudit, HandleVerifyAudit,
     "Verifies the audit log's hash chain and signed checkpoints; names each altered entry"},
    {M::kGet, "/api/v1/audit/register", P::kViewAudit, HandleAuditRegister,
     "The retrieval register of R401 for [from, to), as CSV or PDF (?format=)"},
    {M::kGet, "/api/v1/audit/inspection", P::kViewAudit, HandleAuditInspection,
     "The inspection report of R702 for [from, to), as CSV or PDF (?format=)"},
    {M::kPost, "/api/v1/exports", P::kExportVideo, HandleCreateExportJob,
     "Starts an export job: a signed evidence package or a masked MP4 of [from, to)", false, true},
    {M::kGet, "/api/v1/exports", P::kExportJobs, HandleListExportJobs, "The user's own export jobs"},
    {M::kGet, "/api/v1/exports/{id}", P::kExportJobs, HandleGetExportJob, "One of the user's export jobs: state, progress"},
    {M::kGet, "/api/v1/exports/{id}/download", P::kExportJobs, HandleDownloadExportJob,
     "The finished job's file, with Range support"},
    {M::kDelete, "/api/v1/exports/{id}", P::kExportJobs, HandleCancelExportJob,
     "Cancels an export job, or deletes its finished file"},
    // Last, and only where no route above matches the path (router.h): the web UI.
    {M::kGet, "/{path*}", P::kPublic, HandleWebFile, "The web UI's files; client routes get index.html"},
};

}  // namespace

std::span<const RouteSpec> Routes() { return kRoutes; }

std::string_view ToString(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kDelete: return "DELETE";
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
    case Permission::kManageUsers: return "manage_users";
    case Permission::kFileRequests: return "file_requests";
    case Permission::kViewRequests: return "view_requests";
    case Permission::kApproveRequests: return "approve_requests";
    case Permission::kViewAudit: return "view_audit";
    case Permission::kViewRegistry: return "view_registry";
    case Permission::kEditRegistry: return "edit_registry";
    case Permission::kManageFilings: return "manage_filings";
    case Permission::kViewCompliance: return "view_compliance";
    case Permission::kViewPrivacyZones: return "view_privacy_zones";
    case Permission::kEditPrivacyZones: return "edit_privacy_zones";
    case Permission::kViewUnmasked: return "view_unmasked";
    case Permission::kExportJobs: return "export_jobs";
  }
  return "?";
}

}  // namespace custos::api
