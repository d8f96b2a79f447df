// retrieval.h: retrieval requests for recorded footage (R401, R405, R406) and the grants
// they give. docs/design/access.md has the rules; in short:
//
// - An investigator files a request: cameras, [from, to), purpose, case reference,
//   approval document reference, the persons present (at least as many as the profile
//   demands, each with name, identity number and work permit), the destination of any
//   copy, and the kind: playback (watch in Custos) or export (a copy leaves).
// - An approver who is not the requester approves or rejects (with a reason). An export
//   needs a second approver, different from the first (two-person rule).
// - A grant runs from the last approval for `grant_validity_90k` (24 h by default).
// - An emergency request (R406) is granted at filing, for the same validity, and stays
//   pending ("approval after the fact") until approved as above; a rejection ends it.
//
// The pure functions decide; File/Approve/Reject also store (compare-and-set, so two
// approvers deciding at once cannot both win). Thread-safety: stateless functions.
#pragma once

#include <string>
#include <vector>

#include "access/retrieval_rules.h"
#include "base/clock.h"
#include "base/status.h"
#include "catalog/catalog.h"

namespace custos::access {

struct RetrievalOptions {
  int64_t grant_validity_90k = 24 * 3600 * kTicksPerSecond90k;
};

inline bool IsExport(const RetrievalRequest& r) { return r.kind == "export"; }
inline int ApprovalsNeeded(const RetrievalRequest& r) { return IsExport(r) ? 2 : 1; }
int ApprovalsGiven(const RetrievalRequest& r);
// An emergency request in force but not yet approved.
bool PendingAfterTheFact(const RetrievalRequest& r);
// Whether `r` lets its requester see footage at `now`.
bool Grants(const RetrievalRequest& r, WallTime90k now);
// Whether `r` covers `camera_id` over all of [from, to).
bool Covers(const RetrievalRequest& r, const std::string& camera_id, WallTime90k from, WallTime90k to);

// InvalidArgument naming the first missing or bad field (and, for persons, the profile's
// number and rule).
Status ValidateRequest(const RetrievalRequest& r, const RetrievalRules& rules);

// Pure decisions on a stored request; PermissionDenied for self-approval or a second
// approval by the first approver; FailedPrecondition if it is already decided.
Result<RetrievalRequest> Approved(const RetrievalRequest& r, const std::string& approver, WallTime90k now,
                                  const RetrievalOptions& options);
Result<RetrievalRequest> Rejected(const RetrievalRequest& r, const std::string& approver, const std::string& reason,
                                  WallTime90k now);

// Validates `r` (requester, kind, cameras, range, texts, persons set by the caller), checks
// the cameras exist, stores it as pending (granted at once if emergency) and returns it.
Result<RetrievalRequest> FileRequest(Catalog& catalog, const Clock& clock, RetrievalRequest r,
                                     const RetrievalRules& rules, const RetrievalOptions& options);
Result<RetrievalRequest> ApproveRequest(Catalog& catalog, const Clock& clock, int64_t id,
                                        const std::string& approver, const RetrievalOptions& options);
Result<RetrievalRequest> RejectRequest(Catalog& catalog, const Clock& clock, int64_t id,
                                       const std::string& approver, const std::string& reason);

}  // namespace custos::access
