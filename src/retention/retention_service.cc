#include "retention/retention_service.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "crypto/sha256.h"

namespace custos {

namespace {

Status SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? Status::Ok() : ErrnoStatus(errno, "opening " + dir);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  return rc == 0 ? Status::Ok() : ErrnoStatus(err, "fsync " + dir);
}

AuditEvent Event(const std::string& user, const std::string& action) {
  AuditEvent e;
  e.actor = user;
  e.action = action;
  return e;
}

}  // namespace

std::string RetentionAuditRef(const std::string& camera_id, WallTime90k when, int64_t first_recording_id) {
  const std::string key = camera_id + "\n" + std::to_string(when.ticks_90k) + "\n" + std::to_string(first_recording_id);
  return "ref rd-" + DigestHex(Sha256Of(key)).substr(0, 16);
}

Status RemoveGarbageFile(Catalog& catalog, const std::string& data_dir, const GarbageFile& g) {
  const std::string path = data_dir + "/" + g.file_path;
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus(errno, "deleting " + path);
  CUSTOS_RETURN_IF_ERROR(SyncDir(std::filesystem::path(path).parent_path().string()));
  return catalog.ForgetGarbage(g.recording_id);
}

Status RetentionService::Audited(AuditEvent event, Status s) {
  event.client = client_;
  event.outcome = s.ok() ? "ok" : (s.code() == StatusCode::kFailedPrecondition ||
                                   s.code() == StatusCode::kPermissionDenied || s.code() == StatusCode::kInvalidArgument)
                                      ? "refused"
                                      : "error";
  if (!s.ok()) event.detail += (event.detail.empty() ? "" : "; ") + s.message();
  Status a = audit_.Append(event);
  if (!a.ok()) return a.With(s.ok() ? "done but not audited" : "refused, and the refusal not audited");
  return s;
}

Status RetentionService::DeleteRecording(const std::string& user, int64_t recording_id) {
  AuditEvent e = Event(user, "retention_delete");
  const RetentionCheck check = policy_.Check();
  const DeletionReason why{DeletionRule::kOperator, user, RetentionAuditRef("", check.now_wall_90k, recording_id)};
  e.detail = "recording " + std::to_string(recording_id) + " deleted by hand; " + why.audit_ref;
  auto r = catalog_.DeleteRecordingForRetention(recording_id, check, why);
  if (!r) return Audited(std::move(e), r.error());
  e.camera_ids = {r->camera_id};
  e.from_wall_90k = r->start_wall_90k;
  e.to_wall_90k = r->end_wall_90k;
  Status audited = Audited(std::move(e), Status::Ok());
  // The row is gone (in the garbage list): the file follows even if auditing failed,
  // since a later sweep would remove it anyway.
  Status removed = RemoveGarbageFile(catalog_, data_dir_, GarbageFile{r->id, r->camera_id, r->file_path, {}});
  return audited.ok() ? removed : audited;
}

Result<int64_t> RetentionService::AddHold(const std::string& user, const std::string& camera_id,
                                          WallTime90k from_wall_90k, WallTime90k to_wall_90k,
                                          const std::string& case_ref) {
  const WallTime90k now = policy_.clock().Now();
  NewHold h{camera_id, from_wall_90k, to_wall_90k, case_ref, user, now, policy_.HoldUntil(now)};
  AuditEvent e = Event(user, "hold_add");
  e.camera_ids = {camera_id};
  e.from_wall_90k = from_wall_90k;
  e.to_wall_90k = to_wall_90k;
  e.purpose = case_ref;
  e.detail = h.until_wall_90k ? "until " + FormatIso8601(*h.until_wall_90k) : "until released";
  auto id = catalog_.AddHold(h);
  if (id) e.detail = "hold " + std::to_string(*id) + " " + e.detail;
  Status s = Audited(std::move(e), id ? Status::Ok() : id.error());
  if (!s.ok()) return Err(s);
  return *id;
}

Status RetentionService::RequestHoldRelease(const std::string& user, int64_t hold_id) {
  AuditEvent e = Event(user, "hold_release_request");
  e.detail = "hold " + std::to_string(hold_id);
  if (auto h = catalog_.GetHold(hold_id)) {
    e.camera_ids = {h->camera_id};
    e.purpose = h->case_ref;
  }
  return Audited(std::move(e), catalog_.RequestHoldRelease(hold_id, user, policy_.clock().Now()));
}

Status RetentionService::ApproveHoldRelease(const std::string& user, int64_t hold_id) {
  AuditEvent e = Event(user, "hold_release_approve");
  e.detail = "hold " + std::to_string(hold_id);
  if (auto h = catalog_.GetHold(hold_id)) {
    e.camera_ids = {h->camera_id};
    e.purpose = h->case_ref;
    e.detail += ", release asked by " + (h->release_requested_by.empty() ? "nobody" : h->release_requested_by);
  }
  return Audited(std::move(e), catalog_.ApproveHoldRelease(hold_id, user, policy_.clock().Now()));
}

Status RetentionService::SetCameraMaxRetention(const std::string& user, const std::string& camera_id,
                                               std::optional<int64_t> days) {
  AuditEvent e = Event(user, "retention_change");
  e.camera_ids = {camera_id};
  e.detail = days ? "maximum retention " + std::to_string(*days) + " days" : "maximum retention cleared";
  if (days) {
    if (Status s = policy_.ValidateCameraMax(*days); !s.ok()) return Audited(std::move(e), s);
  }
  return Audited(std::move(e), catalog_.SetCameraMaxRetention(camera_id, days));
}

}  // namespace custos
