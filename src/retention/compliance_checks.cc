#include "retention/compliance_checks.h"

namespace custos {

namespace {

ComplianceLine Line(std::string rid, bool met, std::string why, std::string evidence) {
  return ComplianceLine{std::move(rid), met ? ComplianceState::kMet : ComplianceState::kNotMet,
                        met ? "" : std::move(why), std::move(evidence)};
}

std::string AuditEvidence(const AuditVerifyReport& v) {
  return "audit log: " + std::to_string(v.entries) + " entries, " + std::to_string(v.checkpoints) +
         " signed checkpoints (to seq " + std::to_string(v.last_signed_seq) + "), " +
         (v.ok() ? "verifies intact" : std::to_string(v.problems.size()) + " problems");
}

// Retention deletes (ok) whose footage had not reached the minimum when deleted.
int64_t DeletesUnderTheFloor(const ComplianceInputs& in, int64_t& deletes) {
  int64_t bad = 0;
  for (const auto& s : in.audit_entries) {
    const AuditEvent& e = s.entry.event;
    if (e.action != "retention_delete" || e.outcome != "ok") continue;
    ++deletes;
    if (!e.to_wall_90k || e.to_wall_90k->ticks_90k + in.policy.minimum_90k() > s.entry.wall_90k.ticks_90k) ++bad;
  }
  return bad;
}

}  // namespace

ComplianceLine CheckR403(const ComplianceInputs& in) {
  int64_t deletes = 0;
  const int64_t bad = DeletesUnderTheFloor(in, deletes);
  const bool met = in.audit_verify.ok() && bad == 0;
  return Line("R403", met,
              !in.audit_verify.ok() ? "the audit log was altered (custos audit verify)"
                                    : std::to_string(bad) + " retention deletes removed footage under the minimum",
              AuditEvidence(in.audit_verify) + "; " + std::to_string(deletes) +
                  " retention deletes audited, each checked against the floor in the catalog transaction");
}

ComplianceLine CheckR501(const ComplianceInputs& in) {
  int64_t deletes = 0;
  const int64_t bad = DeletesUnderTheFloor(in, deletes);
  return Line("R501", bad == 0, std::to_string(bad) + " deletes went under the minimum",
              "profile " + in.policy.profile().name + ": minimum " + std::to_string(in.policy.profile().minimum_days) +
                  " days, enforced in Catalog::DeleteRecordingForRetention; " + std::to_string(deletes) +
                  " retention deletes audited, none under the floor");
}

ComplianceLine CheckR502(const ComplianceInputs& in) {
  const auto& p = in.policy.profile();
  auto holds = in.catalog.ListHolds(HoldFilter::kAll, in.policy.clock().Now());
  if (!holds) return Line("R502", false, "cannot read holds: " + holds.error().message(), "");
  int64_t active = 0;
  for (const Hold& h : *holds) active += h.ActiveAt(in.policy.clock().Now()) ? 1 : 0;
  const std::string evidence = std::to_string(holds->size()) + " evidence holds, " + std::to_string(active) +
                               " active; release needs a second person";
  if (!p.important_days) {
    return ComplianceLine{"R502", ComplianceState::kNotApplicable,
                          "profile " + p.name + " sets no period for important information", evidence};
  }
  return Line("R502", true, "", evidence + "; holds last " + std::to_string(*p.important_days) + " days");
}

ComplianceLine CheckR503(const ComplianceInputs& in) {
  auto cameras = in.catalog.ListCameras(CameraFilter::kIncludeRemoved);
  auto maximums = in.catalog.ListCameraMaxRetention();
  if (!cameras || !maximums) return Line("R503", false, "cannot read the catalog", "");
  if (!in.policy.profile().delete_after_minimum && maximums->empty()) {
    return ComplianceLine{"R503", ComplianceState::kNotApplicable,
                          "profile " + in.policy.profile().name + " keeps footage after the minimum", ""};
  }
  const WallTime90k now = in.policy.clock().Now();
  int64_t overdue = 0;
  for (const Camera& c : *cameras) {
    auto it = maximums->find(c.config.id);
    auto after = in.policy.DeleteAfter90k(it == maximums->end() ? std::nullopt : std::optional(it->second));
    if (!after) continue;
    // A sweep runs hourly: footage more than an hour past its rule, and not held, is overdue.
    auto due = in.catalog.ListRecordingsEndedBy(c.config.id,
                                               WallTime90k{now.ticks_90k - *after - 3600 * kTicksPerSecond90k});
    if (!due) return Line("R503", false, "cannot read recordings", "");
    auto holds = in.catalog.ListHolds(HoldFilter::kActive, now);
    if (!holds) return Line("R503", false, "cannot read holds", "");
    for (const Recording& r : *due) {
      bool held = false;
      for (const Hold& h : *holds) {
        held = held || (h.camera_id == r.camera_id && h.from_wall_90k < *r.end_wall_90k &&
                        h.to_wall_90k > r.start_wall_90k);
      }
      overdue += held ? 0 : 1;
    }
  }
  return Line("R503", overdue == 0, std::to_string(overdue) + " recordings are past their deletion time and not held",
              "sweeper hourly; " + std::to_string(maximums->size()) + " cameras with a maximum; " +
                  std::to_string(overdue) + " overdue");
}

ComplianceLine CheckR703(const ComplianceInputs& in) {
  return Line("R703", in.audit_verify.ok(), "the audit log was altered: run custos audit verify",
              AuditEvidence(in.audit_verify) + "; no code path deletes or updates an entry; administrators are "
                                               "audited like everyone");
}

ComplianceLine CheckR705(const ComplianceInputs& in) {
  return Line("R705", in.audit_verify.ok(), "the audit log was altered: run custos audit verify",
              AuditEvidence(in.audit_verify) + "; hash chain + Ed25519 checkpoints");
}

}  // namespace custos
