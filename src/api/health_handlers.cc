// GET /api/v1/health and GET /api/v1/status.
#include "api/handlers.h"
#include "api/request_util.h"
#include "api/sessions.h"
#include "crypto/node_key.h"

namespace custos::api {

Result<Reply> HandleHealth(HandlerContext&) { return JsonReply({{"status", "ok"}}); }

namespace {

// Free space of the data folder and the retention thread's alarm level: "low" is an alarm
// (export packages refused), "critical" means recording has stopped.
nlohmann::json DiskJson(const ApiEnv& env) {
  nlohmann::json j = nlohmann::json::object();
  if (env.disk_pressure) {
    const DiskPressure p = env.disk_pressure();
    j["pressure"] = DiskPressureName(p);
    j["recording_stopped"] = !MayWrite(p, WriteClass::kRecording);
  }
  if (Result<DiskSpace> space = StatvfsFreeSpace(env.data_dir); space) {
    j["free_bytes"] = space->free_bytes;
    j["total_bytes"] = space->total_bytes;
  }
  return j;
}

}  // namespace

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
  return JsonReply({{"disk", DiskJson(ctx.env)},{"status", "ok"},
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
