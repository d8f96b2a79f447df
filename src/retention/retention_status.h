// retention_status.h: the state of retention as report tables: the profile's rules, each
// camera's oldest footage and when it may go, evidence holds, interrupted deletes. Used by
// `custos retention status` and the inspection report (R702). Thread-safety: as Catalog.
#pragma once

#include <vector>

#include "audit/audit_report.h"
#include "catalog/catalog.h"
#include "retention/retention_policy.h"

namespace custos {

Result<std::vector<ReportTable>> RetentionStatusTables(Catalog& catalog, const RetentionPolicy& policy);

// Prints tables as aligned text (for the CLI).
std::string TablesToText(const std::vector<ReportTable>& tables);

}  // namespace custos
