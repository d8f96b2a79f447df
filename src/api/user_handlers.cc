// Users, roles, camera groups and assignments (administrators), and a user's own
// password. Every change is audited as "user_change" before the reply.
#include "access/users.h"
#include "api/audit_util.h"
#include "api/handlers.h"
#include "api/json_body.h"
#include "api/request_util.h"

namespace custos::api {

namespace {

nlohmann::json UserJson(const UserRecord& u, WallTime90k now) {
  return {{"name", u.name},
          {"display_name", u.display_name},
          {"unit", u.unit},
          {"roles", u.roles},
          {"cameras", u.camera_ids},
          {"camera_groups", u.camera_groups},
          {"disabled", u.disabled},
          {"locked", now.ticks_90k < u.locked_until_wall_90k.ticks_90k},
          {"created_at", FormatIso8601(u.created_wall_90k)},
          {"password_changed_at", FormatIso8601(u.password_changed_wall_90k)}};
}

// Audits a change, then answers with the user as stored.
Result<Reply> Changed(HandlerContext& ctx, const std::string& name, const std::string& detail, int status = 200) {
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, "user_change");
  e.detail = name + ": " + detail;
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, e));
  auto u = ctx.catalog.GetUser(name);
  if (!u) return Err(u.error());
  return JsonReply(UserJson(*u, ctx.env.clock->Now()), status);
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

Result<Reply> HandleChangeOwnPassword(HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, R"({"old_password": "...", "new_password": "..."})");
  if (!body) return Err(body.error());
  auto old_password = TextField(*body, "old_password");
  auto new_password = TextField(*body, "new_password");
  if (!old_password) return Err(old_password.error());
  if (!new_password) return Err(new_password.error());
  CUSTOS_RETURN_IF_ERROR(
      access::ChangeOwnPassword(ctx.catalog, *ctx.env.clock, ctx.principal.user, *old_password, *new_password));
  return Changed(ctx, ctx.principal.user, "changed their own password");
}

Result<Reply> HandleListUsers(HandlerContext& ctx) {
  auto users = ctx.catalog.ListUsers();
  if (!users) return Err(users.error());
  nlohmann::json list = nlohmann::json::array();
  for (const UserRecord& u : *users) list.push_back(UserJson(u, ctx.env.clock->Now()));
  return JsonReply({{"users", list}});
}

Result<Reply> HandleAddUser(HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, R"({"name": "li.wei", "password": "...", "roles": ["investigator"]})");
  if (!body) return Err(body.error());
  access::NewUser n;
  for (auto [field, out] : {std::pair{"name", &n.name}, std::pair{"display_name", &n.display_name},
                            std::pair{"unit", &n.unit}, std::pair{"password", &n.password}}) {
    auto v = TextField(*body, field);
    if (!v) return Err(v.error());
    *out = *v;
  }
  for (auto [field, out] : {std::pair{"roles", &n.roles}, std::pair{"cameras", &n.camera_ids},
                            std::pair{"camera_groups", &n.camera_groups}}) {
    auto v = TextListField(*body, field);
    if (!v) return Err(v.error());
    *out = *v;
  }
  CUSTOS_RETURN_IF_ERROR(access::AddUser(ctx.catalog, *ctx.env.clock, n));
  return Changed(ctx, n.name, "added with roles [" + Joined(n.roles) + "]", 201);
}

Result<Reply> HandleDisableUser(HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, R"({"disabled": true})");
  if (!body) return Err(body.error());
  auto disabled = BoolField(*body, "disabled", true);
  if (!disabled) return Err(disabled.error());
  const std::string& name = ctx.request.path_params.at("name");
  CUSTOS_RETURN_IF_ERROR(access::SetDisabled(ctx.catalog, *ctx.env.clock, name, *disabled));
  return Changed(ctx, name, *disabled ? "disabled" : "enabled");
}

Result<Reply> HandleResetPassword(HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, R"({"password": "..."})");
  if (!body) return Err(body.error());
  auto password = TextField(*body, "password");
  if (!password) return Err(password.error());
  const std::string& name = ctx.request.path_params.at("name");
  CUSTOS_RETURN_IF_ERROR(access::SetPassword(ctx.catalog, *ctx.env.clock, name, *password));
  return Changed(ctx, name, "password set by an administrator");
}

Result<Reply> HandleGrantUser(HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, R"({"roles": ["duty_operator"], "cameras": ["gate"], "camera_groups": []})");
  if (!body) return Err(body.error());
  auto roles = TextListField(*body, "roles");
  auto cameras = TextListField(*body, "cameras");
  auto groups = TextListField(*body, "camera_groups");
  if (!roles) return Err(roles.error());
  if (!cameras) return Err(cameras.error());
  if (!groups) return Err(groups.error());
  const std::string& name = ctx.request.path_params.at("name");
  CUSTOS_RETURN_IF_ERROR(access::Grant(ctx.catalog, *ctx.env.clock, name, *roles, *cameras, *groups));
  return Changed(ctx, name,
                 "roles [" + Joined(*roles) + "], cameras [" + Joined(*cameras) + "], groups [" + Joined(*groups) + "]");
}

Result<Reply> HandleListCameraGroups(HandlerContext& ctx) {
  auto groups = ctx.catalog.ListCameraGroups();
  if (!groups) return Err(groups.error());
  nlohmann::json list = nlohmann::json::array();
  for (const CameraGroup& g : *groups) {
    list.push_back({{"name", g.name}, {"description", g.description}, {"cameras", g.camera_ids}});
  }
  return JsonReply({{"camera_groups", list}});
}

Result<Reply> HandlePutCameraGroup(HandlerContext& ctx) {
  auto body = JsonObjectBody(ctx.request.body, R"({"name": "north", "description": "...", "cameras": ["gate"]})");
  if (!body) return Err(body.error());
  auto name = TextField(*body, "name");
  auto description = TextField(*body, "description");
  auto cameras = TextListField(*body, "cameras");
  if (!name) return Err(name.error());
  if (!description) return Err(description.error());
  if (!cameras) return Err(cameras.error());
  CUSTOS_RETURN_IF_ERROR(access::CheckUserName(*name).ok()
                             ? Status::Ok()
                             : InvalidArgument("a group name has 1 to 64 characters from a-z, 0-9, '_', '.', '-'"));
  CUSTOS_RETURN_IF_ERROR(ctx.catalog.PutCameraGroup(CameraGroup{*name, *description, *cameras}));
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, "user_change");
  e.camera_ids = *cameras;
  e.detail = "camera group " + *name + " set to [" + Joined(*cameras) + "]";
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, e));
  return JsonReply({{"name", *name}, {"description", *description}, {"cameras", *cameras}});
}

}  // namespace custos::api
