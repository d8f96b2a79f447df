// GET /api/v1/health and GET /api/v1/status.
#include "api/handlers.h"
#include "api/request_util.h"
#include "api/sessions.h"
#include "crypto/node_key.h"

namespace custos::api {

Result<Reply> HandleHealth(HandlerContext&) { return JsonReply({{"status", "ok"}}); }

Result<Reply> HandleStatus(HandlerContext& ctx) {
  auto cameras = ctx.catalog.ListCameras(CameraFilter::kActive);
  if (!cameras) return Err(cameras.error().With("listing cameras"));
  int64_t enabled = 0, recording = 0, transcoders = 0;
  for (const Camera& c : *cameras) {
    if (c.config.enabled) ++enabled;
  }
  if (ctx.env.live_status) {
    for (const auto& [id, st] : ctx.env.live_status()) {
      if (st.state == "recording") ++recording;
      if (st.live_transcoding) ++transcoders;
    }
  }
  const WallTime90k now = ctx.env.clock->Now();
  // The key file is 65 bytes, read per call: status is not a hot path.
  auto key = NodeKey::Load(ctx.env.data_dir);
  return JsonReply({{"status", "ok"},
                    {"version", ctx.env.version},
                    {"started_at", FormatIso8601(ctx.env.started_wall_90k)},
                    {"now", FormatIso8601(now)},
                    {"uptime_seconds", (now.ticks_90k - ctx.env.started_wall_90k.ticks_90k) / kTicksPerSecond90k},
                    {"cameras", {{"configured", cameras->size()}, {"enabled", enabled}, {"recording", recording}}},
                    {"sessions", ctx.env.sessions->size()},
                    {"live", {{"transcoders", transcoders}}},
                    {"node_public_key", key ? key->PublicKeyHex() : std::string()}});
}

}  // namespace custos::api
