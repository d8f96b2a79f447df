// The HTTP API end to end: a real `custos serve` recording the GStreamer camera, a client
// on raw sockets, ffmpeg judging the exported MP4.
#include <fstream>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "custos_fixture.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

std::string TimeRangeQuery(int64_t from_90k, int64_t to_90k) {
  return "from=" + FormatIso8601(WallTime90k{from_90k}) + "&to=" + FormatIso8601(WallTime90k{to_90k});
}

class ApiTest : public CustosTest {
 public:
  int port() const { return port_; }
  HttpResponse Get(const std::string& target, HttpHeaders headers = {}) {
    headers.emplace_back("Cookie", session_.cookie);
    return HttpRequest(port_, "GET", target, headers);
  }
  // As a duty operator assigned camera gate: live view is theirs, not the investigator's.
  HttpResponse GetLive(const std::string& target) {
    if (operator_.cookie.empty()) operator_ = AddUserAndLogIn(port_, "operator", "duty_operator", {"gate"});
    return HttpRequest(port_, "GET", target, {{"Cookie", operator_.cookie}});
  }
  // GET with curl into `path` (curl decodes chunked transfer); the response's headers.
  std::string CurlGet(const std::string& target, const std::string& path) {
    return ::custos::testing::Run({"curl", "-s", "-D", "-", "-o", path, "-H", "Cookie: " + session_.cookie,
                "http://127.0.0.1:" + std::to_string(port_) + target})
        .out;
  }

 protected:
  void StartAndLogIn(const std::vector<std::string>& camera_args = {}) {
    cam_ = StartCamera(camera_args);
    ASSERT_TRUE(cam_);
    StartServe();
    ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam_->Url(), "--accepted-on", "2026-01-01"}).exit_code, 0);
    port_ = HttpPort();
    ASSERT_GT(port_, 0) << ServeOutput();
    // Footage needs an investigator with an approved export request (docs/design/access.md).
    session_ = AddUserAndLogIn(port_, "investigator", "investigator");
    ASSERT_FALSE(session_.cookie.empty());
    ASSERT_FALSE(session_.csrf.empty());
    const int64_t now = RealClock::Get().Now().ticks_90k;
    const int64_t day = 86400 * kTicksPerSecond90k;
    const std::string granted = GrantExport(port_, session_, "gate", WallTime90k{now - day}, WallTime90k{now + day});
    ASSERT_EQ(granted, "");
  }

  std::unique_ptr<Camera> cam_;
  int port_ = 0;
  ApiSession session_;
  ApiSession operator_;
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
  EXPECT_NE(me.body.find("\"user\":\"investigator\""), std::string::npos);
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
  // The edit list starts playback at the frame showing at `from` (25 fps), not at the
  // key frame before it.
  const double asked_s = TicksToSeconds(to - from);
  const double got_s = FfprobeDurationSeconds(path);
  EXPECT_GE(got_s, asked_s - 0.01);
  EXPECT_LE(got_s, asked_s + 0.09) << "within about a frame of the range";
  EXPECT_NEAR(FfprobeStartSeconds(path), 0.0, 0.001);
  auto play_start = ParseIso8601(full.Header("x-custos-play-start"));
  auto key_start = ParseIso8601(full.Header("x-custos-start"));
  ASSERT_TRUE(play_start.has_value() && key_start.has_value()) << full.Header("x-custos-play-start");
  EXPECT_LE(play_start->ticks_90k, from + 90);  // ISO 8601 with milliseconds
  EXPECT_GT(play_start->ticks_90k, from - SecondsTo90k(0.05));
  EXPECT_LE(key_start->ticks_90k, play_start->ticks_90k);
  EXPECT_GT(key_start->ticks_90k, from - SecondsTo90k(1.05));
  EXPECT_NE(full.Header("x-custos-lead-in"), "");
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
  // A granted range without recordings is 404; a range outside the grant is 403.
  const int64_t hours_ago = RealClock::Get().Now().ticks_90k - 12 * 3600 * kTicksPerSecond90k;
  EXPECT_EQ(Get("/api/v1/cameras/gate/export.mp4?" + TimeRangeQuery(hours_ago, hours_ago + 60 * kTicksPerSecond90k))
                .status,
            404);
  HttpResponse outside = Get("/api/v1/cameras/gate/export.mp4?from=2001-01-01T00:00:00Z&to=2001-01-01T00:01:00Z");
  EXPECT_EQ(outside.status, 403);
  EXPECT_NE(outside.body.find("POST /api/v1/requests"), std::string::npos) << outside.body;
}

