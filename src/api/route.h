// route.h: the HTTP API's route table is data: a method, a path pattern with {params},
// the permission it needs, and the handler (one file per resource, handlers.h).
//
// Routes() in routes.cc is the whole table; the router matches requests against it and
// authorize.h decides on each match. Thread-safety: the table is immutable.
#pragma once

#include <span>
#include <string_view>

#include "api/handler.h"

namespace custos::api {

enum class Method { kGet, kHead, kPost };

// What a route needs. Authorize() maps principals to these; Govern assigns them to roles.
enum class Permission {
  kPublic,          // anyone, without a session (health, login)
  kSession,         // any logged-in user, about their own session (me, logout)
  kViewStatus,      // server status
  kViewCameras,     // camera list, states and counters
  kViewRecordings,  // recordings, gaps, timeline
  kExportVideo,     // playback and export of recorded video
  kViewLive,        // live video
  // Govern (src/govern). Administrator-only until roles are mapped (authorize.cc).
  kViewRegistry,    // the registry: units, addresses, positions, equipment (confidential: R408)
  kEditRegistry,    // register cameras, change registry entries (R101-R109, R206)
  kManageFilings,   // filings, documents, operations records (R201-R205, R301-R304)
  kViewCompliance,  // the jurisdiction profile and the compliance report
};

std::string_view ToString(Method m);
std::string_view ToString(Permission p);

struct RouteSpec {
  Method method = Method::kGet;  // a GET route also answers HEAD
  std::string_view pattern;      // "/api/v1/cameras/{id}/timeline"
  Permission permission = Permission::kPublic;
  Handler handler = nullptr;
  std::string_view summary;      // one line, as in docs/ref/openapi.yaml
  // A WebSocket route: the connection upgrades it itself (live_session.h) after the same
  // routing and Authorize(); `handler` is unused.
  bool websocket = false;
};

// The API's routes, in the order they are documented.
std::span<const RouteSpec> Routes();

}  // namespace custos::api
