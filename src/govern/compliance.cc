#include "govern/compliance.h"

namespace custos::govern {

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
  ComplianceInput in{profile, taxonomy, today, {}, {}, {}, {}, {}};
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
