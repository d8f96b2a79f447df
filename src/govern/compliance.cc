#include "govern/compliance.h"

#include "base/clock.h"
#include "crypto/node_key.h"
#include "govern/rule_numbers.h"

namespace custos::govern {

namespace {

// The audit log of `data_dir`, verified against the node's own key; an error says why not.
Status ReadAuditEvidence(const std::string& data_dir, ComplianceInput& in) {
  auto key = NodeKey::Load(data_dir);
  if (!key) return key.error().With("the node key (made by the first `custos serve`)");
  auto db = OpenAuditDb(AuditLogPath(data_dir), /*read_only=*/true);
  if (!db) return db.error().With("the audit log " + AuditLogPath(data_dir));
  auto report = VerifyAuditLog(**db, key->public_key());
  if (!report) return report.error();
  auto entries = ReadAuditEntries(**db);
  if (!entries) return entries.error();
  in.audit_verify = std::move(*report);
  in.audit_entries = std::move(*entries);
  return Status::Ok();
}

}  // namespace

std::string_view ToString(ComplianceState v) {
  switch (v) {
    case ComplianceState::kMet: return "met";
    case ComplianceState::kNotMet: return "not_met";
    case ComplianceState::kNotApplicable: return "not_applicable";
    case ComplianceState::kNotImplemented: return "not_implemented";
  }
  return "?";
}

Result<ComplianceInput> ReadComplianceInput(Catalog& catalog, const Profile& profile, const Taxonomy& taxonomy,
                                            const std::string& data_dir, CivilDate today) {
  ComplianceInput in{profile, taxonomy, today, {}, {}, {}, {}, {}, nullptr, std::nullopt, std::nullopt, {}, {}};
  Result<std::vector<Camera>> cameras = catalog.ListCameras(CameraFilter::kActive);
  if (!cameras) return Err(cameras.error());
  in.cameras = std::move(*cameras);
  Result<std::vector<FilingStatus>> filings = ListFilingStatus(catalog, profile, today);
  if (!filings) return Err(filings.error());
  in.filings = std::move(*filings);
  Result<std::vector<DocumentRecord>> docs = catalog.ListDocuments();
  if (!docs) return Err(docs.error());
  in.documents = std::move(*docs);
  Result<std::vector<std::string>> problems = VerifyDocuments(catalog, data_dir);
  if (!problems) return Err(problems.error());
  in.document_problems = std::move(*problems);
  Result<std::vector<OpsRecord>> records = catalog.ListOpsRecords();
  if (!records) return Err(records.error());
  in.records = std::move(*records);
  in.catalog = &catalog;
  in.retention.emplace(RetentionProfileOf(profile), RealClock::Get());
  Status audit = ReadAuditEvidence(data_dir, in);
  if (!audit.ok()) in.audit_error = audit.message();
  return in;
}

std::vector<ComplianceLine> RunComplianceChecks(const ComplianceInput& input) {
  std::vector<ComplianceLine> out;
  for (const ComplianceCheckEntry& e : ComplianceChecks()) {
    ComplianceLine line;
    line.id = std::string(e.id);
    line.requirement = std::string(e.requirement);
    if (e.check == nullptr) {
      line.state = ComplianceState::kNotImplemented;
      line.evidence = "Custos does not check or enforce this yet";
    } else {
      CheckResult r = e.check(input);
      line.state = r.state;
      line.evidence = std::move(r.evidence);
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace custos::govern
