#include "audit/audit_report.h"

#include <algorithm>
#include <map>

#include "audit/pdf_writer.h"

namespace custos {

namespace {

std::string Time(const std::optional<WallTime90k>& t) { return t ? FormatIso8601(*t) : ""; }

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::string> RegisterRow(const AuditEntry& e, const RecordedBy& recorded_by) {
  std::vector<std::string> recorders;
  for (const auto& id : e.event.camera_ids) recorders.push_back(recorded_by ? recorded_by(id) : id);
  return {std::to_string(e.seq),
          FormatIso8601(e.wall_90k),
          e.event.actor.empty() ? "(unknown)" : e.event.actor,
          e.event.action,
          e.event.outcome,
          Join(recorders, "; "),
          Time(e.event.from_wall_90k),
          Time(e.event.to_wall_90k),
          e.event.purpose,
          e.event.destination,
          e.event.request_id,
          e.event.client};
}

ReportTable RegisterTable(const std::vector<StoredAuditEntry>& entries, const RecordedBy& recorded_by) {
  ReportTable t;
  t.title = "Retrieval register (R401)";
  t.header = {"seq", "when", "retrieved by", "action", "outcome", "recorded by (camera)", "footage from",
              "footage to", "purpose", "destination", "request", "client"};
  for (const auto& s : entries) {
    if (IsRetrievalAction(s.entry.event.action)) t.rows.push_back(RegisterRow(s.entry, recorded_by));
  }
  t.empty_text = "(no retrieval in this period)";
  return t;
}

std::vector<std::string> Preamble(const ReportPeriod& p, WallTime90k generated, size_t entries) {
  return {"period: " + FormatIso8601(p.from_wall_90k) + " to " + FormatIso8601(p.to_wall_90k) + " (UTC, end excluded)",
          "generated: " + FormatIso8601(generated),
          "audit entries in the period: " + std::to_string(entries)};
}

ReportTable ActionCounts(const std::vector<StoredAuditEntry>& entries) {
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  for (const auto& s : entries) ++counts[{s.entry.event.action, s.entry.event.outcome}];
  ReportTable t{"Operations: audited actions in the period", {"action", "outcome", "count"}, {}};
  for (const auto& [k, n] : counts) t.rows.push_back({k.first, k.second, std::to_string(n)});
  return t;
}

ReportTable Refusals(const std::vector<StoredAuditEntry>& entries) {
  ReportTable t{"Refused requests", {"seq", "when", "who", "action", "cameras", "why"}, {}};
  for (const auto& s : entries) {
    const AuditEvent& e = s.entry.event;
    if (e.outcome != "refused") continue;
    t.rows.push_back({std::to_string(s.entry.seq), FormatIso8601(s.entry.wall_90k),
                      e.actor.empty() ? "(unknown)" : e.actor, e.action, Join(e.camera_ids, " "), e.detail});
  }
  return t;
}

ReportTable Integrity(const AuditVerifyReport& v) {
  ReportTable t{"Audit log integrity (R703, R705): whole log verified", {"check", "result"}, {}};
  t.rows.push_back({"entries", std::to_string(v.entries) + " (last seq " + std::to_string(v.last_seq) + ")"});
  t.rows.push_back({"signed checkpoints", std::to_string(v.checkpoints) + " (signed up to seq " +
                                              std::to_string(v.last_signed_seq) + ")"});
  t.rows.push_back({"verdict", v.ok() ? "intact" : std::to_string(v.problems.size()) + " problems"});
  for (const auto& p : v.problems) t.rows.push_back({std::string(AuditProblemName(p.problem)), p.message});
  for (const auto& n : v.notes) t.rows.push_back({"note", n});
  return t;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

void CsvRow(std::string& out, const std::vector<std::string>& row) {
  for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + CsvField(row[i]);
  out += "\r\n";
}

// Column widths for a fixed-width table that fits `columns` characters: each column gets
// its natural width, and the widest are narrowed (cells then wrap) until the sum fits.
std::vector<size_t> Widths(const ReportTable& t, size_t columns) {
  std::vector<size_t> w(t.header.size(), 1);
  for (size_t c = 0; c < w.size(); ++c) {
    w[c] = std::max<size_t>(w[c], t.header[c].size());
    for (const auto& r : t.rows) w[c] = std::max(w[c], c < r.size() ? r[c].size() : 0);
  }
  const size_t gaps = 2 * (w.size() - 1);
  for (;;) {
    size_t total = gaps;
    for (size_t x : w) total += x;
    if (total <= columns) break;
    auto widest = std::max_element(w.begin(), w.end());
    if (*widest <= 4) break;
    --*widest;
  }
  return w;
}

void PdfTableRow(PdfWriter& pdf, const std::vector<std::string>& cells, const std::vector<size_t>& w, PdfFont font) {
  std::vector<std::string> rest(w.size());
  for (size_t c = 0; c < w.size(); ++c) rest[c] = c < cells.size() ? ToWinAnsi(cells[c]) : "";
  bool more = true;
  while (more) {  // one printed line per pass; long cells wrap
    std::string line;
    more = false;
    for (size_t c = 0; c < w.size(); ++c) {
      std::string part = rest[c].substr(0, w[c]);
      rest[c] = rest[c].size() > w[c] ? rest[c].substr(w[c]) : "";
      more = more || !rest[c].empty();
      part.resize(w[c], ' ');
      line += (c ? "  " : "") + part;
    }
    pdf.AddLine(line, font, 7);
  }
}

}  // namespace

bool IsRetrievalAction(const std::string& action) {
  for (const char* prefix : {"playback", "export", "download", "retrieval"}) {
    if (action.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

Report RetrievalRegister(const std::vector<StoredAuditEntry>& entries, const ReportPeriod& period,
                         const RecordedBy& recorded_by, WallTime90k generated) {
  Report r;
  r.title = "Custos retrieval register (R401)";
  r.preamble = Preamble(period, generated, entries.size());
  r.tables.push_back(RegisterTable(entries, recorded_by));
  return r;
}

Report InspectionReport(const std::vector<StoredAuditEntry>& entries, const ReportPeriod& period,
                        const RecordedBy& recorded_by, const AuditVerifyReport& verify,
                        std::vector<ReportTable> extra, WallTime90k generated) {
  Report r;
  r.title = "Custos inspection report (R702)";
  r.preamble = Preamble(period, generated, entries.size());
  r.preamble.push_back(
      "training, maintenance, inspection, duty records and filings: see `custos compliance report` "
      "(kept by the registry, not the audit log)");
  r.tables.push_back(Integrity(verify));
  r.tables.push_back(ActionCounts(entries));
  r.tables.push_back(RegisterTable(entries, recorded_by));
  r.tables.push_back(Refusals(entries));
  for (auto& t : extra) r.tables.push_back(std::move(t));
  return r;
}

std::string ReportToCsv(const Report& report) {
  std::string out;
  const bool titled = report.tables.size() > 1;
  for (const auto& t : report.tables) {
    if (titled) CsvRow(out, {t.title});
    CsvRow(out, t.header);
    for (const auto& row : t.rows) CsvRow(out, row);
    if (titled) out += "\r\n";
  }
  return out;
}

std::string ReportToPdf(const Report& report) {
  PdfWriter pdf;
  pdf.AddLine(report.title, PdfFont::kHelveticaBold, 14);
  pdf.AddSpace(4);
  for (const auto& line : report.preamble) pdf.AddLine(line, PdfFont::kHelvetica, 9);
  const size_t columns = static_cast<size_t>(PdfWriter::CourierColumns(7));
  for (const auto& t : report.tables) {
    pdf.AddSpace(8);
    pdf.AddLine(t.title, PdfFont::kHelveticaBold, 10);
    const std::vector<size_t> w = Widths(t, columns);
    PdfTableRow(pdf, t.header, w, PdfFont::kCourier);
    std::string rule;
    for (size_t c = 0; c < w.size(); ++c) rule += (c ? "  " : "") + std::string(w[c], '-');
    pdf.AddLine(rule, PdfFont::kCourier, 7);
    if (t.rows.empty()) pdf.AddLine(t.empty_text, PdfFont::kHelvetica, 8);
    for (const auto& row : t.rows) PdfTableRow(pdf, row, w, PdfFont::kCourier);
  }
  return pdf.Render();
}

}  // namespace custos
