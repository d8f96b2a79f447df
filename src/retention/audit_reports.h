// audit_reports.h: the retrieval register (R401) and the inspection report (R702) of a
// period, built from a data folder's audit log and catalog. One code path for
// `custos audit register|inspection` and GET /api/v1/audit/register|inspection, so the
// CLI and the web UI give the same report for the same period.
//
// The inspection report verifies the audit log with the node's public key and appends the
// retention tables (rules of the active profile, oldest footage, holds). Rendering is
// ReportToCsv / ReportToPdf (audit_report.h). Thread-safety: as the SqliteDb and Catalog
// passed in (one thread at a time each).
#pragma once

#include <string_view>

#include "audit/audit_report.h"
#include "catalog/catalog.h"
#include "retention/retention_policy.h"

namespace custos {

enum class AuditReportKind { kRetrievalRegister, kInspection };

// "register" or "inspection" -> kind; InvalidArgument naming both otherwise.
Result<AuditReportKind> ParseAuditReportKind(std::string_view name);
std::string_view AuditReportKindName(AuditReportKind kind);

// What a report is made from. `policy` is read only for the inspection report.
struct AuditReportSources {
  SqliteDb& audit_db;
  Catalog& catalog;
  const PublicKey& node_key;
  const RetentionPolicy& policy;
};

// InvalidArgument if the period is empty or reversed.
Result<Report> BuildAuditReport(AuditReportKind kind, const ReportPeriod& period, const AuditReportSources& sources,
                                WallTime90k generated);

// "Gate (gate)" for a camera of the catalog, its id otherwise.
RecordedBy CameraDescriber(Catalog& catalog);

}  // namespace custos
