// GET /api/v1/cameras/{id}/recordings?from=&to=
#include "api/handlers.h"
#include "api/request_util.h"

namespace custos::api {

namespace {

constexpr int64_t kMaxListSpan90k = int64_t{31} * 24 * 3600 * kTicksPerSecond90k;

nlohmann::json RecordingJson(const Recording& r) {
  return {{"id", r.id},
          {"state", ToString(r.state)},
          {"start", FormatIso8601(r.start_wall_90k)},
          {"end", r.end_wall_90k ? nlohmann::json(FormatIso8601(*r.end_wall_90k)) : nullptr},
          {"duration_ms", TicksToMillis(r.media_duration_90k)},
          {"bytes", r.bytes},
          {"frames", r.frames},
          {"key_frames", r.key_frames},
          {"open_reason", ToString(r.open_reason)}};
}

}  // namespace

Result<Reply> HandleListRecordings(HandlerContext& ctx) {
  const std::string& id = ctx.request.path_params.at("id");
  auto range = RequiredTimeRange(ctx.request, kMaxListSpan90k);
  if (!range) return Err(range.error());
  auto camera = ctx.catalog.GetCamera(id);
  if (!camera) return Err(camera.error());
  auto recs = ctx.catalog.ListRecordings(id, range->from, range->to);
  if (!recs) return Err(recs.error().With("listing recordings"));
  nlohmann::json out = nlohmann::json::array();
  for (const Recording& r : *recs) out.push_back(RecordingJson(r));
  return JsonReply({{"camera", id},
                    {"from", FormatIso8601(range->from)},
                    {"to", FormatIso8601(range->to)},
                    {"recordings", out}});
}

}  // namespace custos::api
