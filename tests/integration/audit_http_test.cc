// The audit log over HTTP (GET /api/v1/audit, /verify, /register, /inspection) against a
// running `custos serve`: only the auditor reads it, every read is itself audited, the
// filters and paging work, verification names an entry edited with the sqlite3 shell
// while the daemon runs, and the R401 register and R702 report download as CSV and PDF
// with a real retrieval of recorded footage in them.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "custos_fixture.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

class AuditHttpTest : public CustosTest {
 protected:
  void StartWithAuditor() {
    StartServe();
    port_ = HttpPort();
    ASSERT_GT(port_, 0) << ServeOutput();
    admin_ = Login(port_);
    ASSERT_FALSE(admin_.csrf.empty());
    auditor_ = AddUserAndLogIn(port_, "auditor", "auditor");
    ASSERT_FALSE(auditor_.csrf.empty());
  }
  HttpResponse Get(const ApiSession& s, const std::string& target) {
    return HttpRequest(port_, "GET", target, {{"Cookie", s.cookie}});
  }
  nlohmann::json Entries(const std::string& query) {
    HttpResponse r = Get(auditor_, "/api/v1/audit" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
  }
  static bool AnyEntry(const nlohmann::json& page, const std::function<bool(const nlohmann::json&)>& match) {
    for (const auto& e : page["entries"]) {
      if (match(e)) return true;
    }
    return false;
  }

  int port_ = 0;
  ApiSession admin_, auditor_;
};

TEST_F(AuditHttpTest, OnlyTheAuditorReadsAndEveryReadIsAudited) {
  StartWithAuditor();
  // A failed login, to be found.
  EXPECT_EQ(LoginAs(port_, "admin", "not the password").cookie, "");
  // The administrator is refused, and the refusal is itself in the log.
  EXPECT_EQ(Get(admin_, "/api/v1/audit").status, 403);
  EXPECT_EQ(Get(admin_, "/api/v1/audit/verify").status, 403);
  EXPECT_EQ(HttpRequest(port_, "GET", "/api/v1/audit").status, 401);

  nlohmann::json all = Entries("");
  ASSERT_TRUE(all["entries"].is_array()) << all.dump();
  EXPECT_TRUE(all["next_after_seq"].is_null()) << "one page holds them all";
  EXPECT_TRUE(AnyEntry(all, [](auto& e) { return e["action"] == "login" && e["actor"] == "admin"; })) << all.dump(1);
  EXPECT_TRUE(AnyEntry(all, [](auto& e) { return e["action"] == "login_failed"; })) << all.dump(1);
  EXPECT_TRUE(AnyEntry(all, [](auto& e) {
    return e["action"] == "refused" && e["actor"] == "admin" && Has(e["detail"], "/api/v1/audit");
  })) << all.dump(1);

  // Filters: by action and actor.
  nlohmann::json failed = Entries("?action=login_failed");
  ASSERT_FALSE(failed["entries"].empty());
  for (const auto& e : failed["entries"]) EXPECT_EQ(e["action"], "login_failed");
  nlohmann::json by_admin = Entries("?actor=admin&action=login,refused");
  ASSERT_GE(by_admin["entries"].size(), 2u);
  for (const auto& e : by_admin["entries"]) EXPECT_EQ(e["actor"], "admin");

  // Paging: one entry a page, each next page starts after the last seq.
  nlohmann::json first = Entries("?limit=1");
  ASSERT_EQ(first["entries"].size(), 1u);
  ASSERT_TRUE(first["next_after_seq"].is_number()) << first.dump();
  const int64_t after = first["next_after_seq"];
  nlohmann::json second = Entries("?limit=1&after_seq=" + std::to_string(after));
  ASSERT_EQ(second["entries"].size(), 1u);
  EXPECT_EQ(second["entries"][0]["seq"], after + 1);

  // The auditor's own reads are entries, with what was read.
  nlohmann::json reads = Entries("?action=audit_read&actor=auditor");
  EXPECT_TRUE(AnyEntry(reads, [](auto& e) { return Has(e["detail"], "action login_failed"); })) << reads.dump(1);
  EXPECT_TRUE(AnyEntry(reads, [](auto& e) { return Has(e["detail"], "after seq"); })) << reads.dump(1);

  // Bad input: a clear 400.
  HttpResponse bad = Get(auditor_, "/api/v1/audit?limit=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Has(bad.body, "limit")) << bad.body;
  bad = Get(auditor_, "/api/v1/audit?from=yesterday");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Has(bad.body, "from")) << bad.body;
}

TEST_F(AuditHttpTest, VerifyNamesAnEntryEditedWhileTheDaemonRuns) {
  StartWithAuditor();
  HttpResponse r = Get(auditor_, "/api/v1/audit/verify");
  ASSERT_EQ(r.status, 200) << r.body;
  nlohmann::json v = nlohmann::json::parse(r.body);
  EXPECT_TRUE(v["intact"].get<bool>()) << v.dump(1);
  EXPECT_GT(v["entries"].get<int>(), 2);
  EXPECT_TRUE(v["problems"].empty());

  // Someone with the sqlite3 shell edits who logged in as entry 2.
  CommandResult edit = ::custos::testing::Run({"sqlite3", data_.path() + "/audit.db",
                            "DROP TRIGGER audit_entry_no_update; UPDATE audit_entry SET actor = 'nobody' WHERE seq = 2"});
  ASSERT_EQ(edit.exit_code, 0) << edit.out;
  r = Get(auditor_, "/api/v1/audit/verify");
  ASSERT_EQ(r.status, 200) << r.body;
  v = nlohmann::json::parse(r.body);
  EXPECT_FALSE(v["intact"].get<bool>()) << v.dump(1);
  bool named = false;
  for (const auto& p : v["problems"]) named = named || (p["seq"] == 2 && p["problem"] == "edited");
  EXPECT_TRUE(named) << v.dump(1);
}

TEST_F(AuditHttpTest, RegisterAndInspectionDownloadWithARealRetrieval) {
  std::unique_ptr<Camera> cam = StartCamera({"--size", "320x240", "--gop", "25", "--fps", "25"});
  ASSERT_TRUE(cam);
  StartWithAuditor();
  ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam->Url(), "--accepted-on", "2026-01-01"}).exit_code, 0);
  ASSERT_TRUE(WaitForFinished("gate", 1, seconds(40))) << ServeOutput();
  const Recording rec = FinishedRecordings("gate")[0];
  const WallTime90k from = rec.start_wall_90k;
  const WallTime90k to{rec.start_wall_90k.ticks_90k + SecondsTo90k(2.0)};
  ApiSession inv = AddUserAndLogIn(port_, "inv", "investigator");
  ASSERT_EQ(GrantExport(port_, inv, "gate", WallTime90k{from.ticks_90k - SecondsTo90k(60)},
                        WallTime90k{to.ticks_90k + SecondsTo90k(60)}),
            "");
  HttpResponse exported = Get(inv, "/api/v1/cameras/gate/export.mp4?from=" + FormatIso8601(from) +
                                       "&to=" + FormatIso8601(to));
  ASSERT_EQ(exported.status, 200) << exported.body.substr(0, 300);

  const int64_t day_90k = 24 * 3600 * kTicksPerSecond90k;
  const std::string period_from = FormatIso8601(WallTime90k{from.ticks_90k - day_90k});
  const std::string period_to = FormatIso8601(WallTime90k{from.ticks_90k + day_90k});
  const std::string period = "from=" + period_from + "&to=" + period_to;
  EXPECT_EQ(Get(inv, "/api/v1/audit/register?" + period).status, 403);
  HttpResponse csv = Get(auditor_, "/api/v1/audit/register?" + period);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_TRUE(Has(csv.body, "seq,when,retrieved by")) << csv.body;
  EXPECT_TRUE(Has(csv.body, "inv")) << csv.body;
  EXPECT_TRUE(Has(csv.body, "integration test")) << "the purpose: " << csv.body;
  EXPECT_TRUE(Has(csv.body, "test runner")) << "the destination: " << csv.body;
  EXPECT_TRUE(Has(csv.body, "gate")) << csv.body;

  HttpResponse pdf = Get(auditor_, "/api/v1/audit/inspection?" + period + "&format=pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u) << pdf.body.substr(0, 40);
  const std::string path = data_.path() + "/inspection.pdf";
  std::ofstream(path, std::ios::binary) << pdf.body;
  CommandResult text = ::custos::testing::Run({"pdftotext", "-layout", path, "-"});
  ASSERT_EQ(text.exit_code, 0) << "pdftotext (poppler-utils) is needed: scripts/install-deps.sh";
  EXPECT_TRUE(Has(text.out, "Custos inspection report (R702)")) << text.out;
  EXPECT_TRUE(Has(text.out, "inv")) << text.out;

  // The same report as the CLI's for the same period (the generation time aside).
  CommandResult cli = Custos({"audit", "register", "--from", period_from, "--to", period_to});
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  EXPECT_TRUE(Has(cli.out, "integration test")) << cli.out;

  // Reports are audited reads, and bad periods are 400.
  nlohmann::json reads = Entries("?action=audit_read");
  EXPECT_TRUE(AnyEntry(reads, [&](auto& e) { return Has(e["detail"], "inspection pdf period " + period_from); }))
      << reads.dump(1);
  EXPECT_EQ(Get(auditor_, "/api/v1/audit/register?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z").status, 400);
  EXPECT_EQ(Get(auditor_, "/api/v1/audit/register?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z").status, 400)
      << "at most 400 days";
  EXPECT_EQ(Get(auditor_, "/api/v1/audit/register?" + period + "&format=docx").status, 400);
}

}  // namespace
}  // namespace custos::testing