// width,height,codec_name of a picture file, as ffprobe reads it.
std::string ProbePicture(const std::string& path) {
  return Run({"ffprobe", "-v", "error", "-show_entries", "stream=width,height,codec_name", "-of", "csv=p=0", path}).out;
}

// Stills of a finished recording (read with its frame index), of the recording being
// written (read with a scan) and of the newest frame, judged by ffmpeg.
void CheckStills(ApiTest& t, const std::string& data_dir, const std::vector<Recording>& recs) {
  const int64_t at = recs[0].start_wall_90k.ticks_90k + SecondsTo90k(2.5);
  const std::string target = "/api/v1/cameras/gate/still.jpg?at=" + FormatIso8601(WallTime90k{at});
  HttpResponse still = t.Get(target);
  ASSERT_EQ(still.status, 200) << still.body;
  EXPECT_EQ(still.Header("content-type"), "image/jpeg");
  const std::string path = data_dir + "/still.jpg";
  std::ofstream(path, std::ios::binary) << still.body;
  EXPECT_EQ(FfmpegErrors(path), "");
  EXPECT_EQ(ProbePicture(path), "mjpeg,640,360\n");
  // The picture is the frame showing at `at` (25 fps).
  auto shown = ParseIso8601(still.Header("x-custos-time"));
  ASSERT_TRUE(shown.has_value()) << still.Header("x-custos-time");
  EXPECT_LE(shown->ticks_90k, at + 90);
  EXPECT_GT(shown->ticks_90k, at - SecondsTo90k(0.05));
  // Another instant, another picture (the camera's pattern moves).
  HttpResponse later = t.Get("/api/v1/cameras/gate/still.jpg?at=" + FormatIso8601(WallTime90k{at + SecondsTo90k(1.3)}));
  ASSERT_EQ(later.status, 200);
  EXPECT_NE(later.body, still.body);
  // Scaled down, for thumbnails.
  HttpResponse small = t.Get(target + "&width=160");
  ASSERT_EQ(small.status, 200) << small.body;
  std::ofstream(path, std::ios::binary) << small.body;
  EXPECT_EQ(ProbePicture(path), "mjpeg,160,90\n");
  // The newest frame: from the recording being written.
  for (const std::string& latest : {std::string("/api/v1/cameras/gate/live.jpg"),
                                    std::string("/api/v1/cameras/gate/still.jpg?at=now")}) {
    SCOPED_TRACE(latest);
    HttpResponse r = latest.ends_with("live.jpg") ? t.GetLive(latest) : t.Get(latest);
    ASSERT_EQ(r.status, 200) << r.body;
    std::ofstream(path, std::ios::binary) << r.body;
    EXPECT_EQ(FfmpegErrors(path), "");
    auto when = ParseIso8601(r.Header("x-custos-time"));
    ASSERT_TRUE(when.has_value());
    // The newest frame on disk: at most a fragment (1 s) old, or the end of the previous
    // recording when the newest one has no fragment yet (just after a rotation).
    EXPECT_GT(when->ticks_90k, RealClock().Now().ticks_90k - SecondsTo90k(3)) << r.Header("x-custos-time");
  }
  // Refusals.
  // Outside the investigator's grant: refused before any lookup.
  HttpResponse none = t.Get("/api/v1/cameras/gate/still.jpg?at=2001-01-01T00:00:00Z");
  EXPECT_EQ(none.status, 403);
  EXPECT_NE(none.body.find("POST /api/v1/requests"), std::string::npos) << none.body;
  EXPECT_EQ(t.Get(target + "&width=3").status, 400);
  EXPECT_EQ(t.Get("/api/v1/cameras/gate/still.jpg").status, 400);
  EXPECT_EQ(t.GetLive("/api/v1/cameras/nope/live.jpg").status, 403) << "not assigned";
  EXPECT_EQ(t.Get("/api/v1/cameras/gate/live.jpg").status, 403) << "an investigator has no live view";
  EXPECT_EQ(HttpRequest(t.port(), "GET", target).status, 401);
}

