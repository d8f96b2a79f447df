// The audit page end to end: a real `custos serve`, an auditor made with `custos user add`,
// and web/tests/audit_page_test.mjs driving Debian's headless Chromium through the page:
// the administrator is refused, the auditor filters entries, verifies the log, downloads
// the R401 register and the R702 report, and sees an entry edited with the sqlite3 shell
// named. Afterwards `custos audit verify` agrees. `make build` builds web/dist first.
#include "custos_fixture.h"
#include "web_script.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

const std::string kWebDir = CUSTOS_WEB_DIR;

using AuditUiTest = CustosTest;

TEST_F(AuditUiTest, AuditorFiltersVerifiesDownloadsAndSeesTampering) {
  ASSERT_EQ(WebUiMissing(kWebDir), "");
  StartServe();
  const int port = HttpPort();
  ASSERT_GT(port, 0) << ServeOutput();
  const std::string auditor = AddUser("aud", {"auditor"});
  TempDir out;
  CommandResult r = RunWebScript(kWebDir, "audit_page_test.mjs",
                                 {{"CUSTOS_URL", "http://127.0.0.1:" + std::to_string(port)},
                                  {"CUSTOS_ADMIN", "admin:" + AdminPassword()},
                                  {"CUSTOS_AUDITOR", auditor},
                                  {"CUSTOS_AUDIT_DB", data_.path() + "/audit.db"},
                                  {"CUSTOS_OUT_DIR", out.path()}},
                                 seconds(120));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  CommandResult verify = Custos({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.out;
  EXPECT_NE(verify.out.find("seq 2: edited"), std::string::npos) << verify.out;
}

}  // namespace
}  // namespace custos::testing
