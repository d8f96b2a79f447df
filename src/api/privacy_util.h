// privacy_util.h: which privacy zones a handler fills in the pictures it decodes (stills,
// transcoded exports). Thread-safety: runs on the request's worker with its catalog.
#pragma once

#include <string>
#include <vector>

#include "api/handler.h"
#include "privacy/zone.h"

namespace custos::api {

// The camera's zones, or none when ?unmasked=1 is asked for by a user holding
// view_unmasked (Authorize() refused it for anyone else; checked again here, failing
// closed). DataLoss when the stored zones cannot be read: nothing is shown unmasked.
Result<std::vector<privacy::PrivacyZone>> ZonesToFill(HandlerContext& ctx, const std::string& camera_id);

}  // namespace custos::api
