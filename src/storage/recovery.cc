#include "storage/recovery.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include "base/file_util.h"
#include "base/log.h"
#include "crypto/sha256.h"

namespace custos {

RecordingSummary SummaryFromScan(const mp4::ScannedFile& scan, WallTime90k start_wall, RecordingState state) {
  RecordingSummary s;
  std::vector<FrameIndexEntry> index;
  for (const auto& f : scan.fragments) {
    bool first = true;
    for (const auto& sample : f.samples) {
      index.push_back(FrameIndexEntry{sample.duration_90k, sample.size_bytes, sample.is_key, first,
                                      first ? f.data_offset : 0});
      first = false;
      s.media_duration_90k += sample.duration_90k;
      ++s.frames;
      if (sample.is_key) ++s.key_frames;
    }
  }
  s.frame_index = EncodeFrameIndex(index);
  s.bytes = static_cast<int64_t>(scan.valid_bytes);
  s.state = state;
  s.end_wall_90k = WallTime90k{start_wall.ticks_90k + s.media_duration_90k};
  if (!scan.fragments.empty()) {
    const auto& last = scan.fragments.back();
    // The last prft is the best wall time the file holds (rule 4 of time.md stretches
    // wall time against media; the prft reflects it).
    if (last.wall_time) s.end_wall_90k = WallTime90k{last.wall_time->ticks_90k + last.duration_90k};
  }
  return s;
}

namespace {

Status CutFile(const std::string& path, uint64_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "open " + path);
  Status s;
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) s = ErrnoStatus(errno, "truncate " + path);
  if (s.ok() && ::fdatasync(fd) != 0) s = ErrnoStatus(errno, "fdatasync " + path);
  ::close(fd);
  return s;
}

// Removes a recording that holds nothing playable: the file first, then the row
// (a row without a file is the state invariant 1 already allows).
Status RemoveEmpty(Catalog& catalog, const Recording& r, const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus(errno, "remove " + path);
  return catalog.DeleteRecording(r.id);
}

}  // namespace

Result<RecoveryReport> RecoverOpenRecordings(Catalog& catalog, const std::string& data_dir) {
  RecoveryReport report;
  auto open = catalog.ListOpenRecordings();
  if (!open) return Err(open.error().With("listing recordings left open"));
  for (const Recording& r : *open) {
    const std::string path = JoinPath(data_dir, r.file_path);
    auto scan = mp4::ScanFile(path);
    if (!scan || scan->fragments.empty()) {
      const std::string why = scan ? "no complete fragment" : scan.error().message();
      CUSTOS_RETURN_IF_ERROR(RemoveEmpty(catalog, r, path));
      ++report.removed;
      report.notes.push_back("recording " + std::to_string(r.id) + " (" + r.file_path + "): removed, " + why);
      continue;
    }
    if (scan->file_bytes > scan->valid_bytes) {
      CUSTOS_RETURN_IF_ERROR(CutFile(path, scan->valid_bytes));
      report.bytes_cut += scan->file_bytes - scan->valid_bytes;
    }
    RecordingSummary summary = SummaryFromScan(*scan, r.start_wall_90k, RecordingState::kRecovered);
    CUSTOS_RETURN_IF_ERROR(catalog.FinishRecording(r.id, summary).With("recording " + std::to_string(r.id)));
    ++report.recovered;
    // Seal what was kept: the file is now final (cut and fdatasynced). Checkpoints are
    // signed later by the daemon (ChainSealer::CheckpointAll), which holds the key.
    if (summary.frames > 0) {
      uint64_t file_bytes = 0;
      auto sha = Sha256OfFile(path, &file_bytes);
      if (!sha) return Err(sha.error().With("hashing recovered recording " + std::to_string(r.id)));
      auto link = catalog.SealRecording(r.id, *sha, static_cast<int64_t>(file_bytes));
      if (!link) return Err(link.error().With("recording " + std::to_string(r.id)));
    }
    std::string note = "recording " + std::to_string(r.id) + " (" + r.file_path + "): recovered " +
                       std::to_string(summary.frames) + " frames";
    if (!scan->tail_problem.empty()) note += ", cut a torn tail (" + scan->tail_problem + ")";
    report.notes.push_back(note);
    auto open_gap = catalog.GetOpenGap(r.camera_id);
    if (open_gap && !open_gap->has_value()) {
      auto gap = catalog.OpenGap(r.camera_id, summary.end_wall_90k, GapReason::kRestart,
                                 "Custos stopped without closing this recording; recovered up to its last "
                                 "complete fragment");
      if (!gap) spdlog::warn("camera {}: {}", r.camera_id, gap.error().ToString());
    }
  }
  return report;
}

}  // namespace custos
