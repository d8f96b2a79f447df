#include "api/authorize.h"

#include <sodium.h>

namespace custos::api {

namespace {

bool IsStateChanging(Method m) { return m == Method::kPost || m == Method::kPut; }

bool SameToken(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Decision Allow() { return Decision{true, Status::Ok()}; }
Decision Deny(Status s) { return Decision{false, std::move(s)}; }

}  // namespace

Decision Authorize(const Principal& principal, const RouteSpec& route, const RequestContext& context) {
  if (route.permission == Permission::kPublic) return Allow();
  if (!principal.authenticated) {
    return Deny(Unauthenticated("log in first: POST /api/v1/login with {\"user\": ..., \"password\": ...}"));
  }
  if (IsStateChanging(context.method) && !SameToken(context.csrf_header, principal.csrf_token)) {
    return Deny(PermissionDenied(std::string("this request must carry the header ") + kCsrfHeader +
                                 " with the csrf_token returned at login"));
  }
  if (route.permission == Permission::kSession) return Allow();
  if (principal.is_admin) return Allow();
  return Deny(PermissionDenied("user " + principal.user + " may not " + std::string(ToString(route.permission))));
}

}  // namespace custos::api
