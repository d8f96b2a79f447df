#include "storage/fsck.h"

#include <unistd.h>

#include <filesystem>
#include <set>
#include <system_error>

#include "base/file_util.h"
#include "mp4/scanner.h"
#include "storage/recovery.h"

namespace custos {

namespace {

namespace fs = std::filesystem;

std::string Name(const Recording& r) { return "recording " + std::to_string(r.id) + " (" + r.file_path + ")"; }

// Compares one finished recording with its file. Returns the problem, or empty.
std::string CheckFinished(Catalog& catalog, const Recording& r, const mp4::ScannedFile& scan) {
  if (!scan.tail_problem.empty() || scan.file_bytes != scan.valid_bytes) {
    return "torn tail after byte " + std::to_string(scan.valid_bytes) + ": " + scan.tail_problem;
  }
  if (static_cast<int64_t>(scan.valid_bytes) != r.bytes) {
    return "file holds " + std::to_string(scan.valid_bytes) + " bytes, the catalog says " + std::to_string(r.bytes);
  }
  auto stored = catalog.GetFrameIndex(r.id);
  if (!stored) return "frame index unreadable: " + stored.error().message();
  RecordingSummary rebuilt = SummaryFromScan(scan, r.start_wall_90k, r.state);
  auto from_file = DecodeFrameIndex(rebuilt.frame_index);
  if (!from_file) return "file's fragments do not form an index: " + from_file.error().message();
  if (*from_file != *stored) {
    return "frame index disagrees with the file (" + std::to_string(stored->size()) + " frames indexed, " +
           std::to_string(from_file->size()) + " in the file)";
  }
  return "";
}

Status Quarantine(const std::string& data_dir, const std::string& rel) {
  const std::string dest_dir = JoinPath(data_dir, "lost+found");
  CUSTOS_RETURN_IF_ERROR(MakeDirs(dest_dir));
  std::string flat = rel;
  for (char& c : flat) {
    if (c == '/') c = '_';
  }
  std::error_code ec;
  fs::rename(JoinPath(data_dir, rel), JoinPath(dest_dir, flat), ec);
  if (ec) return Internal("moving " + rel + " to lost+found: " + ec.message());
  return FsyncDir(dest_dir);
}

void CheckOrphans(const std::string& data_dir, const std::set<std::string>& known, const FsckOptions& o,
                  FsckReport& report) {
  const fs::path root = fs::path(data_dir) / "recordings";
  std::error_code ec;
  if (!fs::exists(root, ec)) return;
  std::vector<std::string> orphans;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".mp4") continue;
    ++report.files_checked;
    std::string rel = fs::relative(it->path(), data_dir).string();
    if (!known.count(rel)) orphans.push_back(rel);
  }
  for (const auto& rel : orphans) {
    if (o.repair && Quarantine(data_dir, rel).ok()) {
      ++report.repaired;
      report.findings.push_back(rel + ": no catalog row; moved to lost+found/");
    } else {
      ++report.problems;
      report.findings.push_back(rel + ": no catalog row (fsck --repair moves it to lost+found/)");
    }
  }
}

}  // namespace

Result<FsckReport> RunFsck(Catalog& catalog, const std::string& data_dir, const FsckOptions& o) {
  FsckReport report;
  if (o.repair && !o.daemon_running) {
    auto rec = RecoverOpenRecordings(catalog, data_dir);
    if (!rec) return Err(rec.error());
    for (const auto& n : rec->notes) report.findings.push_back(n);
    report.repaired += rec->recovered + rec->removed;
  }
  auto cameras = catalog.ListCameras(CameraFilter::kIncludeRemoved);
  if (!cameras) return Err(cameras.error());
  std::set<std::string> known;
  for (const Camera& cam : *cameras) {
    auto recs = catalog.ListRecordings(cam.config.id, WallTime90k{INT64_MIN / 2}, WallTime90k{INT64_MAX / 2});
    if (!recs) return Err(recs.error());
    for (const Recording& r : *recs) {
      ++report.recordings_checked;
      known.insert(r.file_path);
      const std::string path = JoinPath(data_dir, r.file_path);
      if (r.state == RecordingState::kWriting) {
        if (!o.daemon_running) {
          ++report.problems;
          report.findings.push_back(Name(r) + ": left open by a crash (fsck --repair, or starting the daemon, recovers it)");
        }
        continue;
      }
      auto scan = mp4::ScanFile(path);
      std::string problem = scan ? CheckFinished(catalog, r, *scan) : scan.error().message();
      if (problem.empty()) continue;
      if (o.repair && scan && scan->valid_bytes == static_cast<uint64_t>(r.bytes) && scan->file_bytes > static_cast<uint64_t>(r.bytes)) {
        // Bytes after the indexed end: cut them, the indexed part is intact.
        if (::truncate(path.c_str(), static_cast<off_t>(r.bytes)) == 0) {
          ++report.repaired;
          report.findings.push_back(Name(r) + ": " + problem + "; cut back to the indexed end");
          continue;
        }
      }
      if (o.repair && r.frames == 0 && catalog.DeleteRecording(r.id).ok()) {
        ++report.repaired;
        report.findings.push_back(Name(r) + ": " + problem + "; empty recording removed");
        continue;
      }
      ++report.problems;
      report.findings.push_back(Name(r) + ": " + problem);
    }
  }
  CheckOrphans(data_dir, known, o, report);
  return report;
}

}  // namespace custos
