#include "retention/retention_sweeper.h"

#include <sys/statvfs.h>

#include <algorithm>

#include "base/log.h"
#include "retention/retention_service.h"

namespace custos {

Result<DiskSpace> StatvfsFreeSpace(const std::string& path) {
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) return Err(ErrnoStatus(errno, "statvfs " + path));
  return DiskSpace{static_cast<uint64_t>(st.f_bavail) * st.f_frsize, static_cast<uint64_t>(st.f_blocks) * st.f_frsize};
}

std::string_view DiskPressureName(DiskPressure p) {
  switch (p) {
    case DiskPressure::kOk: return "ok";
    case DiskPressure::kLow: return "low";
    case DiskPressure::kCritical: return "critical";
  }
  return "unknown";
}

bool MayWrite(DiskPressure pressure, WriteClass what) {
  switch (what) {
    case WriteClass::kExportPackage: return pressure == DiskPressure::kOk;
    case WriteClass::kRecording: return pressure != DiskPressure::kCritical;
    case WriteClass::kCatalog:
    case WriteClass::kAudit: return true;
  }
  return true;
}

Result<SweepReport> RetentionSweeper::Sweep() {
  SweepReport report;
  CUSTOS_RETURN_IF_ERROR(FinishGarbage(report));
  auto cameras = catalog_.ListCameras(CameraFilter::kIncludeRemoved);
  if (!cameras) return Err(cameras.error().With("retention sweep"));
  auto maximums = catalog_.ListCameraMaxRetention();
  if (!maximums) return Err(maximums.error().With("retention sweep"));
  for (const Camera& c : *cameras) {
    auto it = maximums->find(c.config.id);
    const bool has_max = it != maximums->end();
    const auto after = policy_.DeleteAfter90k(has_max ? std::optional(it->second) : std::nullopt);
    if (!after) continue;
    const DeletionRule rule = has_max ? DeletionRule::kMaximumRetention : DeletionRule::kMinimumRetention;
    CUSTOS_RETURN_IF_ERROR(SweepCamera(c.config.id, *after, rule, report));
  }
  CUSTOS_RETURN_IF_ERROR(CheckDisk(report));
  return report;
}

Status RetentionSweeper::FinishGarbage(SweepReport& report) {
  auto garbage = catalog_.ListGarbage();
  if (!garbage) return garbage.error();
  for (const GarbageFile& g : *garbage) {
    CUSTOS_RETURN_IF_ERROR(RemoveGarbageFile(catalog_, data_dir_, g));
    ++report.garbage_finished;
  }
  return Status::Ok();
}

Status RetentionSweeper::SweepCamera(const std::string& camera_id, int64_t delete_after_90k, DeletionRule rule,
                                     SweepReport& report) {
  const WallTime90k cutoff{policy_.clock().Now().ticks_90k - delete_after_90k};
  auto candidates = catalog_.ListRecordingsEndedBy(camera_id, cutoff);
  if (!candidates) return candidates.error();
  const std::string why = "ended more than " + std::to_string(delete_after_90k / kDay90k) +
                          " days ago (R503: retention has an end)";
  return DeleteAll(camera_id, *candidates, rule, why, [] { return true; }, report);
}

Status RetentionSweeper::DeleteAll(const std::string& camera_id, const std::vector<Recording>& candidates,
                                   DeletionRule rule, const std::string& why, const std::function<bool()>& more,
                                   SweepReport& report) {
  AuditEvent e;
  e.actor = "system";
  e.action = "retention_delete";
  e.camera_ids = {camera_id};
  int64_t deleted = 0, bytes = 0;
  Status failed;
  const WallTime90k started = policy_.clock().Now();
  const DeletionReason reason{
      rule, "system", candidates.empty() ? "" : RetentionAuditRef(camera_id, started, candidates.front().id)};
  for (const Recording& r : candidates) {
    if (!more()) break;
    auto gone = catalog_.DeleteRecordingForRetention(r.id, policy_.Check(), reason);
    if (!gone) {
      if (gone.error().code() == StatusCode::kFailedPrecondition) {
        ++report.held;  // a hold, or (racing the clock) the minimum: kept, as it must be
        continue;
      }
      failed = gone.error();
      break;
    }
    if (!e.from_wall_90k) e.from_wall_90k = r.start_wall_90k;
    e.to_wall_90k = r.end_wall_90k;
    ++deleted;
    bytes += r.bytes;
    Status removed = RemoveGarbageFile(catalog_, data_dir_, GarbageFile{r.id, r.camera_id, r.file_path, {}});
    if (!removed.ok()) spdlog::warn("retention: {} (the next sweep retries)", removed.ToString());
  }
  report.deleted += deleted;
  report.bytes_deleted += bytes;
  if (deleted > 0) {
    e.detail = std::to_string(deleted) + " recordings (" + std::to_string(bytes) + " bytes) deleted (" +
               std::string(DeletionRuleLabel(rule)) + "): " + why + "; " + reason.audit_ref;
    if (!failed.ok()) e.detail += "; stopped by: " + failed.message();
    spdlog::info("retention: camera {}: {}", camera_id, e.detail);
    CUSTOS_RETURN_IF_ERROR(audit_.Append(e));
  }
  return failed;
}

