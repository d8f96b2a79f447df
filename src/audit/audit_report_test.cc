#include "audit/audit_report.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "audit/audit_test_util.h"
#include "audit/pdf_writer.h"

namespace custos {
namespace {

using testing::AuditTempDir;
using testing::kAuditT0;
using testing::TestEvent;

std::vector<StoredAuditEntry> SampleEntries() {
  std::vector<StoredAuditEntry> out;
  auto add = [&](AuditEvent e) {
    StoredAuditEntry s;
    s.entry.seq = static_cast<int64_t>(out.size() + 1);
    s.entry.wall_90k = WallTime90k{kAuditT0 + s.entry.seq * kTicksPerSecond90k};
    s.entry.event = std::move(e);
    out.push_back(s);
  };
  AuditEvent login;
  login.actor = "alice";
  login.action = "login";
  add(login);
  AuditEvent exp = TestEvent(3);  // an export with a destination
  exp.actor = "alice";
  exp.destination = "Police station \"North\", DVD, case 2026/117";
  add(exp);
  AuditEvent refused = TestEvent(1);
  refused.actor = "mallory";
  refused.outcome = "refused";
  refused.detail = "no approved retrieval request";
  add(refused);
  AuditEvent stop;
  stop.actor = "system";
  stop.action = "daemon_stop";
  add(stop);
  return out;
}

std::string RunPdfToText(const std::string& pdf) {
  AuditTempDir dir;
  const std::string in = dir.File("r.pdf"), out = dir.File("r.txt");
  std::ofstream(in, std::ios::binary) << pdf;
  const std::string cmd = "pdftotext -layout " + in + " " + out + " 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "pdftotext (poppler-utils) must be installed: scripts/install-deps.sh";
  std::ifstream f(out);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

const ReportPeriod kPeriod{WallTime90k{kAuditT0}, WallTime90k{kAuditT0 + 3600 * kTicksPerSecond90k}};

TEST(AuditReportTest, RegisterListsRetrievalsOnly) {
  Report r = RetrievalRegister(SampleEntries(), kPeriod, [](const std::string& id) { return "unit of " + id; },
                               WallTime90k{kAuditT0});
  ASSERT_EQ(r.tables.size(), 1u);
  ASSERT_EQ(r.tables[0].rows.size(), 2u);  // the export and the refused playback
  const auto& row = r.tables[0].rows[0];
  EXPECT_EQ(row[0], "2");
  EXPECT_EQ(row[2], "alice");
  EXPECT_EQ(row[3], "export");
  EXPECT_EQ(row[5], "unit of gate; unit of lobby-3");
  EXPECT_EQ(row[8], "case 3");
  EXPECT_EQ(r.tables[0].rows[1][4], "refused");
}

TEST(AuditReportTest, CsvQuotesFields) {
  Report r = RetrievalRegister(SampleEntries(), kPeriod, nullptr, WallTime90k{kAuditT0});
  const std::string csv = ReportToCsv(r);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "seq,when,retrieved by,action,outcome,recorded by (camera),footage from,footage to,purpose,destination,"
            "request,client");
  EXPECT_NE(csv.find("\"Police station \"\"North\"\", DVD, case 2026/117\""), std::string::npos) << csv;
}

TEST(AuditReportTest, PdfReadsBackWithPdftotext) {
  Report r = RetrievalRegister(SampleEntries(), kPeriod, nullptr, WallTime90k{kAuditT0});
  const std::string pdf = ReportToPdf(r);
  EXPECT_EQ(pdf.substr(0, 8), "%PDF-1.4");
  const std::string text = RunPdfToText(pdf);
  EXPECT_NE(text.find("Custos retrieval register (R401)"), std::string::npos) << text;
  EXPECT_NE(text.find("retrieved by"), std::string::npos) << text;
  EXPECT_NE(text.find("mallory"), std::string::npos) << text;
  EXPECT_NE(text.find("Police station"), std::string::npos) << text;
}

TEST(AuditReportTest, LongReportSpansPagesAndNonLatinBecomesQuestionMarks) {
  std::vector<StoredAuditEntry> many;
  for (int i = 0; i < 300; ++i) {
    StoredAuditEntry s;
    s.entry.seq = i + 1;
    s.entry.event = TestEvent(i);
    s.entry.event.purpose = i == 0 ? "案件 42" : "case";
    many.push_back(s);
  }
  Report r = RetrievalRegister(many, kPeriod, nullptr, WallTime90k{kAuditT0});
  const std::string text = RunPdfToText(ReportToPdf(r));
  EXPECT_NE(text.find("\f"), std::string::npos);  // a page break
  EXPECT_NE(text.find("?? 42"), std::string::npos);
  EXPECT_NE(text.find("req-299"), std::string::npos);
}

TEST(AuditReportTest, InspectionReportHasIntegrityCountsAndExtraSections) {
  AuditVerifyReport v;
  v.entries = 4;
  v.last_seq = 4;
  v.problems.push_back({AuditProblem::kEdited, 2, "entry seq 2 does not match its hash: it was edited"});
  ReportTable holds{"Evidence holds", {"id", "case"}, {{"1", "2026/117"}}};
  Report r = InspectionReport(SampleEntries(), kPeriod, nullptr, v, {holds}, WallTime90k{kAuditT0});
  const std::string csv = ReportToCsv(r);
  EXPECT_NE(csv.find("verdict,1 problems"), std::string::npos) << csv;
  EXPECT_NE(csv.find("login,ok,1"), std::string::npos);
  EXPECT_NE(csv.find("Refused requests"), std::string::npos);
  EXPECT_NE(csv.find("no approved retrieval request"), std::string::npos);
  EXPECT_NE(csv.find("1,2026/117"), std::string::npos);
  const std::string text = RunPdfToText(ReportToPdf(r));
  EXPECT_NE(text.find("Custos inspection report (R702)"), std::string::npos);
  EXPECT_NE(text.find("entry seq 2 does not match its hash"), std::string::npos) << text;
}

}  // namespace
}  // namespace custos
