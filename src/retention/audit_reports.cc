#include "retention/audit_reports.h"

#include "audit/audit_verify.h"
#include "retention/retention_status.h"

namespace custos {

Result<AuditReportKind> ParseAuditReportKind(std::string_view name) {
  if (name == "register") return AuditReportKind::kRetrievalRegister;
  if (name == "inspection") return AuditReportKind::kInspection;
  return Err(InvalidArgument("unknown report '" + std::string(name) + "': use register (R401) or inspection (R702)"));
}

std::string_view AuditReportKindName(AuditReportKind kind) {
  return kind == AuditReportKind::kInspection ? "inspection" : "register";
}

RecordedBy CameraDescriber(Catalog& catalog) {
  return [&catalog](const std::string& id) {
    auto c = catalog.GetCamera(id);
    return c && !c->config.name.empty() && c->config.name != id ? c->config.name + " (" + id + ")" : id;
  };
}

Result<Report> BuildAuditReport(AuditReportKind kind, const ReportPeriod& period, const AuditReportSources& sources,
                                WallTime90k generated) {
  if (period.to_wall_90k <= period.from_wall_90k) {
    return Err(InvalidArgument("the period's end must be after its start"));
  }
  AuditFilter filter;
  filter.from_wall_90k = period.from_wall_90k;
  filter.to_wall_90k = period.to_wall_90k;
  auto entries = ReadAuditEntries(sources.audit_db, filter);
  if (!entries) return Err(entries.error());
  const RecordedBy recorded_by = CameraDescriber(sources.catalog);
  if (kind == AuditReportKind::kRetrievalRegister) return RetrievalRegister(*entries, period, recorded_by, generated);
  auto verify = VerifyAuditLog(sources.audit_db, sources.node_key);
  if (!verify) return Err(verify.error());
  auto retention = RetentionStatusTables(sources.catalog, sources.policy);
  if (!retention) return Err(retention.error());
  return InspectionReport(*entries, period, recorded_by, *verify, std::move(*retention), generated);
}

}  // namespace custos
