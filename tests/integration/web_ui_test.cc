// The web UI end to end under the access model: a real `custos serve` (serving web/dist)
// recording the GStreamer camera, users made with `custos user add` (a duty operator
// assigned to the cameras, an investigator who is also an approver, two approvers), and
// web/tests/browser_test.mjs driving Debian's headless Chromium through playwright-core:
// login, a live tile that plays for the duty operator, the offline and codec-unsupported
// states; the investigator files an export request in the UI, self-approval is refused,
// approver A approves (still refused: a second approver is needed), approver B approves;
// then the timeline's run, a seek, a frame step, an export judged by ffmpeg; the
// administrator adds and disables a user on the Users page and gets no live video.
// `make build` builds web/dist and web/node_modules.
#include <cstdlib>
#include <filesystem>

#include "base/time.h"
#include "custos_fixture.h"
#include "web_script.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

const std::string kWebDir = CUSTOS_WEB_DIR;

TEST(WebUiPrerequisites, TheUiIsBuiltAndThePlaywrightClientInstalled) {
  EXPECT_TRUE(std::filesystem::exists(kWebDir + "/dist/index.html"))
      << "the web UI is not built: run `make build` (or `cd web && npm ci && npm run build`)";
  EXPECT_TRUE(std::filesystem::exists(kWebDir + "/node_modules/playwright-core"))
      << "playwright-core is missing: run `cd web && npm ci`";
  EXPECT_TRUE(std::filesystem::exists("/usr/bin/chromium")) << "install Debian's chromium (scripts/install-deps.sh)";
}

class WebUiTest : public CustosTest {
 protected:
  // Every camera of this test is added here, so that options the CLI grows (an accepted-on
  // date for the registry, say) go in one place.
  int AddCamera(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"camera", "add"};
    all.insert(all.end(), args.begin(), args.end());
    all.insert(all.end(), {"--accepted-on", "2026-01-01"});  // in use after acceptance (R206)
    CommandResult r = Custos(all);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    return r.exit_code;
  }
};

TEST_F(WebUiTest, LiveForTheOperatorRequestTwoApprovalsThenPlaybackAndExportInChromium) {
  ASSERT_EQ(WebUiMissing(kWebDir), "");
  // A small picture keeps Chromium's software decoding cheap; a key frame every 2 s.
  auto cam = StartCamera({"--size", "640x360", "--gop", "50", "--fps", "25"});
  ASSERT_TRUE(cam);
  StartServe();
  ASSERT_EQ(AddCamera({"--id", "gate", "--name", "Gate", "--url", cam->Url()}), 0);
  // An H.265 camera (Debian's Chromium cannot decode it: the tile must say so) and one
  // that nothing answers (its tile must say offline).
  auto hevc = StartCamera({"--codec", "h265", "--size", "320x240", "--fps", "10"});
  ASSERT_TRUE(hevc);
  ASSERT_EQ(AddCamera({"--id", "hevc", "--url", hevc->Url()}), 0);
  const std::string nowhere = "rtsp://127.0.0.1:" + std::to_string(FreePort()) + "/none";
  ASSERT_EQ(AddCamera({"--id", "dead", "--name", "Dead", "--url", nowhere}), 0);
  const int port = HttpPort();
  ASSERT_GT(port, 0) << ServeOutput();
  const std::string op = AddUser("duty1", {"duty_operator"}, {"gate", "hevc", "dead"});
  const std::string inv = AddUser("inv1", {"investigator", "approver"});
  const std::string approver_a = AddUser("approver_a", {"approver"});
  const std::string approver_b = AddUser("approver_b", {"approver"});
  // Three finished 4-second recordings: a run long enough to seek inside, far from its start.
  ASSERT_TRUE(WaitForFinished("gate", 3, seconds(40))) << ServeOutput();
  const std::vector<Recording> recs = FinishedRecordings("gate");
  ASSERT_FALSE(recs.empty());

  TempDir out;
  CommandResult r = RunWebScript(kWebDir, "browser_test.mjs",
                                 {{"CUSTOS_URL", "http://127.0.0.1:" + std::to_string(port)},
                                  {"CUSTOS_OPERATOR", op},
                                  {"CUSTOS_INVESTIGATOR", inv},
                                  {"CUSTOS_APPROVER_A", approver_a},
                                  {"CUSTOS_APPROVER_B", approver_b},
                                  {"CUSTOS_ADMIN", "admin:" + AdminPassword()},
                                  {"CUSTOS_RECORDED_FROM", FormatIso8601(recs.front().start_wall_90k)},
                                  {"CUSTOS_CAMERA", "gate"},
                                  {"CUSTOS_GOP_MS", "2000"},
                                  {"CUSTOS_OFFLINE_CAMERA", "dead"},
                                  {"CUSTOS_HEVC_CAMERA", "hevc"},
                                  {"CUSTOS_OUT_DIR", out.path()}},
                                 seconds(150));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // The export the browser downloaded, judged again here: clean, and one range long.
  const std::string file = out.path() + "/export.mp4";
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(FfmpegErrors(file), "");
  const double duration_s = FfprobeDurationSeconds(file);
  EXPECT_GT(duration_s, 2.0);
  EXPECT_LT(duration_s, 4.0 + 2.0 + 0.5) << "the selected 4 s, plus at most one GOP before its start";
}

}  // namespace
}  // namespace custos::testing
