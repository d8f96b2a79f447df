// The privacy zones page end to end: a real `custos serve` recording the GStreamer camera,
// users made with `custos user add` (a duty operator, an administrator, and an
// administrator who also holds the duty operator's role for the camera, so that they see
// its picture), and web/tests/privacy_zones_test.mjs driving Debian's headless Chromium:
// the duty operator has no page and gets 403 from the API; the administrator draws zones
// with clicks and keys, moves a corner, deletes and undoes, sees the server refuse a
// crossing polygon, saves, reloads and finds the zone again, and the API returns the
// polygon drawn. Judged again here with `custos privacy zone list`.
// `make build` builds web/dist and web/node_modules.
#include <algorithm>

#include "custos_fixture.h"
#include "web_script.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

const std::string kWebDir = CUSTOS_WEB_DIR;

using PrivacyZonesUiTest = CustosTest;

TEST_F(PrivacyZonesUiTest, AdministratorDrawsSavesAndReloadsZonesOthersAreRefused) {
  ASSERT_EQ(WebUiMissing(kWebDir), "");
  auto cam = StartCamera({"--size", "640x360", "--gop", "25", "--fps", "25"});
  ASSERT_TRUE(cam);
  StartServe();
  CommandResult added = Custos({"camera", "add", "--id", "gate", "--name", "Gate", "--url", cam->Url(), "--accepted-on", "2026-01-01"});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  const int port = HttpPort();
  ASSERT_GT(port, 0) << ServeOutput();
  const std::string op = AddUser("duty1", {"duty_operator"}, {"gate"});
  const std::string viewer = AddUser("admin_duty", {"administrator", "duty_operator"}, {"gate"});

  TempDir out;
  CommandResult r = RunWebScript(kWebDir, "privacy_zones_test.mjs",
                                 {{"CUSTOS_URL", "http://127.0.0.1:" + std::to_string(port)},
                                  {"CUSTOS_ADMIN", "admin:" + AdminPassword()},
                                  {"CUSTOS_OPERATOR", op},
                                  {"CUSTOS_VIEWER_ADMIN", viewer},
                                  {"CUSTOS_CAMERA", "gate"},
                                  {"CUSTOS_FRAME", "640x360"},
                                  {"CUSTOS_OUT_DIR", out.path()}},
                                 seconds(120));
  EXPECT_EQ(r.exit_code, 0) << r.out;

  // What the browser saved, read back from the catalog by the CLI: one named 4-corner zone.
  CommandResult list = Custos({"privacy", "zone", "list", "gate"});
  ASSERT_EQ(list.exit_code, 0) << list.out;
  EXPECT_NE(list.out.find("1  Neighbour's window:"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("\n2  "), std::string::npos) << "only one zone was saved: " << list.out;
  const std::string line = list.out.substr(0, list.out.find('\n'));
  EXPECT_EQ(std::count(line.begin(), line.end(), ','), 4) << "four corners: " << line;
}

}  // namespace
}  // namespace custos::testing
