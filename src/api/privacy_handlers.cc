// GET and PUT /api/v1/cameras/{id}/privacy-zones: the polygons filled opaquely in every
// decoded output of the camera (R104). PUT replaces the whole list after validating it,
// audited as privacy_zone_change.
#include "api/audit_util.h"
#include "api/handlers.h"
#include "api/request_util.h"
#include "privacy/zone.h"

namespace custos::api {

namespace {

Result<Reply> ZonesReply(const std::string& camera_id, const std::string& zones_json) {
  nlohmann::json zones = nlohmann::json::parse(zones_json, nullptr, false);
  if (zones.is_discarded()) return Err(DataLoss("the stored privacy zones of camera " + camera_id + " are not JSON"));
  return JsonReply({{"camera_id", camera_id}, {"zones", std::move(zones)}});
}

}  // namespace

Result<Reply> HandleGetPrivacyZones(HandlerContext& ctx) {
  const std::string& id = ctx.request.path_params.at("id");
  Result<std::string> json = ctx.catalog.GetPrivacyZonesJson(id);
  if (!json) return Err(json.error());
  return ZonesReply(id, *json);
}

Result<Reply> HandlePutPrivacyZones(HandlerContext& ctx) {
  const std::string& id = ctx.request.path_params.at("id");
  const nlohmann::json body = nlohmann::json::parse(ctx.request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("zones")) {
    return Err(InvalidArgument(R"(the body must be JSON: {"zones": [{"name": "...", "points": [[x, y], ...]}]})"));
  }
  auto zones = privacy::ZonesFromJson(body["zones"].dump());
  if (!zones) return Err(zones.error());
  const std::string canonical = privacy::ZonesToJson(*zones);
  CUSTOS_RETURN_IF_ERROR(ctx.catalog.SetPrivacyZonesJson(id, canonical));
  AuditEvent e = BaseEvent(ctx.principal, ctx.request, "privacy_zone_change");
  e.camera_ids = {id};
  e.detail = "zones set: now " + std::to_string(zones->size()) + " zone(s)";
  CUSTOS_RETURN_IF_ERROR(Report(ctx.env, e));
  // Running live views follow before the answer: no viewer keeps seeing a newly zoned area.
  if (ctx.env.privacy_zones_changed) ctx.env.privacy_zones_changed(id, canonical);
  return ZonesReply(id, canonical);
}

}  // namespace custos::api
