#include "access/retrieval.h"

#include <algorithm>
#include <set>

namespace custos::access {

namespace {

constexpr size_t kMaxTextBytes = 2000;

Status RequireText(const std::string& value, const char* field, const char* what) {
  if (value.empty()) return InvalidArgument(std::string(field) + " is required: " + what);
  if (value.size() > kMaxTextBytes) return InvalidArgument(std::string(field) + " is longer than 2000 bytes");
  return Status::Ok();
}

Status ValidatePersons(const std::vector<RetrievalPerson>& persons, const RetrievalRules& rules) {
  if (static_cast<int>(persons.size()) < rules.min_persons) {
    return InvalidArgument("profile " + rules.profile + " demands at least " + std::to_string(rules.min_persons) +
                           " person(s) present at a retrieval, each with name, identity number and work permit "
                           "(R405); this request names " + std::to_string(persons.size()));
  }
  std::set<std::string> ids;
  for (const RetrievalPerson& p : persons) {
    CUSTOS_RETURN_IF_ERROR(RequireText(p.name, "persons[].name", "the person's name"));
    CUSTOS_RETURN_IF_ERROR(RequireText(p.id_number, "persons[].id_number", "the identity document number"));
    CUSTOS_RETURN_IF_ERROR(RequireText(p.work_permit, "persons[].work_permit", "the work permit number"));
    if (!ids.insert(p.id_number).second) {
      return InvalidArgument("the same identity number is given twice in persons: they must be different people");
    }
  }
  return Status::Ok();
}

}  // namespace

int ApprovalsGiven(const RetrievalRequest& r) { return (r.approver1.empty() ? 0 : 1) + (r.approver2.empty() ? 0 : 1); }

bool PendingAfterTheFact(const RetrievalRequest& r) { return r.emergency && r.state == RequestState::kPending; }

bool Grants(const RetrievalRequest& r, WallTime90k now) {
  if (r.state == RequestState::kRejected || !r.expires_wall_90k) return false;
  if (r.state != RequestState::kApproved && !r.emergency) return false;
  return now.ticks_90k < r.expires_wall_90k->ticks_90k;
}

bool Covers(const RetrievalRequest& r, const std::string& camera_id, WallTime90k from, WallTime90k to) {
  if (std::find(r.camera_ids.begin(), r.camera_ids.end(), camera_id) == r.camera_ids.end()) return false;
  return from.ticks_90k >= r.from_wall_90k.ticks_90k && to.ticks_90k <= r.to_wall_90k.ticks_90k &&
         from.ticks_90k <= to.ticks_90k;
}

Status ValidateRequest(const RetrievalRequest& r, const RetrievalRules& rules) {
  if (r.kind != "playback" && r.kind != "export") {
    return InvalidArgument("kind must be \"playback\" (watch in Custos) or \"export\" (a copy leaves)");
  }
  if (r.camera_ids.empty()) return InvalidArgument("camera_ids must name at least one camera");
  if (r.to_wall_90k.ticks_90k <= r.from_wall_90k.ticks_90k) return InvalidArgument("to must be after from");
  CUSTOS_RETURN_IF_ERROR(RequireText(r.purpose, "purpose", "why the footage is needed (R401)"));
  CUSTOS_RETURN_IF_ERROR(RequireText(r.case_ref, "case_ref", "the case or incident reference"));
  if (!r.emergency) {
    CUSTOS_RETURN_IF_ERROR(RequireText(r.approval_doc_ref, "approval_doc_ref",
                                       "the reference of the police approval document (R405); "
                                       "for a disaster or emergency file with \"emergency\": true (R406)"));
  }
  if (IsExport(r)) {
    CUSTOS_RETURN_IF_ERROR(RequireText(r.destination, "destination", "where the copy goes: unit and medium (R401)"));
  }
  return ValidatePersons(r.persons, rules);
}

Result<RetrievalRequest> Approved(const RetrievalRequest& r, const std::string& approver, WallTime90k now,
                                  const RetrievalOptions& options) {
  const std::string which = "request " + std::to_string(r.id);
  if (r.state != RequestState::kPending) {
    return Err(FailedPrecondition(which + " is already " + std::string(ToString(r.state))));
  }
  if (approver == r.requester) {
    return Err(PermissionDenied("you filed " + which + "; an approver who is not the requester must decide it"));
  }
  if (approver == r.approver1) {
    return Err(PermissionDenied("you already approved " + which +
                                "; an export needs a second, different approver (two-person rule)"));
  }
  RetrievalRequest out = r;
  if (out.approver1.empty()) {
    out.approver1 = approver;
    out.approved1_wall_90k = now;
  } else {
    out.approver2 = approver;
    out.approved2_wall_90k = now;
  }
  if (ApprovalsGiven(out) >= ApprovalsNeeded(out)) {
    out.state = RequestState::kApproved;
    // An emergency grant keeps the term it got at filing: approval after the fact does
    // not extend it.
    if (!out.emergency) out.expires_wall_90k = WallTime90k{now.ticks_90k + options.grant_validity_90k};
  }
  return out;
}

Result<RetrievalRequest> Rejected(const RetrievalRequest& r, const std::string& approver, const std::string& reason,
                                  WallTime90k now) {
  const std::string which = "request " + std::to_string(r.id);
  if (r.state != RequestState::kPending) {
    return Err(FailedPrecondition(which + " is already " + std::string(ToString(r.state))));
  }
  if (approver == r.requester) {
    return Err(PermissionDenied("you filed " + which + "; an approver who is not the requester must decide it"));
  }
  CUSTOS_RETURN_IF_ERROR(RequireText(reason, "reason", "why the request is rejected"));
  RetrievalRequest out = r;
  out.state = RequestState::kRejected;
  out.rejected_by = approver;
  out.rejected_wall_90k = now;
  out.reject_reason = reason;
  return out;
}

Result<RetrievalRequest> FileRequest(Catalog& catalog, const Clock& clock, RetrievalRequest r,
                                     const RetrievalRules& rules, const RetrievalOptions& options) {
  CUSTOS_RETURN_IF_ERROR(ValidateRequest(r, rules));
  for (const std::string& id : r.camera_ids) {
    auto camera = catalog.GetCamera(id);
    if (!camera) return Err(camera.error().code() == StatusCode::kNotFound
                                ? InvalidArgument("no camera '" + id + "'")
                                : camera.error());
  }
  const WallTime90k now = clock.Now();
  r.id = 0;
  r.state = RequestState::kPending;
  r.profile = rules.profile;
  r.created_wall_90k = now;
  r.approver1.clear();
  r.approver2.clear();
  r.approved1_wall_90k.reset();
  r.approved2_wall_90k.reset();
  r.rejected_by.clear();
  r.rejected_wall_90k.reset();
  r.reject_reason.clear();
  r.expires_wall_90k.reset();
  if (r.emergency) r.expires_wall_90k = WallTime90k{now.ticks_90k + options.grant_validity_90k};
  auto id = catalog.AddRetrievalRequest(r);
  if (!id) return Err(id.error());
  r.id = *id;
  return r;
}

Result<RetrievalRequest> ApproveRequest(Catalog& catalog, const Clock& clock, int64_t id,
                                        const std::string& approver, const RetrievalOptions& options) {
  auto stored = catalog.GetRetrievalRequest(id);
  if (!stored) return Err(stored.error());
  auto decided = Approved(*stored, approver, clock.Now(), options);
  if (!decided) return Err(decided.error());
  CUSTOS_RETURN_IF_ERROR(catalog.UpdateRetrievalDecision(*decided, *stored));
  return decided;
}

Result<RetrievalRequest> RejectRequest(Catalog& catalog, const Clock& clock, int64_t id,
                                       const std::string& approver, const std::string& reason) {
  auto stored = catalog.GetRetrievalRequest(id);
  if (!stored) return Err(stored.error());
  auto decided = Rejected(*stored, approver, reason, clock.Now());
  if (!decided) return Err(decided.error());
  CUSTOS_RETURN_IF_ERROR(catalog.UpdateRetrievalDecision(*decided, *stored));
  return decided;
}

}  // namespace custos::access
