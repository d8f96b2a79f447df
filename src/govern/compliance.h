// compliance.h: the compliance report: every requirement of REQUIREMENTS.md (R101-R705)
// with its state on this installation under one profile, and the evidence, each line
// computed from the catalog and the data folder at the time of asking.
//
// The report is a table of small check functions, one per R-id (compliance_checks.cc).
// A requirement whose check is still nullptr is reported "not_implemented": Custos does
// not (yet) do it, said plainly. Other subsystems (audit, retention, integrity) fill in
// their R-ids by giving them a check function there; a check sees ComplianceInput only.
// Thread-safety: BuildComplianceReport uses the caller's Catalog; the table is immutable.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include "audit/audit_store.h"
#include "audit/audit_verify.h"
#include "base/status.h"
#include "catalog/catalog.h"
#include "retention/retention_policy.h"
#include "govern/civil_date.h"
#include "govern/filings.h"
#include "govern/profile.h"
#include "govern/taxonomy.h"

namespace custos::govern {

enum class ComplianceState {
  kMet,
  kNotMet,          // with why
  kNotApplicable,   // under this profile, or nothing to check yet (no camera in use)
  kNotImplemented,  // Custos does not do this yet
};
std::string_view ToString(ComplianceState v);

// Everything a check may look at, read once per report.
struct ComplianceInput {
  const Profile& profile;
  const Taxonomy& taxonomy;
  CivilDate today;
  std::vector<Camera> cameras;             // active (not removed), with registry entries
  std::vector<FilingStatus> filings;       // under `profile`
  std::vector<DocumentRecord> documents;
  std::vector<std::string> document_problems;  // VerifyDocuments
  std::vector<OpsRecord> records;
  // For the retention and audit checks (src/retention/compliance_checks.h): the catalog the
  // report reads, the profile's retention rules, and the audit log verified with the node's
  // key. `audit_verify` is nullopt when the log could not be read (`audit_error` says why).
  Catalog* catalog = nullptr;
  std::optional<RetentionPolicy> retention;
  std::optional<AuditVerifyReport> audit_verify;
  std::vector<StoredAuditEntry> audit_entries;
  std::string audit_error;
};

struct ComplianceLine {
  std::string id;  // "R103"
  std::string requirement;
  ComplianceState state = ComplianceState::kNotImplemented;
  std::string evidence;  // what was looked at and found; for not_met, why
};

// What a check returns: its state and evidence (id and requirement come from the table).
struct CheckResult {
  ComplianceState state;
  std::string evidence;
};
using ComplianceCheck = CheckResult (*)(const ComplianceInput& in);

struct ComplianceCheckEntry {
  std::string_view id;
  std::string_view requirement;  // a short form of REQUIREMENTS.md's text
  ComplianceCheck check;         // nullptr: not implemented by Custos yet
};

// Every R-id of REQUIREMENTS.md, in order.
std::span<const ComplianceCheckEntry> ComplianceChecks();

Result<ComplianceInput> ReadComplianceInput(Catalog& catalog, const Profile& profile, const Taxonomy& taxonomy,
                                            const std::string& data_dir, CivilDate today);
std::vector<ComplianceLine> RunComplianceChecks(const ComplianceInput& input);

}  // namespace custos::govern
