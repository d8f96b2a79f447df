// The disk-full stop end to end (R403, R501; docs/design/retention.md): a real `custos
// serve` on a small tmpfs recording a real camera that sends noise at about 1 MB/s, with
// its free-space thresholds lowered to fit. As the disk fills the alarm is raised, nothing
// is deleted (all footage is younger than the minimum retention), recording stops at the
// critical level and /status says so; when space is freed recording resumes; every
// recording's file is still there and `custos fsck --verify` finds the chain intact.
// Needs root to mount the tmpfs (CI runs as root); skipped with the reason otherwise.
#include <sys/mount.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "custos_fixture.h"

namespace custos::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class DiskFullTest : public CustosTest {
 protected:
  void SetUp() override {
    CommandResult m = ::custos::testing::Run({"mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", data_.path()});
    if (m.exit_code != 0) GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << m.out;
    mounted_ = true;
  }
  void TearDown() override {
    CustosTest::TearDown();
    if (mounted_) EXPECT_EQ(umount(data_.path().c_str()), 0) << "umount " << data_.path();
  }
  // Fills `mib` MiB of the tmpfs outside Custos's files.
  void WriteFiller(int mib) {
    std::ofstream f(Filler(), std::ios::binary);
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < mib; ++i) f << block;
    ASSERT_TRUE(f.flush());
  }
  std::string Filler() const { return data_.path() + "/filler.bin"; }
  nlohmann::json Disk(const ApiSession& admin) {
    HttpResponse r = HttpRequest(HttpPort(), "GET", "/api/v1/status", {{"Cookie", admin.cookie}});
    EXPECT_EQ(r.status, 200) << r.body;
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_object() ? j["disk"] : nlohmann::json();
  }
  bool AllFilesPresent() {
    for (const Recording& r : Recordings("gate")) {
      if (!std::filesystem::exists(PathOf(r))) {
        ADD_FAILURE() << "recording " << r.id << " lost its file " << r.file_path;
        return false;
      }
    }
    return true;
  }

  bool mounted_ = false;
};

TEST_F(DiskFullTest, RecordingStopsAtCriticalNothingProtectedIsDeletedAndItResumes) {
  auto cam = StartCamera({"--size", "640x360", "--fps", "25", "--gop", "25", "--pattern", "snow", "--kbps", "8000"});
  ASSERT_TRUE(cam);
  WriteFiller(12);
  StartServe({"--disk-low-mib", "30", "--disk-critical-mib", "20", "--disk-check-seconds", "1"});
  ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam->Url(), "--accepted-on", "2026-01-01"}).exit_code, 0);
  const ApiSession admin = Login(HttpPort());
  ASSERT_FALSE(admin.cookie.empty());

  // Low, then critical: the alarm, and recording stops.
  ASSERT_TRUE(serve_->WaitForOutput("ALARM disk low", seconds(90))) << ServeOutput();
  ASSERT_TRUE(serve_->WaitForOutput("recording stops until space is freed", seconds(90))) << ServeOutput();
  nlohmann::json disk = Disk(admin);
  EXPECT_EQ(disk["pressure"], "critical") << disk.dump();
  EXPECT_EQ(disk["recording_stopped"], true) << disk.dump();
  EXPECT_LT(disk["free_bytes"].get<int64_t>(), int64_t{20} << 20) << disk.dump();

  // Stopped: once the open recording is closed, no new one starts.
  ASSERT_TRUE(WaitUntil([&] {
    for (const Recording& r : Recordings("gate")) {
      if (!r.end_wall_90k) return false;
    }
    return true;
  }, milliseconds(10'000)));
  const size_t stopped_at = Recordings("gate").size();
  ASSERT_GT(stopped_at, 0u);
  std::this_thread::sleep_for(seconds(6));  // longer than a recording (4 s) and a disk check (1 s)
  EXPECT_EQ(Recordings("gate").size(), stopped_at) << "recording went on below the critical level";
  EXPECT_TRUE(AllFilesPresent()) << "protected footage must never be deleted to make room";

  // Export packages, the least important write, are refused with the reason.
  const Recording first = Recordings("gate").front();
  ApiSession inv = AddUserAndLogIn(HttpPort(), "inv", "investigator");
  ASSERT_EQ(GrantExport(HttpPort(), inv, "gate", first.start_wall_90k, *first.end_wall_90k), "");
  const std::string job = nlohmann::json{{"camera", "gate"},
                                         {"from", FormatIso8601(first.start_wall_90k)},
                                         {"to", FormatIso8601(*first.end_wall_90k)},
                                         {"kind", "evidence_package"}}
                              .dump();
  HttpResponse refused = HttpRequest(HttpPort(), "POST", "/api/v1/exports",
                                     {{"Cookie", inv.cookie}, {"X-Custos-CSRF", inv.csrf}}, job);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find("export jobs are refused until space is freed"), std::string::npos) << refused.body;

  // Space freed outside Custos: the alarm clears and recording resumes.
  std::filesystem::remove(Filler());
  ASSERT_TRUE(serve_->WaitForOutput("recording resumes", seconds(30))) << ServeOutput();
  ASSERT_TRUE(WaitUntil([&] { return Recordings("gate").size() > stopped_at; }, milliseconds(20'000)))
      << "no new recording after space was freed";

  StopServe();
  EXPECT_TRUE(AllFilesPresent());
  CommandResult audit = Custos({"audit", "list", "--csv"});
  ASSERT_EQ(audit.exit_code, 0) << audit.out;
  EXPECT_NE(audit.out.find("disk_alarm,error"), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("recording stopped until space is freed"), std::string::npos) << audit.out;
  EXPECT_NE(audit.out.find("export_job_refused,refused"), std::string::npos) << audit.out;
  EXPECT_EQ(audit.out.find(",retention_delete,"), std::string::npos) << "nothing may be deleted: " << audit.out;
  CommandResult fsck = Custos({"fsck", "--verify"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out;
}

}  // namespace
}  // namespace custos::testing
