// audit_report.h: reports built from the audit log: the retrieval register (R401) and the
// inspection report (R702), as CSV or PDF.
//
// A Report is data (a title, lines, tables); ReportToCsv and ReportToPdf render it. The
// register lists every retrieval entry of a period (actions playback*, export*, download*,
// retrieval*; refused ones included): who recorded (the camera, described by the caller,
// e.g. its owning unit once the registry has it), who retrieved, when, what footage, the
// purpose, the destination of any copy, the request and the outcome. The inspection report
// adds counts per action, refusals, the audit log's own verification, and the sections the
// caller supplies (retention, holds). Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "audit/audit_store.h"
#include "audit/audit_verify.h"

namespace custos {

struct ReportTable {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string empty_text = "(none)";
};

struct Report {
  std::string title;
  std::vector<std::string> preamble;  // "key: value" lines
  std::vector<ReportTable> tables;
};

// True for the actions the register lists.
bool IsRetrievalAction(const std::string& action);

struct ReportPeriod {
  WallTime90k from_wall_90k;
  WallTime90k to_wall_90k;
};

// Describes who recorded a camera's footage ("Gate (gate), unit: ...").
using RecordedBy = std::function<std::string(const std::string& camera_id)>;

// `entries` are the log's entries in the period (any actions; others are skipped).
Report RetrievalRegister(const std::vector<StoredAuditEntry>& entries, const ReportPeriod& period,
                         const RecordedBy& recorded_by, WallTime90k generated);
// `extra` tables (retention, holds) are appended as given.
Report InspectionReport(const std::vector<StoredAuditEntry>& entries, const ReportPeriod& period,
                        const RecordedBy& recorded_by, const AuditVerifyReport& verify,
                        std::vector<ReportTable> extra, WallTime90k generated);

// RFC 4180 CSV: for a report with one table, that table; with several, each preceded by
// a row holding its title and followed by an empty row.
std::string ReportToCsv(const Report& report);
std::string ReportToPdf(const Report& report);

}  // namespace custos
