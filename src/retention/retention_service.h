// retention_service.h: what a person may do to retention, each act checked and audited.
//
// Deleting a recording by hand, placing an evidence hold, asking for and approving its
// release (two different persons), and setting a camera's maximum retention. Every
// attempt is appended to the audit log, refusals included (action retention_delete,
// hold_add, hold_release_request, hold_release_approve, retention_change; outcome ok,
// refused or error). A refused act changes nothing. User names are strings until the
// access helper's user store lands. Thread-safety: one thread at a time (the Catalog's rule).
#pragma once

#include <optional>
#include <string>

#include "audit/audit_sink.h"
#include "catalog/catalog.h"
#include "retention/retention_policy.h"

namespace custos {

// Unlinks a deleted recording's file (gone already is fine), fsyncs its folder, then
// forgets the garbage row: steps 2 and 3 of the delete order (docs/design/retention.md).
Status RemoveGarbageFile(Catalog& catalog, const std::string& data_dir, const GarbageFile& garbage);

// The reference a retention_delete audit entry carries in its detail and each deleted
// recording's lawful-deletion mark carries too: "ref rd-" + 16 hex digits of SHA-256 of
// (camera, time, first recording id), so fsck's report leads to the audit entry.
std::string RetentionAuditRef(const std::string& camera_id, WallTime90k when, int64_t first_recording_id);

class RetentionService {
 public:
  RetentionService(Catalog& catalog, const RetentionPolicy& policy, AuditSink& audit, std::string data_dir)
      : catalog_(catalog), policy_(policy), audit_(audit), data_dir_(std::move(data_dir)) {}

  // Put in the client field of every event (the HTTP peer, or "cli uid=N").
  void set_client(std::string client) { client_ = std::move(client); }

  // Refused (FailedPrecondition citing R403/R501 or R502) while protected.
  Status DeleteRecording(const std::string& user, int64_t recording_id);
  // Until the profile's long period (R502), or until released where it has none.
  Result<int64_t> AddHold(const std::string& user, const std::string& camera_id, WallTime90k from_wall_90k,
                          WallTime90k to_wall_90k, const std::string& case_ref);
  Status RequestHoldRelease(const std::string& user, int64_t hold_id);
  // PermissionDenied when `user` asked for the release (needs a second person).
  Status ApproveHoldRelease(const std::string& user, int64_t hold_id);
  // nullopt clears it; refused below the profile's minimum (R501).
  Status SetCameraMaxRetention(const std::string& user, const std::string& camera_id, std::optional<int64_t> days);

 private:
  // Appends the event with `outcome` from `s`; returns `s`, or the audit error if the
  // event could not be recorded.
  Status Audited(AuditEvent event, Status s);

  Catalog& catalog_;
  const RetentionPolicy& policy_;
  AuditSink& audit_;
  const std::string data_dir_;
  std::string client_;
};

}  // namespace custos
