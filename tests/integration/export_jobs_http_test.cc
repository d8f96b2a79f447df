// Export jobs over HTTP (POST /api/v1/exports, src/jobs) against a running custos that
// records the GStreamer camera: an evidence package that `custos verify` accepts on a
// folder that never saw the recording, a masked MP4 that ffmpeg decodes cleanly, a
// watermarked package (still verified; the band differs from the plain package's), and the
// refusals (no grant, another user's job, bad input).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "custos_fixture.h"
#include "privacy/watermark.h"

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
  std::string Body(const std::string& kind, bool watermark = false) {
    nlohmann::json body = {{"camera", "gate"},
                           {"from", FormatIso8601(WallTime90k{from_})},
                           {"to", FormatIso8601(WallTime90k{to_})},
                           {"kind", kind}};
    if (watermark) body["watermark"] = true;
    return body.dump();
  }
  // Starts a job, waits for it to be done and downloads it to `path`; its last JSON.
  nlohmann::json RunJob(const std::string& body, const std::string& path) {
    HttpResponse started = Post(inv_, body);
    EXPECT_EQ(started.status, 202) << started.body;
    if (started.status != 202) return {};
    const std::string id = nlohmann::json::parse(started.body)["id"];
    nlohmann::json job = WaitForJob(id);
    EXPECT_EQ(job["state"], "done") << job.dump();
    HttpResponse file = Get(inv_, "/api/v1/exports/" + id + "/download");
    EXPECT_EQ(file.status, 200) << file.body;
    std::ofstream(path, std::ios::binary) << file.body;
    return job;
  }
  CommandResult Verify(const std::string& tar) {
    auto key = Custos({"key", "show"});
    EXPECT_EQ(key.exit_code, 0) << key.out;
    return ::custos::testing::Run({CustosBinary(), "verify", tar, "--public-key", key.out.substr(0, 64)});
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

// Every picture of `path` as 640x360 grey frames, one per coded frame (passthrough: ffmpeg
// would otherwise duplicate frames to a constant rate it guesses from the timestamps).
std::vector<std::string> CodedGreyFrames(const std::string& path) {
  CommandResult r = ::custos::testing::Run(
      {"ffmpeg", "-v", "error", "-i", path, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"});
  const size_t size = 640 * 360;
  std::vector<std::string> frames;
  if (r.exit_code != 0 || r.out.size() % size != 0) return frames;
  for (size_t at = 0; at < r.out.size(); at += size) frames.push_back(r.out.substr(at, size));
  return frames;
}

// Luma PSNR of frame `a` against `b` (both `width` wide), inside or outside `box`.
double Psnr(const std::string& a, const std::string& b, int width, const privacy::PixelBox& box, bool inside) {
  double sse = 0;
  int64_t n = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const int x = static_cast<int>(i % width), y = static_cast<int>(i / width);
    const bool in = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
    if (in != inside) continue;
    const double d = static_cast<uint8_t>(a[i]) - static_cast<uint8_t>(b[i]);
    sse += d * d;
    ++n;
  }
  return sse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 * static_cast<double>(n) / sse);
}

// "watermark": true over HTTP: the package is re-encoded with the export id and requester
// burnt in, still verifies with only the public key, its manifest says so, and its decoded
// pictures differ from the unwatermarked package's in the watermark's band only.
TEST_F(ExportJobsHttpTest, AWatermarkedPackageJobVerifiesAndCarriesTheBand) {
  const std::string dir = data_.path() + "/..";
  const std::string plain_tar = dir + "/plain.tar", marked_tar = dir + "/marked.tar";
  nlohmann::json plain = RunJob(Body("evidence_package"), plain_tar);
  EXPECT_EQ(plain["watermark"], false);
  nlohmann::json marked = RunJob(Body("evidence_package", /*watermark=*/true), marked_tar);
  ASSERT_EQ(marked["state"], "done") << marked.dump();
  EXPECT_EQ(marked["watermark"], true);
  const std::string export_id = marked["export_id"];
  ASSERT_EQ(export_id.size(), 16u) << marked.dump();

  CommandResult ok = Verify(marked_tar);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("export id " + export_id), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("re-encoded"), std::string::npos) << ok.out;
  for (const auto& [tar, out] : {std::pair{plain_tar, dir + "/plain"}, std::pair{marked_tar, dir + "/marked"}}) {
    std::filesystem::create_directories(out);
    ASSERT_EQ(::custos::testing::Run({"tar", "-xf", tar, "-C", out}).exit_code, 0) << tar;
  }
  std::ifstream in(dir + "/marked/manifest.json");
  const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(manifest.is_object());
  const nlohmann::json& re = manifest["reencoding"];
  EXPECT_EQ(re["watermark"], true) << manifest.dump();
  EXPECT_EQ(re["export_id"], export_id) << manifest.dump();
  EXPECT_EQ(re["watermark_text"][0], "CUSTOS EXPORT " + export_id) << manifest.dump();
  EXPECT_EQ(re["watermark_text"][1], "FOR investigator") << manifest.dump();
  EXPECT_EQ(FfmpegErrors(dir + "/marked/video/gate.mp4"), "");
  // The audit entry of the start names the id and whom it was made for.
  auto audit = Custos({"audit", "list", "--camera", "gate"});
  EXPECT_NE(audit.out.find("watermarked export id " + export_id + " for investigator"), std::string::npos) << audit.out;

  const std::vector<std::string> a = CodedGreyFrames(dir + "/plain/video/gate.mp4");
  const std::vector<std::string> b = CodedGreyFrames(dir + "/marked/video/gate.mp4");
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  std::printf("frames: %zu unwatermarked, %zu watermarked\n", a.size(), b.size());
  const privacy::WatermarkLayout l = privacy::LayoutWatermark(re["watermark_text"].get<std::vector<std::string>>(), 640, 360);
  // Frames compared from the end (both end at the range's last frame).
  for (size_t back : {size_t{1}, std::min(a.size(), b.size()) / 2}) {
    const std::string& fa = a[a.size() - back];
    const std::string& fb = b[b.size() - back];
    const double band = Psnr(fa, fb, 640, l.band, true), rest = Psnr(fa, fb, 640, l.band, false);
    std::printf("frame -%zu: PSNR band %.1f dB, rest %.1f dB\n", back, band, rest);
    EXPECT_LT(band, 15) << "the band differs strongly, frame -" << back;
    EXPECT_GT(rest, 28) << "the rest of the picture is only re-encoded, frame -" << back;
  }
}

}  // namespace
}  // namespace custos::testing