// codec=h264: an H.264 camera is served as is (the same bytes); an H.265 camera's export is
// transcoded to H.264 (chunked, no Range support) and lasts the asked range, within two
// frames, with as many frames as the original.
void CheckCodecParameter(ApiTest& t, const std::string& dir, const std::vector<Recording>& recs, bool h265) {
  const int64_t from = recs[0].start_wall_90k.ticks_90k + SecondsTo90k(0.5);  // mid-GOP: with an edit list
  const std::string target = "/api/v1/cameras/gate/export.mp4?" + TimeRangeQuery(from, from + SecondsTo90k(2));
  HttpResponse plain = t.Get(target);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(t.Get(target + "&codec=vp9").status, 400);
  // Without the upgrade headers: not an upgrade (400), whatever the codec.
  HttpResponse live = t.GetLive("/api/v1/cameras/gate/live?codec=h264");
  EXPECT_EQ(live.status, 400) << live.body;
  if (!h265) {
    HttpResponse asked = t.Get(target + "&codec=h264");
    ASSERT_EQ(asked.status, 200) << asked.body;
    EXPECT_TRUE(asked.body == plain.body);
    return;
  }
  const std::string path = dir + "/transcoded-export.mp4";
  const std::string headers = t.CurlGet(target + "&codec=h264", path);
  EXPECT_EQ(headers.rfind("HTTP/1.1 200", 0), 0u) << headers;
  EXPECT_NE(headers.find("Transfer-Encoding: chunked"), std::string::npos) << headers;
  EXPECT_NE(headers.find("Accept-Ranges: none"), std::string::npos) << headers;
  EXPECT_NE(headers.find("X-Custos-Codecs: avc1."), std::string::npos) << headers;
  EXPECT_NE(headers.find("X-Custos-Transcoded: 1"), std::string::npos) << headers;
  EXPECT_EQ(FfmpegErrors(path), "");
  EXPECT_EQ(ProbePicture(path), "h264,640,360\n");
  EXPECT_NEAR(FfprobeDurationSeconds(path), 2.0, 0.081);  // two frames at 25 fps
  const std::string original = dir + "/original-export.mp4";
  std::ofstream(original, std::ios::binary) << plain.body;
  EXPECT_EQ(FfprobeFrames(path), FfprobeFrames(original));
}

TEST_F(ApiTest, StillsOfH264) {
  StartAndLogIn();
  ASSERT_TRUE(WaitForFinished("gate", 1, seconds(40))) << ServeOutput();
  CheckStills(*this, data_.path(), FinishedRecordings("gate"));
  CheckCodecParameter(*this, data_.path(), FinishedRecordings("gate"), false);
  // The same picture from the command line.
  const auto recs = FinishedRecordings("gate");
  const std::string at = FormatIso8601(WallTime90k{recs[0].start_wall_90k.ticks_90k + SecondsTo90k(2.5)});
  const std::string jpg = data_.path() + "/cli-still.jpg";
  auto cli = Custos({"still", "--camera", "gate", "--at", at, "--width", "320", "-o", jpg});
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  EXPECT_EQ(FfmpegErrors(jpg), "");
  EXPECT_EQ(ProbePicture(jpg), "mjpeg,320,180\n");
  HttpResponse http = Get("/api/v1/cameras/gate/still.jpg?at=" + at + "&width=320");
  std::ifstream in(jpg, std::ios::binary);
  EXPECT_TRUE(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()) == http.body);
  EXPECT_EQ(Custos({"still", "--camera", "gate", "--at", "2001-01-01T00:00:00Z", "-o", jpg}).exit_code, 1);
}

TEST_F(ApiTest, StillsOfH265) {
  StartAndLogIn({"--codec", "h265"});
  ASSERT_TRUE(WaitForFinished("gate", 1, seconds(40))) << ServeOutput();
  CheckStills(*this, data_.path(), FinishedRecordings("gate"));
  CheckCodecParameter(*this, data_.path(), FinishedRecordings("gate"), true);
}

