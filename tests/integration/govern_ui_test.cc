// The Govern pages of the web UI end to end: a real `custos serve` under the profile
// national-draft-2016 (its system filing counts 30 days from acceptance), users made with
// `custos user add` (an auditor, a maintainer) and web/tests/govern_pages_test.mjs driving
// Debian's headless Chromium: the administrator registers a camera in the registry form, a
// camera in a private place is refused with the server's R103 message, a lifecycle moves
// (R206 refused first) to in use, which opens the system filing, overdue since the camera
// was accepted two months ago, and marked filed with its receipt; a record is added; the auditor's compliance page counts what
// GET /api/v1/compliance counts, under the installation's profile and national-2025; the
// auditor gets no registry and the maintainer no forms. Judged again here with the CLI.
// `make build` builds web/dist and web/node_modules.
#include "custos_fixture.h"
#include "web_script.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

const std::string kWebDir = CUSTOS_WEB_DIR;

using GovernUiTest = CustosTest;

TEST_F(GovernUiTest, RegistryFilingsAndComplianceInChromium) {
  ASSERT_EQ(WebUiMissing(kWebDir), "");
  CommandResult profile = Custos({"profile", "set", "national-draft-2016"});
  ASSERT_EQ(profile.exit_code, 0) << profile.out;
  StartServe();
  const int port = HttpPort();
  ASSERT_GT(port, 0) << ServeOutput();
  const std::string auditor = AddUser("auditor1", {"auditor"});
  const std::string maintainer = AddUser("maint1", {"maintainer"});
  // Registered in use by the browser: nothing answers there, so nothing is recorded.
  const std::string nowhere = "rtsp://127.0.0.1:" + std::to_string(FreePort()) + "/none";

  TempDir out;
  CommandResult r = RunWebScript(kWebDir, "govern_pages_test.mjs",
                                 {{"CUSTOS_URL", "http://127.0.0.1:" + std::to_string(port)},
                                  {"CUSTOS_ADMIN", "admin:" + AdminPassword()},
                                  {"CUSTOS_AUDITOR", auditor},
                                  {"CUSTOS_MAINTAINER", maintainer},
                                  {"CUSTOS_OTHER_PROFILE", "national-2025"},
                                  {"CUSTOS_TAG", "ui"},
                                  {"CUSTOS_CAMERA_URL", nowhere},
                                  {"CUSTOS_OUT_DIR", out.path()}},
                                 seconds(120));
  EXPECT_EQ(r.exit_code, 0) << r.out;

  // What the browser did, read back from the catalog by the CLI.
  CommandResult cameras = Custos({"camera", "list"});
  ASSERT_EQ(cameras.exit_code, 0) << cameras.out;
  EXPECT_NE(cameras.out.find("square-ui"), std::string::npos) << cameras.out;
  EXPECT_EQ(cameras.out.find("toilet-ui"), std::string::npos) << "a private place was registered: " << cameras.out;
  // The overdue filing was marked filed in the page: no longer overdue, filed with its receipt,
  // and audited (with a refusal for filing it twice).
  CommandResult overdue = Custos({"filing", "list", "--overdue"});
  EXPECT_EQ(overdue.exit_code, 0) << "the filing was marked filed: " << overdue.out;
  CommandResult all = Custos({"filing", "list"});
  EXPECT_NE(all.out.find("filed 2026-12-01 (RCPT-ui)"), std::string::npos) << all.out;
  CommandResult audit = Custos({"audit", "list", "--csv"});
  EXPECT_NE(audit.out.find("filing_done,ok"), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("filing_done,refused"), std::string::npos) << audit.out;
  CommandResult records = Custos({"record", "list"});
  ASSERT_EQ(records.exit_code, 0) << records.out;
  EXPECT_NE(records.out.find("camera square-ui inspected (ui)"), std::string::npos) << records.out;
}

}  // namespace
}  // namespace custos::testing
