// The web UI end to end: a real `custos serve` (serving web/dist) recording the GStreamer
// camera, and web/tests/browser_test.mjs driving Debian's headless Chromium through
// playwright-core: login, a live tile that plays, the offline and codec-unsupported
// states, the timeline's run, a seek, a frame step, an export judged by ffmpeg. `make build` builds web/dist and web/node_modules.
#include <cstdlib>
#include <filesystem>

#include "custos_fixture.h"

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

class WebUiTest : public CustosTest {};

TEST_F(WebUiTest, LoginLiveTimelineSeekStepAndExportInChromium) {
  ASSERT_TRUE(std::filesystem::exists(kWebDir + "/dist/index.html")) << "run `make build` first";
  // A small picture keeps Chromium's software decoding cheap; a key frame every 2 s.
  auto cam = StartCamera({"--size", "640x360", "--gop", "50", "--fps", "25"});
  ASSERT_TRUE(cam);
  StartServe();
  ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--name", "Gate", "--url", cam->Url()}).exit_code, 0);
  // An H.265 camera (Debian's Chromium cannot decode it: the tile must say so) and one
  // that nothing answers (its tile must say offline).
  auto hevc = StartCamera({"--codec", "h265", "--size", "320x240", "--fps", "10"});
  ASSERT_TRUE(hevc);
  ASSERT_EQ(Custos({"camera", "add", "--id", "hevc", "--url", hevc->Url()}).exit_code, 0);
  const std::string nowhere = "rtsp://127.0.0.1:" + std::to_string(FreePort()) + "/none";
  ASSERT_EQ(Custos({"camera", "add", "--id", "dead", "--name", "Dead", "--url", nowhere}).exit_code, 0);
  const int port = HttpPort();
  ASSERT_GT(port, 0) << ServeOutput();
  // Three finished 4-second recordings: a run long enough to seek inside, far from its start.
  ASSERT_TRUE(WaitForFinished("gate", 3, seconds(40))) << ServeOutput();

  TempDir out;
  const std::string command = "cd '" + kWebDir + "' && CUSTOS_URL=http://127.0.0.1:" + std::to_string(port) +
                              " CUSTOS_PASSWORD='" + AdminPassword() + "' CUSTOS_CAMERA=gate CUSTOS_GOP_MS=2000" +
                              " CUSTOS_OFFLINE_CAMERA=dead CUSTOS_HEVC_CAMERA=hevc" +
                              " CUSTOS_OUT_DIR='" + out.path() + "' node tests/browser_test.mjs";
  CommandResult r = ::custos::testing::Run({"sh", "-c", command}, seconds(150));
  std::cout << r.out;
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
