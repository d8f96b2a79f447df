// handlers.h: the route handlers, one file per resource:
//   health_handlers.cc   GET /health, GET /status
//   session_handlers.cc  POST /login, POST /logout, GET /me
//   camera_handlers.cc   GET /cameras, GET /cameras/{id}
//   recording_handlers.cc GET /cameras/{id}/recordings
//   timeline_handlers.cc GET /cameras/{id}/timeline
//   export_handlers.cc   GET|HEAD /cameras/{id}/export.mp4
//   web_handlers.cc      GET|HEAD /{path*} (the web UI's files, outside /api/)
//   still_handlers.cc    GET /cameras/{id}/still.jpg, GET /cameras/{id}/live.jpg
//   user_handlers.cc     /me/password, /users..., /camera-groups
//   request_handlers.cc  /requests...
//   govern_handlers.cc   POST /cameras, POST /cameras/{id}/registry, GET /registry, /profile,
//                        /compliance, /filings, GET|POST /records
//   export_job_handlers.cc /exports... (export jobs: src/jobs)
// Each runs on an API worker (handler.h); authorisation has already been decided.
// Thread-safety: see handler.h.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "api/handler.h"
#include "api/route.h"

namespace custos::api {

Result<Reply> HandleHealth(HandlerContext& ctx);
Result<Reply> HandleStatus(HandlerContext& ctx);
Result<Reply> HandleLogin(HandlerContext& ctx);
Result<Reply> HandleLogout(HandlerContext& ctx);
Result<Reply> HandleMe(HandlerContext& ctx);
Result<Reply> HandleListCameras(HandlerContext& ctx);
Result<Reply> HandleGetCamera(HandlerContext& ctx);
Result<Reply> HandleListRecordings(HandlerContext& ctx);
Result<Reply> HandleTimeline(HandlerContext& ctx);
Result<Reply> HandleGetPrivacyZones(HandlerContext& ctx);
Result<Reply> HandlePutPrivacyZones(HandlerContext& ctx);
Result<Reply> HandleExport(HandlerContext& ctx);
Result<Reply> HandleWebFile(HandlerContext& ctx);
Result<Reply> HandleStill(HandlerContext& ctx);
Result<Reply> HandleLiveStill(HandlerContext& ctx);
Result<Reply> HandleChangeOwnPassword(HandlerContext& ctx);
Result<Reply> HandleListUsers(HandlerContext& ctx);
Result<Reply> HandleAddUser(HandlerContext& ctx);
Result<Reply> HandleDisableUser(HandlerContext& ctx);
Result<Reply> HandleResetPassword(HandlerContext& ctx);
Result<Reply> HandleGrantUser(HandlerContext& ctx);
Result<Reply> HandleListCameraGroups(HandlerContext& ctx);
Result<Reply> HandlePutCameraGroup(HandlerContext& ctx);
Result<Reply> HandleListRequests(HandlerContext& ctx);
Result<Reply> HandleFileRequest(HandlerContext& ctx);
Result<Reply> HandleGetRequest(HandlerContext& ctx);
Result<Reply> HandleApproveRequest(HandlerContext& ctx);
Result<Reply> HandleRejectRequest(HandlerContext& ctx);
Result<Reply> HandleRegisterCamera(HandlerContext& ctx);
Result<Reply> HandleChangeRegistry(HandlerContext& ctx);
Result<Reply> HandleListRegistry(HandlerContext& ctx);
Result<Reply> HandleGetProfile(HandlerContext& ctx);
Result<Reply> HandleListProfiles(HandlerContext& ctx);
Result<Reply> HandleListSiteCategories(HandlerContext& ctx);
Result<Reply> HandleCompliance(HandlerContext& ctx);
// audit_handlers.cc (view_audit; every read is itself audited)
Result<Reply> HandleListAudit(HandlerContext& ctx);
Result<Reply> HandleVerifyAudit(HandlerContext& ctx);
Result<Reply> HandleAuditRegister(HandlerContext& ctx);
Result<Reply> HandleAuditInspection(HandlerContext& ctx);
Result<Reply> HandleListFilings(HandlerContext& ctx);
Result<Reply> HandleMarkFiled(HandlerContext& ctx);
Result<Reply> HandleListRecords(HandlerContext& ctx);
Result<Reply> HandleAddRecord(HandlerContext& ctx);
Result<Reply> HandleCreateExportJob(HandlerContext& ctx);
Result<Reply> HandleListExportJobs(HandlerContext& ctx);
Result<Reply> HandleGetExportJob(HandlerContext& ctx);
Result<Reply> HandleDownloadExportJob(HandlerContext& ctx);
Result<Reply> HandleCancelExportJob(HandlerContext& ctx);

// The owner of the export job a /api/v1/exports/{id}... route names, for Authorize()
// (RequestContext::resource_owner); nullopt for other routes and unknown jobs.
// Cheap (a map lookup under a mutex): called on the loop.
std::optional<std::string> ExportJobOwner(const ApiEnv& env, const RouteSpec& route,
                                          const std::map<std::string, std::string>& path_params);

}  // namespace custos::api
