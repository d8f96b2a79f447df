// compliance_checks.h: one function per requirement this work meets, for the compliance
// report (`custos compliance report`; src/govern/compliance_checks.cc puts them in its table
// and maps this ComplianceLine onto its own). Each line is computed from real data: the
// audit log's verification and the catalog.
// Thread-safety: as Catalog (one thread); the audit database is this call's own connection.
#pragma once

#include <string>

#include "audit/audit_verify.h"
#include "catalog/catalog.h"
#include "retention/retention_policy.h"

namespace custos {

enum class ComplianceState { kMet, kNotMet, kNotApplicable };

struct ComplianceLine {
  std::string requirement;  // "R403"
  ComplianceState state = ComplianceState::kNotMet;
  std::string why;       // for not met / not applicable
  std::string evidence;  // what was checked, with numbers
};

// What the checks read; `audit_entries` are the whole log's.
struct ComplianceInputs {
  Catalog& catalog;
  const RetentionPolicy& policy;
  const AuditVerifyReport& audit_verify;
  const std::vector<StoredAuditEntry>& audit_entries;
};

// R403: the audit log is intact, and no retention delete ever removed footage younger than
// the minimum (every `retention_delete ok` entry's footage ended a minimum before it).
ComplianceLine CheckR403(const ComplianceInputs& in);
// R501: the floor is the profile's minimum, and no deletion went under it (as R403).
ComplianceLine CheckR501(const ComplianceInputs& in);
// R502: holds exist as a mechanism; not applicable where the profile has no long period.
ComplianceLine CheckR502(const ComplianceInputs& in);
// R503: (N25) no footage is overdue: nothing past its rule and not held waits more than a
// sweep (1 h); not applicable in keep profiles without camera maximums.
ComplianceLine CheckR503(const ComplianceInputs& in);
// R703 and R705: the audit log verifies, and its entries are signed up to the end or
// within one checkpoint interval.
ComplianceLine CheckR703(const ComplianceInputs& in);
ComplianceLine CheckR705(const ComplianceInputs& in);

}  // namespace custos
