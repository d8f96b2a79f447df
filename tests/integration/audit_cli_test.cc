// End-to-end: the audit log as the `custos` binary writes it, tampered with by the sqlite3
// shell, judged by `custos audit verify`; the daemon's own start and stop; a PDF register
// read back by pdftotext.
#include <csignal>
#include <filesystem>

#include <gtest/gtest.h>

#include "harness.h"

namespace custos::testing {
namespace {

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class AuditCliTest : public ::testing::Test {
 protected:
  std::string data() const { return dir_.path() + "/data"; }
  CommandResult Custos(std::vector<std::string> args) { return RunCustos(data(), std::move(args)); }
  // Eight audited acts from the command line, one of them refused.
  void MakeEntries() {
    ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", "rtsp://192.0.2.1/x"}).exit_code, 0);
    for (int i = 0; i < 3; ++i) {
      auto r = Custos({"hold", "add", "--camera", "gate", "--from", "2026-11-01T00:00:00Z", "--to",
                       "2026-11-02T00:00:00Z", "--case", "case-" + std::to_string(i), "--user", "alice"});
      ASSERT_EQ(r.exit_code, 0) << r.out;
    }
    ASSERT_EQ(Custos({"hold", "release", "--id", "1", "--user", "alice"}).exit_code, 0);
    ASSERT_EQ(Custos({"hold", "release", "--id", "1", "--user", "alice", "--approve"}).exit_code, 1);
    ASSERT_EQ(Custos({"hold", "release", "--id", "1", "--user", "bob", "--approve"}).exit_code, 0);
    ASSERT_EQ(Custos({"retention", "set-max", "--camera", "gate", "--days", "60", "--user", "admin"}).exit_code, 0);
    auto v = Custos({"audit", "verify"});
    ASSERT_EQ(v.exit_code, 0) << v.out;
    ASSERT_TRUE(Has(v.out, "8 entries")) << v.out;
  }
  // Runs SQL with the sqlite3 shell, the append-only triggers dropped first.
  void Sqlite(const std::string& sql) {
    auto r = custos::testing::Run({"sqlite3", data() + "/audit.db",
                  "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_entry_no_delete; " + sql});
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  void ExpectVerifyFails(const std::string& message) {
    auto v = Custos({"audit", "verify"});
    EXPECT_EQ(v.exit_code, 1) << v.out;
    EXPECT_TRUE(Has(v.out, message)) << v.out;
  }

  TempDir dir_;
};

TEST_F(AuditCliTest, TheShellCannotEditWithTheTriggersInPlace) {
  MakeEntries();
  auto r = custos::testing::Run({"sqlite3", data() + "/audit.db", "UPDATE audit_entry SET actor = 'bob' WHERE seq = 5"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Has(r.out, "append-only")) << r.out;
}

TEST_F(AuditCliTest, EditCaught) {
  MakeEntries();
  Sqlite("UPDATE audit_entry SET actor = 'bob' WHERE seq = 5");
  ExpectVerifyFails("seq 5: edited: entry seq 5 does not match its hash");
}

TEST_F(AuditCliTest, DeleteCaught) {
  MakeEntries();
  Sqlite("DELETE FROM audit_entry WHERE seq = 3");
  ExpectVerifyFails("seq 3: deleted: entry seq 3 is missing");
}

TEST_F(AuditCliTest, InsertCaught) {
  MakeEntries();
  Sqlite("UPDATE audit_entry SET seq = -seq WHERE seq >= 4; UPDATE audit_entry SET seq = 1 - seq WHERE seq < 0;"
         "INSERT INTO audit_entry SELECT 4, wall_90k, 'mallory', action, outcome, camera_ids, from_wall_90k, "
         "to_wall_90k, purpose, destination, request_id, client, detail, hash FROM audit_entry WHERE seq = 3");
  ExpectVerifyFails("seq 4: inserted: entry seq 4 was inserted");
}

TEST_F(AuditCliTest, ReorderCaught) {
  MakeEntries();
  Sqlite("UPDATE audit_entry SET seq = -1 WHERE seq = 2; UPDATE audit_entry SET seq = 2 WHERE seq = 3;"
         "UPDATE audit_entry SET seq = 3 WHERE seq = -1");
  ExpectVerifyFails("seq 2: reordered: entry seq 2 was written as seq 3");
}

TEST_F(AuditCliTest, DaemonStartAndStopAreAuditedAndSigned) {
  const int port = FreePort();
  auto daemon = Process::Spawn(
      {CustosBinary(), "serve", "--data", data(), "--listen", "127.0.0.1:" + std::to_string(port)});
  ASSERT_NE(daemon, nullptr);
  ASSERT_TRUE(daemon->WaitForOutput("Listening on", std::chrono::seconds(20))) << daemon->Output();
  daemon->Signal(SIGTERM);
  ASSERT_EQ(daemon->Wait(), 0) << daemon->Output();
  auto list = Custos({"audit", "list", "--actor", "system"});
  EXPECT_TRUE(Has(list.out, "daemon_start")) << list.out;
  EXPECT_TRUE(Has(list.out, "daemon_stop")) << list.out;
  auto v = Custos({"audit", "verify"});
  EXPECT_EQ(v.exit_code, 0) << v.out;
  EXPECT_TRUE(Has(v.out, "signed up to seq 2; intact")) << v.out;
}

TEST_F(AuditCliTest, RegisterAndInspectionAsPdfReadBack) {
  MakeEntries();
  const std::string pdf = dir_.path() + "/inspection.pdf";
  auto r = Custos({"audit", "inspection", "--from", "2020-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z",
                   "--format", "pdf", "-o", pdf});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto text = custos::testing::Run({"pdftotext", "-layout", pdf, "-"});
  ASSERT_EQ(text.exit_code, 0) << "pdftotext (poppler-utils) is needed: scripts/install-deps.sh";
  EXPECT_TRUE(Has(text.out, "Custos inspection report (R702)")) << text.out;
  EXPECT_TRUE(Has(text.out, "hold_release_approve")) << text.out;
  EXPECT_TRUE(Has(text.out, "case-2")) << text.out;
  auto csv = Custos({"audit", "register", "--from", "2020-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z"});
  EXPECT_EQ(csv.exit_code, 0);
  EXPECT_TRUE(Has(csv.out, "seq,when,retrieved by")) << csv.out;
}

}  // namespace
}  // namespace custos::testing
