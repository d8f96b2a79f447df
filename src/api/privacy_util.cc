#include "api/privacy_util.h"

#include "api/authorize.h"

namespace custos::api {

Result<std::vector<privacy::PrivacyZone>> ZonesToFill(HandlerContext& ctx, const std::string& camera_id) {
  auto it = ctx.request.query.find("unmasked");
  const bool asked = it != ctx.request.query.end() && (it->second == "1" || it->second == "true");
  if (asked && Holds(ctx.principal, Permission::kViewUnmasked)) return std::vector<privacy::PrivacyZone>{};
  Result<std::string> json = ctx.catalog.GetPrivacyZonesJson(camera_id);
  if (!json) return Err(json.error().With("reading the privacy zones of camera " + camera_id));
  auto zones = privacy::ZonesFromJson(*json);
  if (!zones) {
    return Err(DataLoss("the stored privacy zones of camera " + camera_id + " are unreadable (" +
                        zones.error().message() + "); set them again (PUT .../privacy-zones)"));
  }
  return zones;
}

}  // namespace custos::api