// export.mp4?codec=h264 decodes, so it fills the privacy zones like stills do, unless an
// investigator (view_unmasked) asks for unmasked=1. The plain export stays the original.
TEST_F(ApiTest, TranscodedExportOfAZonedCameraIsMaskedUnlessUnmasked) {
  StartAndLogIn({"--codec", "h265", "--pattern", "smpte"});
  ASSERT_TRUE(WaitForFinished("gate", 1, seconds(40))) << ServeOutput();
  const ApiSession admin = Login(port_);
  HttpResponse put = HttpRequest(port_, "PUT", "/api/v1/cameras/gate/privacy-zones",
                                 {{"Cookie", admin.cookie}, {"X-Custos-CSRF", admin.csrf}},
                                 R"({"zones": [{"points": [[0, 0], [0.25, 0], [0.25, 1], [0, 1]]}]})");
  ASSERT_EQ(put.status, 200) << put.body;
  const int64_t from = FinishedRecordings("gate")[0].start_wall_90k.ticks_90k;
  const std::string target =
      "/api/v1/cameras/gate/export.mp4?" + TimeRangeQuery(from, from + SecondsTo90k(1)) + "&codec=h264";
  for (const bool unmasked : {false, true}) {
    SCOPED_TRACE(unmasked ? "unmasked=1" : "default");
    const std::string path = data_.path() + (unmasked ? "/original.mp4" : "/masked.mp4");
    const std::string headers = CurlGet(target + (unmasked ? "&unmasked=1" : ""), path);
    EXPECT_NE(headers.find(unmasked ? "X-Custos-Masked: 0" : "X-Custos-Masked: 1"), std::string::npos) << headers;
    const std::vector<std::string> frames = GreyFrames(path, 640, 360);
    ASSERT_GE(frames.size(), 20u);
    for (const std::string& f : frames) {
      const Luma zone = ColumnsLuma(f, 640, 0, 150);
      EXPECT_EQ(zone.Masked(), !unmasked) << zone.ToString();
      EXPECT_FALSE(ColumnsLuma(f, 640, 200, 640).Masked());
    }
  }
}

TEST_F(ApiTest, PrivacyZonesRoundTripValidationAndCsrf) {
  StartAndLogIn();
  session_ = Login(port_);  // privacy zones: administrators
  const std::string target = "/api/v1/cameras/gate/privacy-zones";
  HttpResponse empty = Get(target);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(nlohmann::json::parse(empty.body)["zones"], nlohmann::json::array());

  const std::string body = R"({"zones": [{"name": "window", "points": [[0.1, 0.1], [0.4, 0.1], [0.4, 0.3]]}]})";
  const HttpHeaders auth{{"Cookie", session_.cookie}, {"X-Custos-CSRF", session_.csrf}};
  EXPECT_EQ(HttpRequest(port_, "PUT", target, {{"Cookie", session_.cookie}}, body).status, 403);  // no CSRF
  EXPECT_EQ(HttpRequest(port_, "PUT", target, {}, body).status, 401);
  HttpResponse put = HttpRequest(port_, "PUT", target, auth, body);
  ASSERT_EQ(put.status, 200) << put.body;
  HttpResponse got = Get(target);
  ASSERT_EQ(got.status, 200);
  const nlohmann::json zones = nlohmann::json::parse(got.body)["zones"];
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_EQ(zones[0]["name"], "window");
  EXPECT_EQ(zones[0]["points"][2][1], 0.3);

  HttpResponse crossing = HttpRequest(port_, "PUT", target, auth,
                                      R"({"zones": [{"points": [[0,0], [1,1], [1,0], [0,1]]}]})");
  EXPECT_EQ(crossing.status, 400);
  EXPECT_NE(crossing.body.find("crosses itself"), std::string::npos) << crossing.body;
  EXPECT_EQ(HttpRequest(port_, "PUT", target, auth, "not json").status, 400);
  EXPECT_EQ(HttpRequest(port_, "PUT", "/api/v1/cameras/nope/privacy-zones", auth, R"({"zones": []})").status, 404);
  EXPECT_EQ(Get(target).body, got.body);  // refused changes left the zones alone
  const std::string log = Custos({"audit", "list", "--csv", "--camera", "gate"}).out;
  EXPECT_NE(log.find(",admin,privacy_zone_change,ok,gate,"), std::string::npos) << log;
}

}  // namespace
}  // namespace custos::testing
