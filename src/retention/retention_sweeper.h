// retention_sweeper.h: deletes what the rules say must go, and guards the disk.
//
// Sweep() (the daemon runs it at start and every hour): (1) finishes deletes a crash
// interrupted (the garbage list); (2) per camera, deletes finished recordings that ended
// longer ago than the policy's DeleteAfter90k (the camera's maximum, or the minimum in N25),
// oldest first, skipping held ones; (3) checks free space. Every delete goes through the
// catalog's DeleteRecordingForRetention, which refuses protected footage whatever the
// sweeper asks. Each camera's deletes are one audit event (actor "system"); each deleted
// sealed recording's chain link is marked with the rule and that event's reference, in the
// delete's transaction, so `fsck --verify` knows the file went lawfully.
//
// Disk pressure (free bytes from an injected function): below `low_free_bytes` the level
// is kLow: footage past the minimum and not held is deleted oldest first (never protected
// footage) until free space is back above it; if that is not enough the alarm stands. Below
// `critical_free_bytes` the level is kCritical. An alarm is a state (pressure()), a log
// line and an audit event (disk_alarm / disk_alarm_cleared) at each change. MayWrite()
// says which writes go on: the least important stop first (docs/design/retention.md).
// Thread-safety: Sweep/CheckDisk from one thread; pressure() and MayWrite() from any.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "audit/audit_sink.h"
#include "catalog/catalog.h"
#include "retention/retention_policy.h"

namespace custos {

struct DiskSpace {
  uint64_t free_bytes = 0;   // available to us (statvfs f_bavail)
  uint64_t total_bytes = 0;
};
using FreeSpaceFn = std::function<Result<DiskSpace>(const std::string& path)>;
// statvfs on `path`.
Result<DiskSpace> StatvfsFreeSpace(const std::string& path);

enum class DiskPressure { kOk = 0, kLow = 1, kCritical = 2 };
std::string_view DiskPressureName(DiskPressure p);

// Writes in order of importance, least first. Each stops at a level:
//   kExportPackage (export packages and copies written to our disk)   stops at kLow
//   kRecording     (new recording files and fragments)                stops at kCritical
//   kCatalog, kAudit (small, and needed to refuse and record safely)  never stopped here
enum class WriteClass { kExportPackage, kRecording, kCatalog, kAudit };
bool MayWrite(DiskPressure pressure, WriteClass what);

struct SweeperOptions {
  uint64_t low_free_bytes = uint64_t{2} << 30;         // 2 GiB
  uint64_t critical_free_bytes = uint64_t{512} << 20;  // 512 MiB
};

struct SweepReport {
  int64_t deleted = 0;           // recordings deleted by the rules or to free space
  int64_t bytes_deleted = 0;
  int64_t held = 0;              // candidates kept by a hold
  int64_t garbage_finished = 0;  // interrupted deletes completed
  DiskPressure pressure = DiskPressure::kOk;
  uint64_t free_bytes = 0;
};

class RetentionSweeper {
 public:
  RetentionSweeper(Catalog& catalog, std::string data_dir, const RetentionPolicy& policy, AuditSink& audit,
                   FreeSpaceFn free_space, SweeperOptions options = {})
      : catalog_(catalog),
        data_dir_(std::move(data_dir)),
        policy_(policy),
        audit_(audit),
        free_space_(std::move(free_space)),
        options_(options) {}

  Result<SweepReport> Sweep();
  // Step (3) alone (the daemon calls it every minute); adds what it deletes to `report`.
  Status CheckDisk(SweepReport& report);

  DiskPressure pressure() const { return pressure_.load(); }
  bool MayWrite(WriteClass what) const { return custos::MayWrite(pressure(), what); }

 private:
  Status FinishGarbage(SweepReport& report);
  Status SweepCamera(const std::string& camera_id, int64_t delete_after_90k, DeletionRule rule, SweepReport& report);
  // Deletes `candidates` (oldest first) while `more()` says so; one audit event, whose
  // reference (RetentionAuditRef) is written on each deleted recording's chain link.
  Status DeleteAll(const std::string& camera_id, const std::vector<Recording>& candidates, DeletionRule rule,
                   const std::string& why, const std::function<bool()>& more, SweepReport& report);
  Status Reclaim(SweepReport& report);
  DiskPressure LevelOf(uint64_t free_bytes) const;
  Status SetPressure(DiskPressure level, uint64_t free_bytes);

  Catalog& catalog_;
  const std::string data_dir_;
  const RetentionPolicy& policy_;
  AuditSink& audit_;
  FreeSpaceFn free_space_;
  const SweeperOptions options_;
  std::atomic<DiskPressure> pressure_{DiskPressure::kOk};
};

}  // namespace custos
