// Export jobs over HTTP (POST /api/v1/exports, src/jobs) against a running custos that
// records the GStreamer camera: an evidence package that `custos verify` accepts on a
// folder that never saw the recording, a masked MP4 that ffmpeg decodes cleanly, and the
// refusals (no grant, another user's job, bad input).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "custos_fixture.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

class ExportJobsHttpTest : public CustosTest {
 protected:
  void SetUp() override {
    CustosTest::SetUp();
    cam_ = StartCamera({"--size", "640x360", "--gop", "25", "--fps", "25"});
    ASSERT_TRUE(cam_);
    StartServe();
    ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam_->Url(), "--accepted-on", "2026-01-01"}).exit_code,
              0);
    ASSERT_TRUE(WaitForFinished("gate", 2, seconds(40))) << ServeOutput();
    port_ = HttpPort();
    inv_ = AddUserAndLogIn(port_, "investigator", "investigator");
    ASSERT_FALSE(inv_.csrf.empty());
    const auto recs = FinishedRecordings("gate");
    from_ = recs[0].start_wall_90k.ticks_90k + SecondsTo90k(1.0);
    to_ = recs[1].start_wall_90k.ticks_90k + SecondsTo90k(1.0);
    ASSERT_EQ(GrantExport(port_, inv_, "gate", WallTime90k{from_ - SecondsTo90k(60)}, WallTime90k{to_ + SecondsTo90k(60)}),
              "");
  }
  std::string Body(const std::string& kind) {
    return nlohmann::json{{"camera", "gate"},
                          {"from", FormatIso8601(WallTime90k{from_})},
                          {"to", FormatIso8601(WallTime90k{to_})},
                          {"kind", kind}}
        .dump();
  }
  HttpResponse Post(const ApiSession& s, const std::string& body) {
    return HttpRequest(port_, "POST", "/api/v1/exports", {{"Cookie", s.cookie}, {"X-Custos-CSRF", s.csrf}}, body);
  }
  HttpResponse Get(const ApiSession& s, const std::string& target) {
    return HttpRequest(port_, "GET", target, {{"Cookie", s.cookie}});
  }
  // Polls the job until it is no longer queued or running; its last JSON.
  nlohmann::json WaitForJob(const std::string& id) {
    nlohmann::json job;
    WaitUntil(
        [&] {
          HttpResponse r = Get(inv_, "/api/v1/exports/" + id);
          if (r.status != 200) return false;
          job = nlohmann::json::parse(r.body, nullptr, false);
          return job.is_object() && job["state"] != "queued" && job["state"] != "running";
        },
        std::chrono::milliseconds(120'000));
    return job;
  }

  std::unique_ptr<Camera> cam_;
  int port_ = 0;
  ApiSession inv_;
  int64_t from_ = 0, to_ = 0;
};

TEST_F(ExportJobsHttpTest, AnEvidencePackageJobVerifiesOnAnotherFolder) {
  HttpResponse started = Post(inv_, Body("evidence_package"));
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = nlohmann::json::parse(started.body)["id"];
  nlohmann::json job = WaitForJob(id);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["progress"], 1.0);
  EXPECT_EQ(job["purpose"], "integration test (case T-1)");  // purpose and case from the grant

  HttpResponse file = Get(inv_, "/api/v1/exports/" + id + "/download");
  ASSERT_EQ(file.status, 200) << file.body;
  const std::string tar = data_.path() + "/../package-" + id + ".tar";
  std::ofstream(tar, std::ios::binary) << file.body;
  auto key = Custos({"key", "show"});
  ASSERT_EQ(key.exit_code, 0) << key.out;
  // `custos verify` needs no data folder: only the package and the node's public key.
  CommandResult ok = ::custos::testing::Run({CustosBinary(), "verify", tar, "--public-key", key.out.substr(0, 64)});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;

  // The same file, changed by one byte in its middle, does not verify.
  std::string bad = file.body;
  bad[bad.size() / 2] ^= 0x01;
  const std::string tampered = tar + ".bad.tar";
  std::ofstream(tampered, std::ios::binary) << bad;
  EXPECT_NE(::custos::testing::Run({CustosBinary(), "verify", tampered, "--public-key", key.out.substr(0, 64)}).exit_code, 0);

  // Another investigator cannot see or download it; the download is audited.
  ApiSession other = AddUserAndLogIn(port_, "other", "investigator");
  EXPECT_EQ(Get(other, "/api/v1/exports/" + id).status, 403);
  EXPECT_EQ(Get(other, "/api/v1/exports/" + id + "/download").status, 403);
  auto audit = Custos({"audit", "list", "--camera", "gate"});
  EXPECT_NE(audit.out.find("export job " + id), std::string::npos) << audit.out;
}

TEST_F(ExportJobsHttpTest, AMaskedJobDecodesCleanlyAndBadRequestsSayWhy) {
  HttpResponse started = Post(inv_, Body("masked"));
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = nlohmann::json::parse(started.body)["id"];
  nlohmann::json job = WaitForJob(id);
  ASSERT_EQ(job["state"], "done") << job.dump();
  HttpResponse file = Get(inv_, "/api/v1/exports/" + id + "/download");
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("content-type"), "video/mp4");
  const std::string mp4 = data_.path() + "/../masked-" + id + ".mp4";
  std::ofstream(mp4, std::ios::binary) << file.body;
  EXPECT_EQ(FfmpegErrors(mp4), "");

  HttpResponse kind = Post(inv_, Body("everything"));
  EXPECT_EQ(kind.status, 400);
  EXPECT_NE(kind.body.find("evidence_package"), std::string::npos) << kind.body;
  // A range outside the grant is refused by the one Authorize().
  nlohmann::json outside = nlohmann::json::parse(Body("masked"));
  outside["to"] = FormatIso8601(WallTime90k{to_ + SecondsTo90k(3600)});
  EXPECT_EQ(Post(inv_, outside.dump()).status, 403);
  // An operator has no export grant at all.
  ApiSession op = AddUserAndLogIn(port_, "op", "duty_operator", {"gate"});
  EXPECT_EQ(Post(op, Body("masked")).status, 403);
}

}  // namespace
}  // namespace custos::testing
