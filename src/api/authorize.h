// authorize.h: the ONE authorisation check every request goes through.
//
// Authorize() gets the principal (session + roles, assignments and grants from the
// catalog), the matched route and the request's context, and decides:
//   1. public routes are open to anyone;
//   2. every other route needs a logged-in user (else 401);
//   3. a state-changing request (POST) must echo the session's CSRF token in X-Custos-CSRF;
//   4. session routes (me, logout, own password) are open to any logged-in user;
//   5. one of the user's roles must hold the route's permission (RoleHolds: the table);
//   6. live view: the camera must be assigned to the user;
//   7. footage (recordings, timeline, playback, export): an approved, unexpired retrieval
//      request of the user must cover the camera and all of [from, to); with download=1
//      (a copy leaves) or an export job (footage_in_body) it must be an export request
//      (two approvers);
//   8. pictures (live and footage routes) with ?unmasked=1: one of the user's roles must
//      also hold view_unmasked; without it the request is refused, not silently masked.
//   9. a resource with an owner (an export job): only its owner.
// Refusals say what is missing (which role, which assignment, which request to file).
// docs/design/access.md explains the model. Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "access/roles.h"
#include "api/principal.h"
#include "api/route.h"
#include "base/status.h"
#include "base/time.h"

namespace custos::api {

inline constexpr const char* kCsrfHeader = "X-Custos-CSRF";

struct RequestContext {
  Method method = Method::kGet;
  std::string csrf_header;                // the X-Custos-CSRF value, "" if absent
  std::string camera_id;                  // {id} of a /cameras/{id}/... route, "" otherwise
  std::optional<WallTime90k> from_wall_90k;  // ?from= when present and valid
  std::optional<WallTime90k> to_wall_90k;    // ?to=
  bool download = false;                  // ?download=1: the footage is copied out (export)
  bool unmasked = false;                  // ?unmasked=1: the picture without privacy zones filled
  WallTime90k now{0};
  // The user owning the resource the path names (an export job), when known: only they
  // may use it.
  std::optional<std::string> resource_owner;
};

// Fills camera_id, the range and download from a matched route's path parameters and
// query (the router calls it before any handler runs), or, for a route with
// footage_in_body, from the JSON body's "camera", "from" and "to". A malformed from/to is
// left unset; the decision then asks for it.
RequestContext MakeRequestContext(Method method, std::string csrf_header, const RouteSpec& route,
                                  const std::map<std::string, std::string>& path_params,
                                  const std::map<std::string, std::string>& query, WallTime90k now,
                                  std::string_view json_body = {});

struct Decision {
  bool allowed = false;
  Status reason;               // when denied: Unauthenticated (401), PermissionDenied (403),
                               // InvalidArgument (400: no range given for footage)
  int64_t grant_request_id = 0;  // footage: the retrieval request that allowed it
  bool unmasked = false;         // ?unmasked=1 was asked for and is allowed (step 8)
};

// The role -> permission table.
bool RoleHolds(access::Role role, Permission permission);
// Footage routes need a grant (step 7).
bool NeedsGrant(Permission p);
// Routes that show pictures, where privacy zones are masked unless ?unmasked=1 (step 8).
bool ShowsPictures(Permission p);
// Whether one of the principal's roles holds `p`.
bool Holds(const Principal& principal, Permission p);

Decision Authorize(const Principal& principal, const RouteSpec& route, const RequestContext& context);

}  // namespace custos::api
