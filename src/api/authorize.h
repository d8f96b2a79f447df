// authorize.h: the ONE authorisation check every request goes through.
//
// Authorize() gets the principal (from the session cookie), the matched route and the
// request's context, and decides. Today's rules: public routes are open to anyone; every
// other route needs a logged-in session (else 401) and, for now, the administrator (else
// 403); a state-changing request (POST) must carry the session's CSRF token in the
// X-Custos-CSRF header (else 403). The issue "Govern" fills in roles, per-camera grants
// and approvals here and nowhere else. Thread-safety: pure function.
#pragma once

#include <string>

#include "api/principal.h"
#include "api/route.h"
#include "base/status.h"

namespace custos::api {

inline constexpr const char* kCsrfHeader = "X-Custos-CSRF";

struct RequestContext {
  Method method = Method::kGet;
  std::string csrf_header;  // the X-Custos-CSRF value, "" if absent
  // Govern adds what approvals need: the camera, the time range, the purpose.
};

struct Decision {
  bool allowed = false;
  Status reason;  // when denied: Unauthenticated (401) or PermissionDenied (403)
};

Decision Authorize(const Principal& principal, const RouteSpec& route, const RequestContext& context);

}  // namespace custos::api
