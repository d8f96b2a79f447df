// POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me.
#include "api/audit_util.h"
#include "api/authorize.h"
#include "api/handlers.h"
#include "api/request_util.h"
#include "api/sessions.h"

namespace custos::api {

namespace {

std::string SessionCookie(const std::string& value, int64_t max_age_seconds, bool tls) {
  // SameSite=Strict keeps the cookie off cross-site requests, HttpOnly keeps it from
  // scripts, Secure (when the server speaks HTTPS) keeps it off plain HTTP.
  return std::string(kSessionCookie) + "=" + value + "; Path=/api/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_seconds) + (tls ? "; Secure" : "");
}

}  // namespace

Result<Reply> HandleLogin(HandlerContext& ctx) {
  const nlohmann::json body = nlohmann::json::parse(ctx.request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("user") || !body.contains("password") ||
      !body["user"].is_string() || !body["password"].is_string()) {
    return Err(InvalidArgument(R"(the body must be JSON: {"user": "admin", "password": "..."})"));
  }
  const std::string user = body["user"].get<std::string>();
  const std::string password = body["password"].get<std::string>();
  auto record = access::Authenticate(ctx.catalog, *ctx.env.clock, user, password, ctx.env.lockout);
  if (!record) {
    if (record.error().code() != StatusCode::kUnauthenticated) return Err(record.error().With("checking the password"));
    AuditEvent e = BaseEvent(Principal{}, ctx.request, "login_failed");
    e.outcome = "refused";
    e.detail = "user name tried: " + user.substr(0, 64);
    CUSTOS_RETURN_IF_ERROR(Report(ctx.env, e));
    return Err(record.error());
  }
  Principal who;
  who.user = user;
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, BaseEvent(who, ctx.request, "login")));
  auto session = ctx.env.sessions->Create(user);
  if (!session) return Err(session.error());
  const int64_t max_age_s = (session->expires_wall_90k.ticks_90k - ctx.env.clock->Now().ticks_90k) / kTicksPerSecond90k;
  Reply r = JsonReply({{"user", user},
                       {"display_name", record->display_name},
                       {"roles", record->roles},
                       {"csrf_token", session->csrf_token},
                       {"expires_at", FormatIso8601(session->expires_wall_90k)}});
  r.headers.emplace_back("Set-Cookie", SessionCookie(session->id, max_age_s, ctx.env.tls));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<Reply> HandleLogout(HandlerContext& ctx) {
  ctx.env.sessions->Remove(ctx.principal.session_id);
  Reply r;
  r.status = 204;
  r.content_type.clear();
  r.headers.emplace_back("Set-Cookie", SessionCookie("", 0, ctx.env.tls));
  return r;
}

namespace {

// Which roles hold each permission (RoleHolds, the one table): the web UI offers links and
// forms by it and names the roles in its sentences, without a copy of the table.
nlohmann::json PermissionHolders() {
  nlohmann::json out = nlohmann::json::object();
  for (Permission p : kRolePermissions) {
    nlohmann::json holders = nlohmann::json::array();
    for (access::Role role : access::kAllRoles) {
      if (RoleHolds(role, p)) holders.push_back(access::ToString(role));
    }
    out[std::string(ToString(p))] = holders;
  }
  return out;
}

}  // namespace

Result<Reply> HandleMe(HandlerContext& ctx) {
  nlohmann::json roles = nlohmann::json::array();
  for (access::Role role : ctx.principal.roles) roles.push_back(access::ToString(role));
  Reply r = JsonReply({{"user", ctx.principal.user},
                       {"roles", roles},
                       {"live_cameras", ctx.principal.live_cameras},
                       {"permission_holders", PermissionHolders()},
                       {"csrf_token", ctx.principal.csrf_token}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace custos::api
