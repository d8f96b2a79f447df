#include "storage/range_export.h"

#include <algorithm>

#include "base/file_util.h"
#include "mp4/scanner.h"
#include "storage/scan_cache.h"

namespace custos {

namespace {

struct Source {
  Recording rec;
  std::string path;
  std::shared_ptr<const mp4::ScannedFile> scan;
  int64_t duration_90k = 0;  // of what the file holds
};

int64_t ScannedDuration(const mp4::ScannedFile& s) {
  int64_t d = 0;
  for (const auto& f : s.fragments) d += f.duration_90k;
  return d;
}

Result<std::shared_ptr<const mp4::ScannedFile>> ScanRecording(const std::string& path, ScanCache* cache) {
  if (cache != nullptr) return cache->Get(path);
  auto scan = mp4::ScanFile(path);
  if (!scan) return Err(scan.error());
  return std::make_shared<const mp4::ScannedFile>(std::move(*scan));
}

}  // namespace

Result<RangeExport> PlanRangeExport(Catalog& catalog, const std::string& data_dir, const std::string& camera_id,
                                    WallTime90k from, WallTime90k to) {
  return PlanRangeExport(catalog, data_dir, camera_id, from, to, &ScanCache::Shared());
}

Result<RangeExport> PlanRangeExport(Catalog& catalog, const std::string& data_dir, const std::string& camera_id,
                                    WallTime90k from, WallTime90k to, ScanCache* cache) {
  if (!(from < to)) return Err(InvalidArgument("the range is empty: --from must be before --to"));
  auto cam = catalog.GetCamera(camera_id);
  if (!cam) return Err(cam.error());
  auto recs = catalog.ListRecordings(camera_id, from, to);
  if (!recs) return Err(recs.error());
  std::vector<Source> sources;
  for (const Recording& r : *recs) {
    Source s{r, JoinPath(data_dir, r.file_path), {}, 0};
    auto scan = ScanRecording(s.path, cache);
    if (!scan) return Err(scan.error().With("recording " + std::to_string(r.id) + " (" + r.file_path + ")"));
    s.scan = std::move(*scan);
    s.duration_90k = ScannedDuration(*s.scan);
    if (s.duration_90k > 0) sources.push_back(std::move(s));
  }
  if (sources.empty()) {
    return Err(NotFound("camera " + camera_id + " has no recording between " + FormatIso8601(from) + " and " +
                        FormatIso8601(to) + " (see its gaps, or pick another range)"));
  }
  RangeExport out;
  std::vector<mp4::ExportPiece> pieces;
  int64_t out_origin_wall = 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    const Source& s = sources[i];
    const int64_t rec_start = s.rec.start_wall_90k.ticks_90k;
    const int64_t start_90k = std::clamp<int64_t>(from.ticks_90k - rec_start, 0, s.duration_90k);
    const int64_t end_90k = std::clamp<int64_t>(to.ticks_90k - rec_start, 0, s.duration_90k);
    if (end_90k <= start_90k && !(i == 0 && start_90k == s.duration_90k)) continue;
    // The output timeline follows wall time, so a gap between recordings stays a gap in time.
    const int64_t media_start = pieces.empty() ? 0 : rec_start - out_origin_wall;
    auto piece = mp4::PieceForMediaRange(s.path, *s.scan, start_90k, std::max(end_90k, start_90k + 1),
                                         std::max<int64_t>(0, media_start));
    if (!piece) return Err(piece.error().With("recording " + std::to_string(s.rec.id)));
    if (pieces.empty()) {
      const auto& frag = s.scan->fragments[piece->first_fragment];
      int64_t key_90k = frag.base_media_decode_time_90k - s.scan->fragments.front().base_media_decode_time_90k;
      for (size_t k = 0; k < piece->first_sample; ++k) key_90k += frag.samples[k].duration_90k;
      out_origin_wall = rec_start + key_90k;
      out.start_wall = WallTime90k{out_origin_wall};
      piece->media_start_90k = 0;
    }
    pieces.push_back(std::move(*piece));
    ++out.recordings;
    out.recording_ids.push_back(s.rec.id);
  }
  if (pieces.empty()) return Err(NotFound("no frames of camera " + camera_id + " in that range"));
  const int64_t play_start_90k = std::max<int64_t>(0, from.ticks_90k - out_origin_wall);
  auto plan = mp4::PlanExport(pieces, {.play_start_90k = play_start_90k});
  if (!plan) return Err(plan.error());
  out.plan = std::move(*plan);
  out.play_start_wall = WallTime90k{out_origin_wall + out.plan.lead_in_90k};
  out.end_wall = WallTime90k{out.play_start_wall.ticks_90k + out.plan.presented_duration_90k};
  return out;
}

}  // namespace custos
