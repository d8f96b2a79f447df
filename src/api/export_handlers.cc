// GET|HEAD /api/v1/cameras/{id}/export.mp4?from=&to=[&download=1]
//
// Plans the export (storage/range_export.h: headers generated, samples referenced in the
// recording files), answers the Range header, and hands the plan to the connection, which
// streams the bytes in chunks (export_reader.h). Nothing is copied to disk. With
// codec=h264, an H.265 export is transcoded to H.264 and sent chunked (transcoded_export.h).
#include <sodium.h>

#include <algorithm>
#include <array>

#include "api/byte_range.h"
#include "api/handlers.h"
#include "api/http_error.h"
#include "api/privacy_util.h"
#include "api/request_util.h"
#include "api/transcoded_export.h"
#include "storage/range_export.h"

namespace custos::api {

namespace {

constexpr int64_t kMaxExportSpan90k = int64_t{24} * 3600 * kTicksPerSecond90k;

// A strong validator of the output: it changes whenever any byte's origin would.
std::string PlanETag(const mp4::ExportPlan& plan) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 16);
  auto add = [&st](const void* p, size_t n) {
    crypto_generichash_update(&st, static_cast<const unsigned char*>(p), n);
  };
  for (const std::string& f : plan.files) add(f.data(), f.size() + 1);
  for (const mp4::ExportPart& part : plan.parts) {
    const uint64_t fields[] = {part.output_offset, part.length_bytes, part.is_copy, part.file_index, part.file_offset};
    add(fields, sizeof fields);
    if (!part.is_copy) add(part.generated.data(), part.generated.size());
  }
  std::array<unsigned char, 16> h{};
  crypto_generichash_final(&st, h.data(), h.size());
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), h.data(), h.size());
  return "\"" + std::string(hex.data(), 32) + "\"";
}

// "0.000111": seconds with microsecond precision, for MSE's timestampOffset. Rounded
// up, so that an offset by it never leaves a lead-in frame before 0.
std::string FormatSeconds(int64_t ticks_90k) {
  const int64_t us = (ticks_90k * 100 + 8) / 9;
  std::string frac = std::to_string(1000000 + us % 1000000).substr(1);
  return std::to_string(us / 1000000) + "." + frac;
}

std::string FileName(const std::string& camera, WallTime90k start) {
  std::string t = FormatIso8601(start);
  std::replace(t.begin(), t.end(), ':', '-');
  return camera + "_" + t + ".mp4";  // camera ids are [a-z0-9_-]: safe in a header
}

void AddExportHeaders(Reply& r, const std::string& id, const RangeExport& exported, const mp4::ExportPlan& plan,
                      const Request& request) {
  // The samples start at the key frame at or before `from`; the edit list makes players
  // start at X-Custos-Play-Start, X-Custos-Lead-In seconds later.
  r.headers.emplace_back("X-Custos-Start", FormatIso8601(exported.start_wall));
  r.headers.emplace_back("X-Custos-Play-Start", FormatIso8601(exported.play_start_wall));
  r.headers.emplace_back("X-Custos-Lead-In", FormatSeconds(plan.edit_media_time_90k));
  r.headers.emplace_back("X-Custos-End", FormatIso8601(exported.end_wall));
  auto download = request.query.find("download");
  if (download != request.query.end() && download->second == "1") {
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + FileName(id, exported.start_wall) + "\"");
  }
}

// H.265 re-encoded to H.264 (transcoded_export.h), streamed with chunked transfer: the
// size is only known at the end, so there is no Content-Length, no Range support
// (Accept-Ranges: none) and no ETag. The init segment is made here, so that a recording
// that cannot be decoded (or a server without libx264) still gets an HTTP error; each
// fragment after it is made on a worker when the connection is ready for it.
Result<Reply> TranscodedReply(const std::string& id, const RangeExport& exported,
                              std::shared_ptr<const mp4::ExportPlan> plan, const Request& request,
                              std::vector<privacy::PrivacyZone> zones) {
  const bool masked = !zones.empty();
  auto transcoder = std::make_shared<TranscodedExport>(plan, std::move(zones));
  auto init = transcoder->Next();
  if (!init) return Err(init.error().With("transcoding the export to H.264"));
  if (!*init) return Err(DataLoss("the export holds no picture to transcode"));
  Reply r;
  r.content_type = "video/mp4";
  r.headers = {{"Accept-Ranges", "none"},
               {"Cache-Control", "private, no-store"},
               {"X-Custos-Codecs", transcoder->codec_string()},
               {"X-Custos-Transcoded", "1"},
               {"X-Custos-Masked", masked ? "1" : "0"}};
  AddExportHeaders(r, id, exported, *plan, request);
  auto first = std::make_shared<std::optional<Bytes>>(std::move(*init));
  r.chunked = ChunkedBody{[transcoder, first]() -> Result<std::optional<Bytes>> {
    if (*first) return std::exchange(*first, std::nullopt);
    return transcoder->Next();
  }};
  return r;
}

}  // namespace

Result<Reply> HandleExport(HandlerContext& ctx) {
  const std::string& id = ctx.request.path_params.at("id");
  auto range = RequiredTimeRange(ctx.request, kMaxExportSpan90k);
  if (!range) return Err(range.error());
  auto exported = PlanRangeExport(ctx.catalog, ctx.env.data_dir, id, range->from, range->to);
  if (!exported) return Err(exported.error());
  bool transcode = false;
  auto codec = ctx.request.query.find("codec");
  if (codec != ctx.request.query.end()) {
    if (codec->second != "h264") return Err(InvalidArgument("codec must be h264 (or left out to get the camera's own)"));
    transcode = exported->plan.params.codec != VideoCodec::kH264;  // H.264 is served as is
  }
  auto plan = std::make_shared<const mp4::ExportPlan>(std::move(exported->plan));
  if (transcode) {  // decoded, so privacy zones are filled unless unmasked=1 (docs/design/privacy.md)
    auto zones = ZonesToFill(ctx, id);
    if (!zones) return Err(zones.error());
    return TranscodedReply(id, *exported, std::move(plan), ctx.request, std::move(*zones));
  }
  const uint64_t total = plan->total_bytes;

  Reply r;
  r.content_type = "video/mp4";
  r.headers = {{"Accept-Ranges", "bytes"},
               {"ETag", PlanETag(*plan)},
               {"Cache-Control", "private, no-store"},
               // For MediaSource.isTypeSupported / addSourceBuffer: video/mp4; codecs="...".
               {"X-Custos-Codecs", plan->params.rfc6381_codec}};
  AddExportHeaders(r, id, *exported, *plan, ctx.request);
  const ByteRange br = ParseByteRange(ctx.request.range, total);
  if (br.kind == RangeKind::kUnsatisfiable) {
    const Status s = OutOfRange("the export has " + std::to_string(total) + " bytes; ask for a range within them");
    r.status = HttpStatusFor(s.code());
    r.content_type = "application/json";
    r.body = ErrorBody(s);
    r.headers.emplace_back("Content-Range", "bytes */" + std::to_string(total));
    return r;
  }
  if (br.kind == RangeKind::kPartial) {
    r.status = 206;
    r.headers.emplace_back("Content-Range", "bytes " + std::to_string(br.begin) + "-" + std::to_string(br.end - 1) +
                                                "/" + std::to_string(total));
  }
  r.stream = StreamedBody{plan, br.begin, br.end};
  return r;
}

}  // namespace custos::api
