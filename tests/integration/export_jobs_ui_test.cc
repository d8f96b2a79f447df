// Export jobs and the live "masked" badge in the web UI, end to end: a real `custos serve`
// (serving web/dist) recording the GStreamer camera, users made with `custos user add` (an
// investigator, a duty operator of the camera), the investigator's export request
// approved by two approvers through the API, and web/tests/export_jobs_test.mjs driving
// Debian's headless Chromium: the operator's live tile has no "masked" badge, then has it
// once the administrator sets a zone; the investigator runs an evidence package job (with
// and without a watermark) and a masked job from the playback page's export panel, sees
// the progress reach done, downloads the files (the script runs `custos verify` and
// ffmpeg on them), is refused a third job in the server's words and cancels one. The
// downloaded files are judged again here. `make build` builds web/dist and node_modules.
#include <filesystem>

#include "base/time.h"
#include "custos_fixture.h"
#include "web_script.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

const std::string kWebDir = CUSTOS_WEB_DIR;

using ExportJobsUiTest = CustosTest;

TEST_F(ExportJobsUiTest, PackageMaskedWatermarkCancelAndTheLiveMaskedBadgeInChromium) {
  ASSERT_EQ(WebUiMissing(kWebDir), "");
  auto cam = StartCamera({"--size", "640x360", "--gop", "25", "--fps", "25"});
  ASSERT_TRUE(cam);
  StartServe();
  CommandResult added =
      Custos({"camera", "add", "--id", "gate", "--name", "Gate", "--url", cam->Url(), "--accepted-on", "2026-01-01"});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  const int port = HttpPort();
  ASSERT_GT(port, 0) << ServeOutput();
  const std::string op = AddUser("duty1", {"duty_operator"}, {"gate"});
  const std::string inv = AddUser("inv1", {"investigator"});
  // Three finished 4-second recordings: a run long enough for a job the test can cancel.
  ASSERT_TRUE(WaitForFinished("gate", 3, seconds(40))) << ServeOutput();
  const std::vector<Recording> recs = FinishedRecordings("gate");
  const ApiSession inv_session = LoginAs(port, "inv1", inv.substr(inv.find(':') + 1));
  ASSERT_FALSE(inv_session.csrf.empty());
  // From the first recording to an hour ahead: the whole run the page shows is exportable.
  const WallTime90k to{recs.back().start_wall_90k.ticks_90k + SecondsTo90k(3600)};
  ASSERT_EQ(GrantExport(port, inv_session, "gate", recs.front().start_wall_90k, to), "");
  CommandResult key = Custos({"key", "show"});
  ASSERT_EQ(key.exit_code, 0) << key.out;
  const std::string public_key = key.out.substr(0, 64);

  TempDir out;
  CommandResult r = RunWebScript(kWebDir, "export_jobs_test.mjs",
                                 {{"CUSTOS_URL", "http://127.0.0.1:" + std::to_string(port)},
                                  {"CUSTOS_INVESTIGATOR", inv},
                                  {"CUSTOS_OPERATOR", op},
                                  {"CUSTOS_ADMIN", "admin:" + AdminPassword()},
                                  {"CUSTOS_CAMERA", "gate"},
                                  {"CUSTOS_BINARY", CustosBinary()},
                                  {"CUSTOS_PUBLIC_KEY", public_key},
                                  {"CUSTOS_GRANT_FROM", FormatIso8601(recs.front().start_wall_90k)},
                                  {"CUSTOS_GRANT_TO", FormatIso8601(to)},
                                  {"CUSTOS_OUT_DIR", out.path()}},
                                 seconds(240));
  EXPECT_EQ(r.exit_code, 0) << r.out;

  // What the browser downloaded, judged again: both packages verify with only the public
  // key; the masked MP4 decodes cleanly.
  for (const char* name : {"package.tar", "package-watermarked.tar"}) {
    const std::string tar = out.path() + "/" + name;
    ASSERT_TRUE(std::filesystem::exists(tar)) << name;
    CommandResult v = ::custos::testing::Run({CustosBinary(), "verify", tar, "--public-key", public_key});
    EXPECT_EQ(v.exit_code, 0) << name << ": " << v.out;
  }
  const std::string masked = out.path() + "/masked.mp4";
  ASSERT_TRUE(std::filesystem::exists(masked));
  EXPECT_EQ(FfmpegErrors(masked), "");
  // The start of each job is in the audit log, the watermark's id with whom it was made for.
  CommandResult audit = Custos({"audit", "list", "--actor", "inv1"});
  EXPECT_NE(audit.out.find("watermarked export id "), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("export_job_cancelled"), std::string::npos) << audit.out;
}

}  // namespace
}  // namespace custos::testing
