// handlers.h: the route handlers, one file per resource:
//   health_handlers.cc   GET /health, GET /status
//   session_handlers.cc  POST /login, POST /logout, GET /me
//   camera_handlers.cc   GET /cameras, GET /cameras/{id}
//   recording_handlers.cc GET /cameras/{id}/recordings
//   timeline_handlers.cc GET /cameras/{id}/timeline
//   export_handlers.cc   GET|HEAD /cameras/{id}/export.mp4
//   govern_handlers.cc   POST /cameras, POST /cameras/{id}/registry, GET /registry, /profile,
//                        /compliance, /filings, GET|POST /records
// Each runs on an API worker (handler.h); authorisation has already been decided.
// Thread-safety: see handler.h.
#pragma once

#include "api/handler.h"

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
Result<Reply> HandleExport(HandlerContext& ctx);
Result<Reply> HandleRegisterCamera(HandlerContext& ctx);
Result<Reply> HandleChangeRegistry(HandlerContext& ctx);
Result<Reply> HandleListRegistry(HandlerContext& ctx);
Result<Reply> HandleGetProfile(HandlerContext& ctx);
Result<Reply> HandleCompliance(HandlerContext& ctx);
Result<Reply> HandleListFilings(HandlerContext& ctx);
Result<Reply> HandleListRecords(HandlerContext& ctx);
Result<Reply> HandleAddRecord(HandlerContext& ctx);

}  // namespace custos::api