DiskPressure RetentionSweeper::LevelOf(uint64_t free_bytes) const {
  if (free_bytes < options_.critical_free_bytes) return DiskPressure::kCritical;
  if (free_bytes < options_.low_free_bytes) return DiskPressure::kLow;
  return DiskPressure::kOk;
}

Status RetentionSweeper::CheckDisk(SweepReport& report) {
  auto space = free_space_(data_dir_);
  if (!space) return space.error().With("checking free space");
  if (LevelOf(space->free_bytes) != DiskPressure::kOk) {
    CUSTOS_RETURN_IF_ERROR(Reclaim(report));
    space = free_space_(data_dir_);
    if (!space) return space.error().With("checking free space");
  }
  report.free_bytes = space->free_bytes;
  report.pressure = LevelOf(space->free_bytes);
  return SetPressure(report.pressure, space->free_bytes);
}

// Footage past the minimum and not held, oldest first across cameras, until free space is
// above the low mark. Protected footage is never a candidate (and the catalog refuses it).
Status RetentionSweeper::Reclaim(SweepReport& report) {
  auto cameras = catalog_.ListCameras(CameraFilter::kIncludeRemoved);
  if (!cameras) return cameras.error();
  const WallTime90k cutoff{policy_.clock().Now().ticks_90k - policy_.minimum_90k()};
  std::vector<Recording> all;
  for (const Camera& c : *cameras) {
    auto rs = catalog_.ListRecordingsEndedBy(c.config.id, cutoff);
    if (!rs) return rs.error();
    all.insert(all.end(), rs->begin(), rs->end());
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Recording& a, const Recording& b) { return a.end_wall_90k < b.end_wall_90k; });
  auto more = [this] {
    auto s = free_space_(data_dir_);
    return s && LevelOf(s->free_bytes) != DiskPressure::kOk;
  };
  // One camera at a time in global age order would audit per recording; group runs of the
  // same camera into one event instead.
  for (size_t i = 0; i < all.size() && more();) {
    size_t j = i;
    while (j < all.size() && all[j].camera_id == all[i].camera_id) ++j;
    std::vector<Recording> run(all.begin() + static_cast<ptrdiff_t>(i), all.begin() + static_cast<ptrdiff_t>(j));
    CUSTOS_RETURN_IF_ERROR(DeleteAll(all[i].camera_id, run, DeletionRule::kDiskPressure,
                                     "disk low: past the minimum and not held", more, report));
    i = j;
  }
  return Status::Ok();
}

Status RetentionSweeper::SetPressure(DiskPressure level, uint64_t free_bytes) {
  const DiskPressure old = pressure_.exchange(level);
  if (old == level) return Status::Ok();
  AuditEvent e;
  e.actor = "system";
  e.action = level == DiskPressure::kOk ? "disk_alarm_cleared" : "disk_alarm";
  e.outcome = level == DiskPressure::kOk ? "ok" : "error";
  e.detail = "disk " + std::string(DiskPressureName(level)) + ": " + std::to_string(free_bytes >> 20) +
             " MiB free; protected footage is never deleted to make room; " +
             (level == DiskPressure::kCritical ? "recording stopped until space is freed"
              : level == DiskPressure::kLow    ? "export packages refused; nothing more can be freed"
                                               : "all writes resumed");
  if (level == DiskPressure::kOk) {
    spdlog::info("retention: {}", e.detail);
  } else {
    spdlog::error("retention: ALARM {}", e.detail);
  }
  return audit_.Append(e);
}

}  // namespace custos
