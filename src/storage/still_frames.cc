#include "storage/still_frames.h"

#include <algorithm>

#include "base/file_util.h"
#include "catalog/frame_index.h"
#include "mp4/byte_source.h"
#include "mp4/scanner.h"

namespace custos {

namespace {

constexpr int64_t kLatestWindow90k = int64_t{24} * 3600 * kTicksPerSecond90k;

struct IndexedRecording {
  VideoParams params;
  std::vector<FrameIndexEntry> entries;
};

// A file being written has no index in the catalog yet: build one from its fragments.
Result<IndexedRecording> FromScan(const std::string& path) {
  auto scan = mp4::ScanFile(path);
  if (!scan) return Err(scan.error());
  IndexedRecording out{scan->params, {}};
  for (const mp4::ScannedFragment& f : scan->fragments) {
    for (size_t i = 0; i < f.samples.size(); ++i) {
      const mp4::SampleInfo& s = f.samples[i];
      out.entries.push_back({s.duration_90k, s.size_bytes, s.is_key, i == 0, i == 0 ? f.data_offset : 0});
    }
  }
  return out;
}

Result<IndexedRecording> FromCatalog(Catalog& catalog, const Recording& rec) {
  auto entries = catalog.GetFrameIndex(rec.id);
  if (!entries) return Err(entries.error());
  auto stored = catalog.GetVideoParams(rec.video_params_id);
  if (!stored) return Err(stored.error());
  VideoParams p;
  p.codec = stored->codec;
  p.width = stored->width;
  p.height = stored->height;
  p.rfc6381_codec = stored->rfc6381_codec;
  p.decoder_config = stored->decoder_config;
  return IndexedRecording{std::move(p), std::move(*entries)};
}

// The recordings that may hold the picture, newest first.
Result<std::vector<Recording>> Candidates(Catalog& catalog, const std::string& camera_id,
                                          std::optional<WallTime90k> at, WallTime90k now) {
  const WallTime90k from = at ? *at : WallTime90k{now.ticks_90k - kLatestWindow90k};
  const WallTime90k to = at ? WallTime90k{at->ticks_90k + 1} : WallTime90k{now.ticks_90k + kLatestWindow90k};
  auto recs = catalog.ListRecordings(camera_id, from, to);
  if (!recs) return Err(recs.error());
  std::vector<Recording> out;
  for (Recording& r : *recs) {
    if (!at || r.start_wall_90k <= *at) out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(),
            [](const Recording& a, const Recording& b) { return a.start_wall_90k > b.start_wall_90k; });
  if (out.empty()) {
    return Err(NotFound(at ? "camera " + camera_id + " has no recording at " + FormatIso8601(*at) +
                                 " (see its timeline for recorded runs and gaps)"
                           : "camera " + camera_id + " has no recording in the last 24 hours"));
  }
  return out;
}

Status ReadSamples(const std::string& path, std::span<const FrameIndexEntry> entries, size_t first, size_t last,
                   std::vector<Bytes>& out) {
  const std::vector<uint64_t> offsets = FrameDataOffsets(entries);
  auto fd = mp4::OpenForReading(path);
  if (!fd) return fd.error();
  for (size_t i = first; i <= last; ++i) {
    Bytes sample(entries[i].size_bytes);
    CUSTOS_RETURN_IF_ERROR(mp4::ReadFileRange(fd->get(), offsets[i], sample));
    out.push_back(std::move(sample));
  }
  return Status::Ok();
}

}  // namespace

namespace {

Result<StillFrames> FromRecording(Catalog& catalog, const std::string& data_dir, const std::string& camera_id,
                                  const Recording& rec, std::optional<WallTime90k> at) {
  const std::string path = JoinPath(data_dir, rec.file_path);
  auto indexed = rec.state == RecordingState::kWriting ? FromScan(path) : FromCatalog(catalog, rec);
  if (!indexed) return Err(indexed.error().With("recording " + std::to_string(rec.id)));
  const std::vector<FrameIndexEntry>& entries = indexed->entries;
  if (entries.empty() || !CheckFrameIndex(entries).ok()) {
    return Err(NotFound("recording " + std::to_string(rec.id) + " of camera " + camera_id + " has no frames yet"));
  }
  int64_t total_90k = 0;
  for (const FrameIndexEntry& e : entries) total_90k += e.duration_90k;
  const int64_t offset_90k = at ? at->ticks_90k - rec.start_wall_90k.ticks_90k : total_90k - 1;
  if (offset_90k >= total_90k) {
    return Err(NotFound("camera " + camera_id + " has no recording at " + FormatIso8601(*at) +
                        " (the recording there ends earlier; see the timeline)"));
  }
  auto key = FindKeyFrameAtOrBefore(entries, offset_90k);
  if (!key) return Err(NotFound("no key frame before " + FormatIso8601(WallTime90k{rec.start_wall_90k.ticks_90k + offset_90k})));
  // The frame showing at offset_90k, at most kMaxStillFrames - 1 frames after the key.
  size_t last = key->frame;
  int64_t last_start_90k = key->start_90k;
  for (int64_t t = key->start_90k + entries[last].duration_90k;
       last + 1 < entries.size() && t <= offset_90k && last + 1 - key->frame < kMaxStillFrames; ++last) {
    last_start_90k = t;
    t += entries[last + 1].duration_90k;
  }
  StillFrames out;
  out.params = std::move(indexed->params);
  out.wall = WallTime90k{rec.start_wall_90k.ticks_90k + last_start_90k};
  out.recording_id = rec.id;
  Status s = ReadSamples(path, entries, key->frame, last, out.samples);
  if (!s.ok()) return Err(s.With("reading recording " + std::to_string(rec.id)));
  return out;
}

}  // namespace

Result<StillFrames> ReadStillFrames(Catalog& catalog, const std::string& data_dir, const std::string& camera_id,
                                    std::optional<WallTime90k> at, WallTime90k now) {
  auto cam = catalog.GetCamera(camera_id);
  if (!cam) return Err(cam.error());
  auto candidates = Candidates(catalog, camera_id, at, now);
  if (!candidates) return Err(candidates.error());
  // A recording just opened (rotation, reconnect) has no fragment yet: the picture is
  // then in the one before it, which may overlap it slightly in wall time.
  Result<StillFrames> result = Err(NotFound("no recording"));
  for (size_t i = 0; i < candidates->size() && i < 2; ++i) {
    result = FromRecording(catalog, data_dir, camera_id, (*candidates)[i], at);
    if (result || result.error().code() != StatusCode::kNotFound) return result;
  }
  return result;
}

}  // namespace custos
