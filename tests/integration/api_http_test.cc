// The HTTP API end to end: a real `custos serve` recording the GStreamer camera, a client
// on raw sockets, ffmpeg judging the exported MP4.
#include <fstream>

#include "custos_fixture.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

std::string TimeRangeQuery(int64_t from_90k, int64_t to_90k) {
  return "from=" + FormatIso8601(WallTime90k{from_90k}) + "&to=" + FormatIso8601(WallTime90k{to_90k});
}

class ApiTest : public CustosTest {
 protected:
  HttpResponse Get(const std::string& target, HttpHeaders headers = {}) {
    headers.emplace_back("Cookie", session_.cookie);
    return HttpRequest(port_, "GET", target, headers);
  }
  void StartAndLogIn(const std::vector<std::string>& camera_args = {}) {
    cam_ = StartCamera(camera_args);
    ASSERT_TRUE(cam_);
    StartServe();
    ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam_->Url(), "--accepted-on", "2026-01-01"}).exit_code, 0);
    port_ = HttpPort();
    ASSERT_GT(port_, 0) << ServeOutput();
    session_ = Login(port_);
    ASSERT_FALSE(session_.cookie.empty());
    ASSERT_FALSE(session_.csrf.empty());
  }

  std::unique_ptr<Camera> cam_;
  int port_ = 0;
  ApiSession session_;
};

TEST_F(ApiTest, LoginSessionAndCsrf) {
  StartAndLogIn();
  // Anonymous: only health.
  EXPECT_EQ(HttpRequest(port_, "GET", "/api/v1/health").status, 200);
  for (const char* target : {"/api/v1/cameras", "/api/v1/status", "/api/v1/me", "/api/v1/cameras/gate"}) {
    HttpResponse r = HttpRequest(port_, "GET", target);
    EXPECT_EQ(r.status, 401) << target;
    EXPECT_NE(r.body.find("\"code\":\"unauthenticated\""), std::string::npos) << r.body;
  }
  // A wrong password, a bad body.
  EXPECT_EQ(HttpRequest(port_, "POST", "/api/v1/login", {}, R"({"user":"admin","password":"nope"})").status, 401);
  EXPECT_EQ(HttpRequest(port_, "POST", "/api/v1/login", {}, R"({"user":"root","password":")" + AdminPassword() + "\"}")
                .status,
            401);
  EXPECT_EQ(HttpRequest(port_, "POST", "/api/v1/login", {}, "user=admin").status, 400);
  // The cookie's attributes.
  HttpResponse login =
      HttpRequest(port_, "POST", "/api/v1/login", {}, R"({"user":"admin","password":")" + AdminPassword() + "\"}");
  ASSERT_EQ(login.status, 200);
  const std::string cookie = login.Header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("custos_session=") + 15 + 64, cookie.find(';')) << "a 256-bit id in hex: " << cookie;
  // Logged in.
  HttpResponse me = Get("/api/v1/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"user\":\"admin\""), std::string::npos);
  HttpResponse status = Get("/api/v1/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_NE(status.body.find("\"configured\":1"), std::string::npos) << status.body;
  EXPECT_EQ(Get("/api/v1/cameras/nope").status, 404);
  EXPECT_EQ(HttpRequest(port_, "DELETE", "/api/v1/cameras/gate", {{"Cookie", session_.cookie}}).status, 405);
  // POST without the CSRF header, or with a wrong one: refused, and the session lives on.
  EXPECT_EQ(HttpRequest(port_, "POST", "/api/v1/logout", {{"Cookie", session_.cookie}}).status, 403);
  EXPECT_EQ(HttpRequest(port_, "POST", "/api/v1/logout", {{"Cookie", session_.cookie}, {"X-Custos-CSRF", "x"}}).status,
            403);
  EXPECT_EQ(HttpRequest(port_, "POST", "/api/v1/logout", {}).status, 401);
  EXPECT_EQ(Get("/api/v1/me").status, 200);
  // Logout with it ends the session.
  EXPECT_EQ(
      HttpRequest(port_, "POST", "/api/v1/logout", {{"Cookie", session_.cookie}, {"X-Custos-CSRF", session_.csrf}})
          .status,
      204);
  EXPECT_EQ(Get("/api/v1/me").status, 401);
  EXPECT_EQ(Get("/api/v1/cameras").status, 401);
}

