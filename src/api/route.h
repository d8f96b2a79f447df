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

enum class Method { kGet, kHead, kPost, kPut, kDelete };

// What a route needs. Authorize() (authorize.cc) maps roles to these, in one table.
enum class Permission {
  kPublic,           // anyone, without a session (health, login)
  kSession,          // any logged-in user, about their own session (me, logout, own password)
  kViewStatus,       // server status
  kViewCameras,      // camera list, states and counters
  kViewRecordings,   // recordings, gaps, timeline of a camera: needs a grant for the range
  kExportVideo,      // playback (and, with download=1, export) of footage: needs a grant
  kViewLive,         // live video: only of the cameras assigned to the user
  kManageUsers,      // users, roles, camera groups and assignments
  kFileRequests,     // file retrieval requests
  kViewRequests,     // read retrieval requests (investigators: their own)
  kApproveRequests,  // approve or reject other people's requests
  kViewAudit,        // the audit log
  kViewRegistry,     // the camera registry (R408: itself confidential)
  kEditRegistry,     // change the registry
  kManageFilings,    // filings, documents, operations records
  kViewCompliance,   // the compliance report
  kViewPrivacyZones,  // a camera's privacy zones (R104)
  kEditPrivacyZones,  // changing them
  kViewUnmasked,      // pictures without the privacy zones filled (?unmasked=1 on stills and live);
                      // never a route's own permission: Authorize() checks it on top
  kExportJobs,        // one's own export jobs (read, download, cancel); creating one is kExportVideo
};

// The permissions roles hold (every one but kPublic and kSession), for GET /me's table.
inline constexpr Permission kRolePermissions[] = {
    Permission::kViewStatus,     Permission::kViewCameras,     Permission::kViewRecordings,
    Permission::kExportVideo,    Permission::kViewLive,        Permission::kManageUsers,
    Permission::kFileRequests,   Permission::kViewRequests,    Permission::kApproveRequests,
    Permission::kViewAudit,      Permission::kViewRegistry,    Permission::kEditRegistry,
    Permission::kManageFilings,  Permission::kViewCompliance,  Permission::kViewPrivacyZones,
    Permission::kEditPrivacyZones, Permission::kViewUnmasked,  Permission::kExportJobs,
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
  // The footage is named in the JSON body ("camera", "from", "to") instead of the path
  // and query (POST /api/v1/exports), and its result always leaves the system: Authorize()
  // decides it as a download (an export grant, two approvers).
  bool footage_in_body = false;
};

// The API's routes, in the order they are documented.
std::span<const RouteSpec> Routes();

}  // namespace custos::api
