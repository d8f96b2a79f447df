#include "api/principal.h"

namespace custos::api {

Result<Principal> ResolvePrincipal(Catalog& catalog, const Clock& clock, Principal p) {
  if (!p.authenticated) return p;
  auto user = catalog.GetUser(p.user);
  if (!user && user.error().code() != StatusCode::kNotFound) return Err(user.error().With("reading the user"));
  if (!user || user->disabled) return Principal{};
  for (const std::string& name : user->roles) {
    if (auto role = access::ParseRole(name)) p.roles.push_back(*role);
  }
  auto cameras = catalog.AssignedCameras(p.user);
  if (!cameras) return Err(cameras.error().With("reading camera assignments"));
  p.live_cameras = std::move(*cameras);
  auto grants = catalog.ActiveGrants(p.user, clock.Now());
  if (!grants) return Err(grants.error().With("reading retrieval grants"));
  p.grants = std::move(*grants);
  return p;
}

}  // namespace custos::api
