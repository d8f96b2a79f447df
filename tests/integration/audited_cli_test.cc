// End-to-end: every `custos` command that changes something leaves its entry in the audit
// log (docs/ref/audit_events.md), refusals too, read back with `custos audit list --csv`;
// the log stays intact (`custos audit verify`), and a command that cannot audit changes
// nothing.
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "harness.h"

namespace custos::testing {
namespace {

using Row = std::map<std::string, std::string>;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::string Dump(const std::vector<Row>& rows) {
  std::string out;
  for (const Row& r : rows) {
    out += r.at("seq") + " " + r.at("actor") + " " + r.at("action") + " " + r.at("outcome") + " [" +
           r.at("cameras") + "] " + r.at("detail") + "\n";
  }
  return out;
}

class AuditedCliTest : public ::testing::Test {
 protected:
  std::string data() const { return dir_.path() + "/data"; }
  CommandResult Custos(std::vector<std::string> args) { return RunCustos(data(), std::move(args)); }
  // `custos ARGS` with `input` (a password) on stdin.
  CommandResult CustosWithStdin(const std::string& input, std::vector<std::string> args) {
    std::vector<std::string> argv = {"sh", "-c", "printf '%s\\n' \"$0\" | \"$@\"", input, CustosBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--data");
    argv.push_back(data());
    return custos::testing::Run(argv);
  }
  void Ok(std::vector<std::string> args) {
    auto r = Custos(args);
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  void Refused(std::vector<std::string> args) {
    auto r = Custos(args);
    ASSERT_EQ(r.exit_code, 1) << r.out;
  }
  // Every entry, from `custos audit list --csv`.
  std::vector<Row> Entries() {
    auto r = Custos({"audit", "list", "--csv"});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    auto rows = ParseCsv(r.out);
    std::vector<Row> out;
    if (rows.empty()) return out;
    for (size_t i = 1; i < rows.size(); ++i) {
      Row row;
      for (size_t c = 0; c < rows[0].size() && c < rows[i].size(); ++c) row[rows[0][c]] = rows[i][c];
      out.push_back(row);
    }
    return out;
  }
  // The last entry of `action` with `outcome` whose detail contains `detail`; fails the test
  // (listing the log) when there is none.
  Row Find(const std::string& action, const std::string& outcome, const std::string& detail = "") {
    const std::vector<Row> rows = Entries();
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
      if (it->at("action") == action && it->at("outcome") == outcome && Has(it->at("detail"), detail)) return *it;
    }
    ADD_FAILURE() << "no " << action << "/" << outcome << " entry with '" << detail << "' in\n" << Dump(rows);
    return Row{{"actor", ""}, {"cameras", ""}, {"client", ""}, {"detail", ""}, {"request", ""}};
  }
  // The OS user the CLI names: "cli:<login>", from uid N.
  void ExpectCliActor(const Row& row) {
    EXPECT_EQ(row.at("actor").rfind("cli:", 0), 0u) << row.at("actor");
    EXPECT_GT(row.at("actor").size(), 4u);
    EXPECT_EQ(row.at("client"), "cli uid=" + std::to_string(::getuid()));
  }
  void ExpectIntact() {
    auto v = Custos({"audit", "verify"});
    EXPECT_EQ(v.exit_code, 0) << v.out;
    EXPECT_TRUE(Has(v.out, "intact")) << v.out;
  }

  TempDir dir_;
};

TEST_F(AuditedCliTest, CameraChangesAndAPrivatePlaceRefusalAreAudited) {
  Ok({"camera", "add", "--id", "gate", "--url", "rtsp://192.0.2.1/x"});
  Row added = Find("camera_change", "ok", "registered as planned");
  ExpectCliActor(added);
  EXPECT_EQ(added.at("cameras"), "gate");

  Ok({"camera", "update", "gate", "--model", "XC-200"});
  EXPECT_EQ(Find("camera_change", "ok", "registry changed").at("cameras"), "gate");

  Refused({"camera", "add", "--id", "room", "--url", "rtsp://192.0.2.1/y", "--site", "hotel_room"});
  Row refused = Find("refused", "refused", "R103");
  ExpectCliActor(refused);
  EXPECT_EQ(refused.at("cameras"), "room");
  Refused({"camera", "update", "gate", "--site", "hotel_room"});
  EXPECT_EQ(Find("refused", "refused", "R103").at("cameras"), "gate");

  Ok({"camera", "remove", "gate"});
  Row removed = Find("camera_change", "ok", "removed");
  ExpectCliActor(removed);
  EXPECT_EQ(removed.at("cameras"), "gate");
  Refused({"camera", "remove", "nosuch"});
  EXPECT_EQ(Find("camera_change", "refused", "removed").at("cameras"), "nosuch");
  ExpectIntact();
}

TEST_F(AuditedCliTest, FilingDocumentAndRecordAreAudited) {
  Ok({"camera", "add", "--id", "gate", "--url", "rtsp://192.0.2.1/x", "--accepted-on", "2026-01-05"});
  Ok({"filing", "done", "1", "--ref", "RCPT-1", "--on", "2026-01-10"});
  Row filed = Find("filing_done", "ok", "RCPT-1");
  ExpectCliActor(filed);
  EXPECT_EQ(filed.at("cameras"), "gate");
  Refused({"filing", "done", "1", "--ref", "RCPT-2"});
  EXPECT_TRUE(Has(Find("filing_done", "refused", "RCPT-2").at("detail"), "already filed"));

  const std::string doc = dir_.path() + "/acceptance.txt";
  std::ofstream(doc) << "acceptance report ACC-7\n";
  Ok({"document", "add", "--file", doc, "--kind", "acceptance"});
  ExpectCliActor(Find("document_add", "ok", "sha256"));
  Refused({"document", "add", "--file", dir_.path() + "/missing.pdf", "--kind", "design"});
  Find("document_add", "refused", "missing.pdf");

  Ok({"record", "add", "--kind", "training", "--text", "evacuation drill", "--on", "2026-02-01"});
  ExpectCliActor(Find("record_add", "ok", "evacuation drill"));
  Refused({"record", "add", "--kind", "training"});
  Find("record_add", "refused", "needs a description");
  ExpectIntact();
}

TEST_F(AuditedCliTest, UserChangesAreAuditedRefusalsToo) {
  Ok({"camera", "add", "--id", "gate", "--url", "rtsp://192.0.2.1/x"});
  Ok({"user", "add", "alice", "--role", "duty_operator", "--camera", "gate"});
  ExpectCliActor(Find("user_change", "ok", "alice: added with roles [duty_operator]"));
  Refused({"user", "add", "bob", "--role", "emperor"});
  Find("user_change", "refused", "bob: added");
  Ok({"user", "disable", "alice"});
  Find("user_change", "ok", "alice: disabled");
  Ok({"user", "disable", "alice", "--enable"});
  Find("user_change", "ok", "alice: enabled");
  Ok({"user", "passwd", "alice"});
  Find("user_change", "ok", "alice: password set");
  Ok({"user", "grant", "alice", "--role", "investigator"});
  Find("user_change", "ok", "alice: roles [investigator]");
  Refused({"user", "grant", "nobody", "--role", "investigator"});
  Find("user_change", "refused", "nobody: roles");
  Ok({"user", "group", "north", "--camera", "gate"});
  Find("user_change", "ok", "camera group north: set to [gate]");
  ExpectIntact();
}

TEST_F(AuditedCliTest, RetrievalRequestsAreAuditedWithTheActingUser) {
  Ok({"camera", "add", "--id", "gate", "--url", "rtsp://192.0.2.1/x"});
  for (auto [name, role] : {std::pair{"inv", "investigator"}, {"ap1", "approver"}, {"ap2", "approver"}}) {
    auto r = CustosWithStdin("pw-" + std::string(name) + "-123456", {"user", "add", name, "--role", role,
                                                                     "--password-stdin"});
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  const std::vector<std::string> file = {
      "request", "file", "--as", "inv", "--kind", "export", "--camera", "gate", "--from", "2026-11-23T08:00:00Z",
      "--to", "2026-11-23T09:00:00Z", "--purpose", "case 117", "--case", "2026/117", "--approval-doc", "D-1",
      "--destination", "court", "--person", "Li:110:W-1", "--person", "Wang:220:W-2"};
  auto r = CustosWithStdin("pw-inv-123456", file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  Row filed = Find("request_filed", "ok");
  EXPECT_EQ(filed.at("actor"), "inv");
  EXPECT_EQ(filed.at("cameras"), "gate");
  EXPECT_EQ(filed.at("purpose"), "case 117");
  EXPECT_EQ(filed.at("destination"), "court");
  EXPECT_EQ(filed.at("request"), "1");
  EXPECT_EQ(filed.at("client"), "cli uid=" + std::to_string(::getuid()));

  r = CustosWithStdin("wrong password", file);
  ASSERT_EQ(r.exit_code, 1) << r.out;
  Row failed = Find("login_failed", "refused", "--as inv");
  EXPECT_EQ(failed.at("actor"), "");

  r = CustosWithStdin("pw-inv-123456", {"request", "approve", "1", "--as", "inv"});
  ASSERT_EQ(r.exit_code, 1) << r.out;
  Row no_role = Find("request_approved", "refused", "does not hold the role approver");
  EXPECT_EQ(no_role.at("actor"), "inv");
  EXPECT_EQ(no_role.at("request"), "1");

  r = CustosWithStdin("pw-ap1-123456", {"request", "approve", "1", "--as", "ap1"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  Row approved = Find("request_approved", "ok", "first approval of two");
  EXPECT_EQ(approved.at("actor"), "ap1");
  EXPECT_EQ(approved.at("cameras"), "gate");
  r = CustosWithStdin("pw-ap1-123456", {"request", "approve", "1", "--as", "ap1"});
  ASSERT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Find("request_approved", "refused", "already").at("actor"), "ap1");

  r = CustosWithStdin("pw-ap2-123456", {"request", "reject", "1", "--as", "ap2", "--reason", "no case"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  Row rejected = Find("request_rejected", "ok", "rejected: no case");
  EXPECT_EQ(rejected.at("actor"), "ap2");
  EXPECT_EQ(rejected.at("request"), "1");
  ExpectIntact();
}

TEST_F(AuditedCliTest, PrivacyZoneChangesAreAudited) {
  Ok({"camera", "add", "--id", "gate", "--url", "rtsp://192.0.2.1/x"});
  Ok({"privacy", "zone", "add", "gate", "--points", "0,0 0.5,0 0.5,0.5", "--name", "window"});
  Row added = Find("privacy_zone_change", "ok", "zone 'window' added");
  ExpectCliActor(added);
  EXPECT_EQ(added.at("cameras"), "gate");
  Refused({"privacy", "zone", "add", "gate", "--points", "0,0 2,0"});
  EXPECT_EQ(Find("privacy_zone_change", "refused", "at least 3 corners").at("cameras"), "gate");
  Refused({"privacy", "zone", "remove", "gate", "--number", "5"});
  Find("privacy_zone_change", "refused", "between 1 and 1");
  Ok({"privacy", "zone", "remove", "gate", "--all"});
  Find("privacy_zone_change", "ok", "all 1 zone(s) removed");
  ExpectIntact();
}

TEST_F(AuditedCliTest, ProfileChangeAndItsRefusalAreAudited) {
  Ok({"profile", "set", "xinjiang-2014"});
  ExpectCliActor(Find("config_change", "ok", "-> xinjiang-2014"));
  Refused({"profile", "set", "atlantis"});
  Find("config_change", "refused", "-> atlantis");
  ExpectIntact();
}

// `profile set` is refused while `custos serve` holds the data folder, and the refusal is
// audited.
TEST_F(AuditedCliTest, ProfileSetWhileServeRunsIsRefusedAndAudited) {
  auto serve = Process::Spawn({CustosBinary(), "serve", "--data", data(), "--listen", "127.0.0.1:0"});
  ASSERT_NE(serve, nullptr);
  ASSERT_TRUE(serve->WaitForOutput("Listening on", std::chrono::seconds(20))) << serve->Output();
  Refused({"profile", "set", "xinjiang-2014"});
  ExpectCliActor(Find("config_change", "refused", "custos serve is running"));
  serve->Signal(SIGTERM);
  ASSERT_EQ(serve->Wait(), 0) << serve->Output();
  ExpectIntact();
}

// A command that cannot write its audit record changes nothing.
TEST_F(AuditedCliTest, NoAuditLogNoChange) {
  std::filesystem::create_directories(data() + "/audit.db");  // a folder where the file should be
  auto r = Custos({"camera", "add", "--id", "gate", "--url", "rtsp://192.0.2.1/x"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(Has(r.out, "nothing was changed")) << r.out;
  r = Custos({"user", "add", "alice", "--role", "duty_operator"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto list = Custos({"camera", "list"});
  EXPECT_TRUE(Has(list.out, "no cameras")) << list.out;
  auto users = Custos({"user", "list"});
  EXPECT_FALSE(Has(users.out, "alice")) << users.out;
}

}  // namespace
}  // namespace custos::testing
