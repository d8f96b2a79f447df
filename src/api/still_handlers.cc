// GET /api/v1/cameras/{id}/still.jpg?at=<time|now>[&width=][&unmasked=1]  (export_video)
// GET /api/v1/cameras/{id}/live.jpg[?width=][&unmasked=1]                  (view_live)
//
// Reads the samples from the key frame at or before the instant through the frame
// showing then (storage/still_frames.h), decodes them, fills the camera's privacy zones
// unless unmasked=1 was asked for and allowed (view_unmasked, checked by Authorize and
// again here), and encodes a JPEG (privacy/av_mask.h). Runs on an API worker: decoding
// never touches the event loop. X-Custos-Masked says whether zones were filled.

#include "api/handlers.h"
#include "api/request_util.h"
#include "api/privacy_util.h"
#include "privacy/av_mask.h"
#include "storage/still_frames.h"

namespace custos::api {

namespace {

// live.jpg refuses pictures older than this: the wall then shows the camera's state.
constexpr int64_t kLiveMaxAge90k = int64_t{60} * kTicksPerSecond90k;

Result<int> WidthParam(const Request& request) {
  auto it = request.query.find("width");
  if (it == request.query.end()) return 0;
  std::optional<int64_t> width = ParseWholeNumber(it->second);
  if (!width || *width < 16 || *width > 8192) {
    return Err(InvalidArgument("width must be a whole number of pixels from 16 to 8192, e.g. width=320"));
  }
  return static_cast<int>(*width);
}

Result<Reply> StillReply(HandlerContext& ctx, std::optional<WallTime90k> at, int64_t max_age_90k) {
  const std::string& id = ctx.request.path_params.at("id");
  auto width = WidthParam(ctx.request);
  if (!width) return Err(width.error());
  const WallTime90k now = ctx.env.clock->Now();
  auto frames = ReadStillFrames(ctx.catalog, ctx.env.data_dir, id, at, now);
  if (!frames) return Err(frames.error());
  if (max_age_90k > 0 && now.ticks_90k - frames->wall.ticks_90k > max_age_90k) {
    return Err(NotFound("camera " + id + " has recorded nothing since " + FormatIso8601(frames->wall) +
                        "; see its state in /api/v1/cameras/" + id));
  }
  auto zones = ZonesToFill(ctx, id);
  if (!zones) return Err(zones.error());
  auto jpeg = privacy::MaskedStillJpeg(frames->params, frames->samples, *zones, {.width = *width});
  if (!jpeg) return Err(jpeg.error().With("still of camera " + id + " at " + FormatIso8601(frames->wall)));
  Reply r;
  r.content_type = "image/jpeg";
  r.body.assign(jpeg->begin(), jpeg->end());
  r.headers = {{"X-Custos-Time", FormatIso8601(frames->wall)},
               {"X-Custos-Masked", zones->empty() ? "0" : "1"},
               {"Cache-Control", "private, no-store"}};
  return r;
}

}  // namespace

Result<Reply> HandleStill(HandlerContext& ctx) {
  auto it = ctx.request.query.find("at");
  if (it != ctx.request.query.end() && it->second == "now") return StillReply(ctx, std::nullopt, 0);
  auto at = RequiredTime(ctx.request, "at");
  if (!at) return Err(at.error());
  return StillReply(ctx, *at, 0);
}

Result<Reply> HandleLiveStill(HandlerContext& ctx) { return StillReply(ctx, std::nullopt, kLiveMaxAge90k); }

}  // namespace custos::api
