// GET /api/v1/cameras/{id}/timeline?from=&to=[&merge_tolerance_ms=]

#include "api/handlers.h"
#include "api/request_util.h"

namespace custos::api {

namespace {

constexpr int64_t kMaxTimelineSpan90k = int64_t{31} * 24 * 3600 * kTicksPerSecond90k;
constexpr int64_t kDefaultMergeToleranceMs = 1000;
constexpr int64_t kMaxMergeToleranceMs = 60'000;

Result<int64_t> MergeToleranceMs(const Request& request) {
  auto it = request.query.find("merge_tolerance_ms");
  if (it == request.query.end()) return kDefaultMergeToleranceMs;
  std::optional<int64_t> v = ParseWholeNumber(it->second);
  if (!v || *v < 0 || *v > kMaxMergeToleranceMs) {
    return Err(InvalidArgument("merge_tolerance_ms must be a whole number of milliseconds from 0 to 60000"));
  }
  return *v;
}

}  // namespace

Result<Reply> HandleTimeline(HandlerContext& ctx) {
  const std::string& id = ctx.request.path_params.at("id");
  auto range = RequiredTimeRange(ctx.request, kMaxTimelineSpan90k);
  if (!range) return Err(range.error());
  auto tolerance_ms = MergeToleranceMs(ctx.request);
  if (!tolerance_ms) return Err(tolerance_ms.error());
  auto camera = ctx.catalog.GetCamera(id);
  if (!camera) return Err(camera.error());
  auto runs = ctx.catalog.Timeline(id, range->from, range->to, MillisTo90k(*tolerance_ms));
  if (!runs) return Err(runs.error().With("reading the timeline"));
  auto gaps = ctx.catalog.ListGaps(id, range->from, range->to);
  if (!gaps) return Err(gaps.error().With("listing gaps"));
  nlohmann::json runs_json = nlohmann::json::array();
  for (const TimelineRun& r : *runs) {
    runs_json.push_back({{"start", FormatIso8601(r.start_wall_90k)},
                         {"end", FormatIso8601(r.end_wall_90k)},
                         {"open", r.open},
                         {"recordings", r.recordings}});
  }
  nlohmann::json gaps_json = nlohmann::json::array();
  for (const Gap& g : *gaps) {
    gaps_json.push_back({{"start", FormatIso8601(g.start_wall_90k)},
                         {"end", g.end_wall_90k ? nlohmann::json(FormatIso8601(*g.end_wall_90k)) : nullptr},
                         {"reason", ToString(g.reason)},
                         {"detail", g.detail}});
  }
  return JsonReply({{"camera", id},
                    {"from", FormatIso8601(range->from)},
                    {"to", FormatIso8601(range->to)},
                    {"merge_tolerance_ms", *tolerance_ms},
                    {"runs", runs_json},
                    {"gaps", gaps_json}});
}

}  // namespace custos::api
