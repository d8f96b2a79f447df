// GET /api/v1/cameras and GET /api/v1/cameras/{id}. Never returns a camera's URL, user
// name or password: they are credentials to the camera network.
#include "api/handlers.h"
#include "api/request_util.h"

namespace custos::api {

namespace {

void ReplaceAll(std::string& s, const std::string& what, std::string_view with) {
  if (what.empty()) return;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) {
    s.replace(at, what.size(), with);
  }
}

// Error texts may quote the camera's URL or credentials (from the RTSP client): hide them.
std::string Redact(std::string text, const CameraConfig& c) {
  ReplaceAll(text, c.password, "[redacted]");
  ReplaceAll(text, c.url, "[camera url]");
  for (const char* scheme : {"rtsp://", "rtsps://"}) {
    for (size_t at = text.find(scheme); at != std::string::npos; at = text.find(scheme, at)) {
      size_t end = text.find_first_of(" \t\n\"'", at);
      text.replace(at, (end == std::string::npos ? text.size() : end) - at, "[camera url]");
    }
  }
  ReplaceAll(text, c.username.size() >= 3 ? c.username : std::string(), "[redacted]");
  return text;
}

nlohmann::json CameraJson(const Camera& c, const SessionStatus* live) {
  nlohmann::json j = {{"id", c.config.id},
                      {"name", c.config.name.empty() ? c.config.id : c.config.name},
                      {"enabled", c.config.enabled},
                      {"transport", ToString(c.config.transport)},
                      {"created_at", FormatIso8601(c.created_wall_90k)}};
  nlohmann::json state = nullptr;
  if (c.status) {
    const CameraStatus& s = *c.status;
    state = {{"state", ToString(s.state)},
             {"since", FormatIso8601(s.since_wall_90k)},
             {"updated_at", FormatIso8601(s.updated_wall_90k)},
             {"last_error", Redact(s.last_error, c.config)},
             {"frames", s.counters.frames},
             {"bytes", s.counters.bytes},
             {"lost_packets", s.counters.lost_packets},
             {"reconnects", s.counters.reconnects}};
  }
  if (live) {  // fresher than the catalog's copy, which the daemon writes every 2 s
    if (state.is_null()) state = nlohmann::json::object();
    state["state"] = live->state;
    state["last_error"] = Redact(live->last_error, c.config);
    state["frames"] = live->frames;
    state["bytes"] = live->bytes;
    state["lost_packets"] = live->lost_packets;
    state["reconnects"] = live->reconnects;
    state["live_transcoding"] = live->live_transcoding;  // codec=h264 viewers of an H.265 camera, or masking
    state["live_masking"] = live->live_masking;          // masked viewers of a camera with privacy zones
    state["live_transcoded_frames"] = live->live_transcoded_frames;
    state["live_transcode_dropped"] = live->live_transcode_dropped;
    state["codec"] = live->codec;
    state["width"] = live->width;
    state["height"] = live->height;
    state["camera_clock_offset_ms"] =
        live->camera_clock_offset_90k ? nlohmann::json(TicksToMillis(*live->camera_clock_offset_90k)) : nullptr;
  }
  j["status"] = state;
  return j;
}

std::map<std::string, SessionStatus> Live(const ApiEnv& env) {
  return env.live_status ? env.live_status() : std::map<std::string, SessionStatus>{};
}

}  // namespace

Result<Reply> HandleListCameras(HandlerContext& ctx) {
  auto cameras = ctx.catalog.ListCameras(CameraFilter::kActive);
  if (!cameras) return Err(cameras.error().With("listing cameras"));
  const auto live = Live(ctx.env);
  nlohmann::json out = nlohmann::json::array();
  for (const Camera& c : *cameras) {
    auto it = live.find(c.config.id);
    out.push_back(CameraJson(c, it == live.end() ? nullptr : &it->second));
  }
  return JsonReply({{"cameras", out}});
}

Result<Reply> HandleGetCamera(HandlerContext& ctx) {
  const std::string& id = ctx.request.path_params.at("id");
  auto camera = ctx.catalog.GetCamera(id);
  if (!camera) return Err(camera.error());
  if (camera->deleted_wall_90k) return Err(NotFound("camera " + id + " was removed"));
  const auto live = Live(ctx.env);
  auto it = live.find(id);
  return JsonReply(CameraJson(*camera, it == live.end() ? nullptr : &it->second));
}

}  // namespace custos::api