TEST_F(ApiTest, TimelineAndExportWithRanges) {
  // Noise at 3 Mbit/s, so that the export is larger than one 1 MiB streaming chunk.
  StartAndLogIn({"--pattern", "snow", "--kbps", "3000"});
  ASSERT_TRUE(WaitForFinished("gate", 3, seconds(40))) << ServeOutput();
  auto recs = FinishedRecordings("gate");
  const int64_t first_start = recs[0].start_wall_90k.ticks_90k;

  // Cameras: listed with state, never with URLs.
  HttpResponse cams = Get("/api/v1/cameras");
  ASSERT_EQ(cams.status, 200);
  EXPECT_NE(cams.body.find("\"id\":\"gate\""), std::string::npos) << cams.body;
  EXPECT_EQ(cams.body.find("rtsp://"), std::string::npos);

  // Timeline: one run from the first recording on; no gap.
  const int64_t hour_90k = 3600 * kTicksPerSecond90k;
  HttpResponse tl = Get("/api/v1/cameras/gate/timeline?" + TimeRangeQuery(first_start - hour_90k, first_start + hour_90k));
  ASSERT_EQ(tl.status, 200) << tl.body;
  EXPECT_NE(tl.body.find("\"runs\":[{"), std::string::npos) << tl.body;
  EXPECT_EQ(tl.body.find("},{\"end\""), std::string::npos) << "one run expected: " << tl.body;
  EXPECT_NE(tl.body.find("\"start\":\"" + FormatIso8601(recs[0].start_wall_90k) + "\""), std::string::npos) << tl.body;
  HttpResponse list = Get("/api/v1/cameras/gate/recordings?" + TimeRangeQuery(first_start, first_start + hour_90k));
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("\"id\":" + std::to_string(recs[0].id)), std::string::npos) << list.body;

  // Bad input says what to write.
  HttpResponse bad = Get("/api/v1/cameras/gate/timeline?from=yesterday&to=today");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("ISO 8601"), std::string::npos) << bad.body;
  EXPECT_EQ(Get("/api/v1/cameras/gate/export.mp4").status, 400);

  // Export a range across a rotation, starting mid-GOP.
  const int64_t from = first_start + SecondsTo90k(1.5);
  const int64_t to = recs[1].start_wall_90k.ticks_90k + SecondsTo90k(2.2);
  const std::string target = "/api/v1/cameras/gate/export.mp4?" + TimeRangeQuery(from, to);
  HttpResponse full = Get(target);
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(full.Header("content-type"), "video/mp4");
  EXPECT_EQ(full.Header("accept-ranges"), "bytes");
  ASSERT_EQ(full.Header("content-length"), std::to_string(full.body.size()));
  ASSERT_GT(full.body.size(), (1u << 20) + 2000u) << "too small to cross a streaming chunk";
  const std::string path = data_.path() + "/http-export.mp4";
  std::ofstream(path, std::ios::binary) << full.body;
  EXPECT_EQ(FfmpegErrors(path), "");
  const double asked_s = TicksToSeconds(to - from);
  const double got_s = FfprobeDurationSeconds(path);
  EXPECT_GE(got_s, asked_s - 0.05);
  EXPECT_LE(got_s, asked_s + 1.05) << "within one GOP (1 s) of the range";
  // The same bytes as `custos export`.
  const std::string cli = data_.path() + "/cli-export.mp4";
  ASSERT_EQ(Custos({"export", "--camera", "gate", "--from", FormatIso8601(WallTime90k{from}), "--to",
                    FormatIso8601(WallTime90k{to}), "-o", cli})
                .exit_code,
            0);
  std::ifstream in(cli, std::ios::binary);
  const std::string cli_bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(cli_bytes == full.body) << "HTTP export differs from custos export";

  // HEAD: the same headers, no body.
  HttpResponse head = HttpRequest(port_, "HEAD", target, {{"Cookie", session_.cookie}});
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), std::to_string(full.body.size()));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("etag"), full.Header("etag"));

  // Ranges: each slice equals the full download's.
  const uint64_t n = full.body.size();
  struct Case {
    std::string header;
    uint64_t begin, end;
  };
  const uint64_t mid = n / 2;
  const std::vector<Case> cases = {
      {"bytes=0-99", 0, 100},
      {"bytes=" + std::to_string(mid) + "-", mid, n},
      {"bytes=-777", n - 777, n},
      {"bytes=1000-" + std::to_string(1000 + (1 << 20) + 16), 1000, 1000 + (1 << 20) + 17},  // over a chunk edge
      {"bytes=" + std::to_string(n - 1) + "-" + std::to_string(n + 5000), n - 1, n},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    const uint64_t end = std::min(c.end, n);
    HttpResponse part = Get(target, {{"Range", c.header}});
    ASSERT_EQ(part.status, 206) << part.body.substr(0, 200);
    EXPECT_EQ(part.Header("content-range"),
              "bytes " + std::to_string(c.begin) + "-" + std::to_string(end - 1) + "/" + std::to_string(n));
    EXPECT_EQ(part.Header("content-length"), std::to_string(end - c.begin));
    EXPECT_TRUE(part.body == full.body.substr(c.begin, end - c.begin));
  }
  HttpResponse beyond = Get(target, {{"Range", "bytes=" + std::to_string(n) + "-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.Header("content-range"), "bytes */" + std::to_string(n));
  EXPECT_EQ(Get(target, {{"Range", "bytes=0-1,5-6"}}).body.size(), n) << "several ranges: the whole file";

  // download=1 names the file; no cookie, no video.
  EXPECT_NE(HttpRequest(port_, "HEAD", target + "&download=1", {{"Cookie", session_.cookie}})
                .Header("content-disposition")
                .find("attachment; filename=\"gate_"),
            std::string::npos);
  EXPECT_EQ(HttpRequest(port_, "GET", target).status, 401);
  EXPECT_EQ(HttpRequest(port_, "GET", target, {{"Cookie", "custos_session=" + std::string(64, 'a')}}).status, 401);
  // A range without recordings is 404.
  EXPECT_EQ(Get("/api/v1/cameras/gate/export.mp4?from=2001-01-01T00:00:00Z&to=2001-01-01T00:01:00Z").status, 404);
}

}  // namespace
}  // namespace custos::testing
