// principal.h: who makes a request, as the authorisation check sees it.
//
// The session (sessions.h) holds only who logged in and the CSRF token. Roles, camera
// assignments and grants are read from the catalog for every request (ResolvePrincipal,
// on a worker), so a disabled user, a changed role or an expired grant takes effect at
// the next request. Thread-safety: plain values.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "access/roles.h"
#include "base/clock.h"
#include "base/status.h"
#include "catalog/catalog.h"

namespace custos::api {

struct Principal {
  bool authenticated = false;
  std::string user;        // "" when anonymous
  std::string session_id;  // the cookie's value, to end the session at logout
  std::string csrf_token;  // what state-changing requests must echo in X-Custos-CSRF
  // From the catalog, per request:
  std::vector<access::Role> roles;
  std::vector<std::string> live_cameras;   // assigned, directly or through a group
  std::vector<RetrievalRequest> grants;    // the user's requests in force now

  bool HasRole(access::Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }
};

// Fills roles, assignments and grants of a logged-in principal from the catalog. A user
// who no longer exists or is disabled becomes anonymous (the request is then 401).
Result<Principal> ResolvePrincipal(Catalog& catalog, const Clock& clock, Principal principal);

}  // namespace custos::api
