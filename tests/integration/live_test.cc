// Live view end to end: a real `custos serve` recording the GStreamer camera, a Beast
// WebSocket client logged in with the session cookie, ffmpeg judging what it received.
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cmath>
#include <fstream>

#include "custos_fixture.h"

namespace custos::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr const char* kLiveTarget = "/api/v1/cameras/gate/live";

struct Message {
  bool text = false;
  std::string data;
};

// A synchronous WebSocket client with a receive timeout (SO_RCVTIMEO), so that a silent
// server fails the test instead of hanging it.
class LiveClient {
 public:
  beast::error_code Connect(int port, const std::string& cookie, const std::string& target = kLiveTarget) {
    beast::error_code ec;
    auto& sock = beast::get_lowest_layer(ws_).socket();
    sock.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)), ec);
    if (ec) return ec;
    timeval tv{5, 0};
    setsockopt(sock.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ws_.set_option(websocket::stream_base::decorator(
        [cookie](websocket::request_type& req) { req.set(beast::http::field::cookie, cookie); }));
    ws_.handshake("127.0.0.1:" + std::to_string(port), target, ec);
    return ec;
  }
  std::optional<Message> Read() {
    beast::flat_buffer buf;
    beast::error_code ec;
    ws_.read(buf, ec);
    if (ec) return std::nullopt;
    return Message{ws_.got_text(), beast::buffers_to_string(buf.data())};
  }
  void Close() {
    beast::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
  }

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_{ioc_};
};

uint32_t Be32(const std::string& s, size_t pos) {
  return (uint32_t{static_cast<uint8_t>(s[pos])} << 24) | (uint32_t{static_cast<uint8_t>(s[pos + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[pos + 2])} << 8) | static_cast<uint8_t>(s[pos + 3]);
}

// The top-level box types of one message, and whether its mdat holds an IDR slice.
std::vector<std::string> BoxTypes(const std::string& m, bool* has_idr = nullptr) {
  std::vector<std::string> types;
  size_t pos = 0;
  while (pos + 8 <= m.size()) {
    const uint32_t size = Be32(m, pos);
    const std::string type = m.substr(pos + 4, 4);
    types.push_back(type);
    if (size < 8 || pos + size > m.size()) return {"bad"};
    if (type == "mdat" && has_idr) {
      for (size_t n = pos + 8; n + 5 <= pos + size;) {
        const uint32_t len = Be32(m, n);
        if ((static_cast<uint8_t>(m[n + 4]) & 0x1f) == 5) *has_idr = true;
        n += 4 + len;
      }
    }
    pos += size;
  }
  return types;
}

class LiveTest : public CustosTest {
 protected:
  void StartAndLogIn(const std::vector<std::string>& camera_args = {}) {
    cam_ = StartCamera(camera_args);
    ASSERT_TRUE(cam_);
    StartServe();
    ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam_->Url(), "--accepted-on", "2026-01-01"}).exit_code, 0);
    port_ = HttpPort();
    ASSERT_GT(port_, 0) << ServeOutput();
    // Live view is for a duty operator assigned the camera (docs/design/access.md).
    session_ = AddUserAndLogIn(port_, "operator", "duty_operator", {"gate"});
    ASSERT_FALSE(session_.cookie.empty());
  }
  // Connects once the recorder runs the camera (404 until the camera list is polled).
  std::unique_ptr<LiveClient> ConnectLive(const std::string& target = kLiveTarget, std::string cookie = "") {
    if (cookie.empty()) cookie = session_.cookie;
    std::unique_ptr<LiveClient> client;
    WaitUntil(
        [&] {
          auto c = std::make_unique<LiveClient>();
          if (c->Connect(port_, cookie, target)) return false;
          client = std::move(c);
          return true;
        },
        std::chrono::seconds(15));
    return client;
  }

  // The number of running live transcoders, from GET /api/v1/status; -1 on failure.
  int Transcoders() {
    HttpResponse r = HttpRequest(port_, "GET", "/api/v1/status", {{"Cookie", session_.cookie}});
    const std::string key = "\"transcoders\":";
    const size_t at = r.body.find(key);
    if (r.status != 200 || at == std::string::npos) return -1;
    return std::atoi(r.body.c_str() + at + key.size());
  }

  std::unique_ptr<Camera> cam_;
  int port_ = 0;
  ApiSession session_;
};

TEST_F(LiveTest, StreamsDecodableFragmentedMp4ToTwoViewers) {
  StartAndLogIn();
  auto a = ConnectLive();
  ASSERT_TRUE(a) << ServeOutput();

  const auto deadline = Clock::now() + seconds(10);
  auto header = a->Read();
  ASSERT_TRUE(header);
  ASSERT_TRUE(header->text);
  EXPECT_NE(header->data.find("\"codec\":\"avc1."), std::string::npos) << header->data;
  EXPECT_NE(header->data.find("\"width\":640"), std::string::npos) << header->data;
  EXPECT_NE(header->data.find("\"height\":360"), std::string::npos) << header->data;
  auto init = a->Read();
  ASSERT_TRUE(init);
  ASSERT_FALSE(init->text);
  EXPECT_EQ(BoxTypes(init->data), (std::vector<std::string>{"ftyp", "moov"}));

  // A second viewer joins while the first watches: it starts at once from the GOP.
  auto b = ConnectLive();
  ASSERT_TRUE(b);
  std::string file = init->data;
  int fragments = 0;
  while (fragments < 50 && Clock::now() < deadline) {
    auto m = a->Read();
    ASSERT_TRUE(m) << "no message after " << fragments << " fragments";
    ASSERT_FALSE(m->text) << m->data;
    bool idr = false;
    EXPECT_EQ(BoxTypes(m->data, &idr), (std::vector<std::string>{"prft", "moof", "mdat"}));
    if (fragments == 0) {
      EXPECT_TRUE(idr) << "the first fragment must start with a key frame";
    }
    file += m->data;
    ++fragments;
  }
  EXPECT_GE(fragments, 50) << "in 10 s";

  int b_fragments = 0;
  auto bh = b->Read();
  ASSERT_TRUE(bh && bh->text);
  auto bi = b->Read();
  ASSERT_TRUE(bi && !bi->text);
  while (b_fragments < 25) {
    auto m = b->Read();
    ASSERT_TRUE(m) << "viewer b stopped after " << b_fragments;
    bool idr = false;
    BoxTypes(m->data, &idr);
    if (b_fragments == 0) {
      EXPECT_TRUE(idr);
    }
    ++b_fragments;
  }
  a->Close();
  b->Close();

  const std::string path = data_.path() + "/live.mp4";
  std::ofstream(path, std::ios::binary) << file;
  EXPECT_EQ(FfmpegErrors(path), "");
  EXPECT_EQ(FfprobeFrames(path), fragments);
}

// H.265 is served as is by default; the header tells the client so.
TEST_F(LiveTest, H265IsServedWithItsCodecString) {
  StartAndLogIn({"--codec", "h265"});
  auto a = ConnectLive();
  ASSERT_TRUE(a) << ServeOutput();
  auto header = a->Read();
  ASSERT_TRUE(header && header->text);
  EXPECT_NE(header->data.find("\"codec\":\"hvc1."), std::string::npos) << header->data;
  EXPECT_NE(header->data.find("\"h264\":false"), std::string::npos) << header->data;
  auto init = a->Read();
  ASSERT_TRUE(init && !init->text);
  std::string file = init->data;
  for (int i = 0; i < 30; ++i) {
    auto m = a->Read();
    ASSERT_TRUE(m && !m->text);
    file += m->data;
  }
  a->Close();
  const std::string path = data_.path() + "/live265.mp4";
  std::ofstream(path, std::ios::binary) << file;
  EXPECT_EQ(FfmpegErrors(path), "");
  EXPECT_EQ(FfprobeFrames(path), 30);
}

// codec=h264 on an H.265 camera: one transcoder shared by two viewers; what arrives is
// H.264 (the header says avc1) and decodes cleanly frame for frame.
TEST_F(LiveTest, H265IsTranscodedToH264ForTwoViewersSharingOneTranscoder) {
  StartAndLogIn({"--codec", "h265"});
  const std::string target = std::string(kLiveTarget) + "?codec=h264";
  auto a = ConnectLive(target);
  ASSERT_TRUE(a) << ServeOutput();
  auto header = a->Read();
  ASSERT_TRUE(header && header->text);
  EXPECT_NE(header->data.find("\"codec\":\"avc1."), std::string::npos) << header->data;
  EXPECT_NE(header->data.find("\"h264\":true"), std::string::npos) << header->data;
  EXPECT_NE(header->data.find("\"width\":640"), std::string::npos) << header->data;
  auto init = a->Read();
  ASSERT_TRUE(init && !init->text);
  EXPECT_EQ(BoxTypes(init->data), (std::vector<std::string>{"ftyp", "moov"}));
  EXPECT_NE(init->data.find("avcC"), std::string::npos);

  auto b = ConnectLive(target);
  ASSERT_TRUE(b);
  std::string file = init->data;
  int fragments = 0;
  for (; fragments < 60; ++fragments) {
    auto m = a->Read();
    ASSERT_TRUE(m) << "no message after " << fragments << " fragments\n" << ServeOutput();
    ASSERT_FALSE(m->text) << m->data;
    bool idr = false;
    EXPECT_EQ(BoxTypes(m->data, &idr), (std::vector<std::string>{"prft", "moof", "mdat"}));
    if (fragments == 0) {
      EXPECT_TRUE(idr) << "the first fragment must be an H.264 IDR";
    }
    file += m->data;
  }
  EXPECT_EQ(Transcoders(), 1) << "two viewers of one camera share one transcoder";
  auto bh = b->Read();
  ASSERT_TRUE(bh && bh->text);
  EXPECT_NE(bh->data.find("avc1."), std::string::npos);
  auto bi = b->Read();
  ASSERT_TRUE(bi && !bi->text);
  for (int i = 0; i < 10; ++i) {
    auto m = b->Read();
    ASSERT_TRUE(m && !m->text) << "viewer b stopped after " << i;
  }
  a->Close();
  b->Close();

  const std::string path = data_.path() + "/live-transcoded.mp4";
  std::ofstream(path, std::ios::binary) << file;
  EXPECT_EQ(FfmpegErrors(path), "");
  EXPECT_EQ(FfprobeFrames(path), fragments);
  EXPECT_EQ(::custos::testing::Run({"ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", path}).out,
            "h264\n");
  // The last viewer gone, the transcoder stops.
  EXPECT_TRUE(WaitUntil([&] { return Transcoders() == 0; }, seconds(10))) << Transcoders();
}

TEST_F(LiveTest, AnonymousIsRefusedWithoutUpgradeAndPlainGetIsABadRequest) {
  StartAndLogIn();
  const HttpHeaders upgrade = {{"Connection", "Upgrade"},
                               {"Upgrade", "websocket"},
                               {"Sec-WebSocket-Version", "13"},
                               {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  HttpResponse anon = HttpRequest(port_, "GET", kLiveTarget, upgrade);
  EXPECT_EQ(anon.status, 401) << anon.body;
  LiveClient c;
  EXPECT_TRUE(c.Connect(port_, "custos_session=nope")) << "a bad cookie must not upgrade";
  EXPECT_EQ(HttpRequest(port_, "GET", kLiveTarget, {{"Cookie", session_.cookie}}).status, 400);
  HttpHeaders cross = upgrade;
  cross.emplace_back("Cookie", session_.cookie);
  cross.emplace_back("Origin", "http://evil.example");
  EXPECT_EQ(HttpRequest(port_, "GET", kLiveTarget, cross).status, 403);
  // (HttpRequest adds Connection: close, so the requests above are not upgrades past the
  // Origin check; an unknown camera needs a real handshake.)
  LiveClient unknown;
  beast::error_code ec = unknown.Connect(port_, session_.cookie, "/api/v1/cameras/nope/live");
  EXPECT_EQ(ec, websocket::error::upgrade_declined) << ec.message();
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Each live view leaves live_start and exactly one live_stop, with why it ended: closed by
// the client, or the server's shutdown.
TEST_F(LiveTest, StartAndStopOfEachViewAreAudited) {
  StartAndLogIn();
  auto audit = [&] { return Custos({"audit", "list", "--csv", "--actor", "operator"}).out; };
  auto a = ConnectLive();
  ASSERT_TRUE(a) << ServeOutput();
  auto header = a->Read();
  ASSERT_TRUE(header && header->text);
  a->Close();
  ASSERT_TRUE(WaitUntil([&] { return Has(audit(), "closed by the client"); }, seconds(10))) << audit();
  std::string log = audit();
  EXPECT_GE(Count(log, ",live_start,"), 1u) << log;
  EXPECT_TRUE(Has(log, ",live_stop,ok,gate,")) << log;
  // Attempts refused before the camera ran (404) are ended as "not started"; every start
  // has its one stop.
  EXPECT_EQ(Count(log, ",live_start,"), Count(log, ",live_stop,")) << log;

  auto b = ConnectLive();
  ASSERT_TRUE(b);
  ASSERT_TRUE(b->Read());
  StopServe();
  log = audit();
  EXPECT_EQ(Count(log, "live view ended: server shutdown"), 1u) << log;
  EXPECT_EQ(Count(log, ",live_start,"), Count(log, ",live_stop,")) << log;
  auto verify = Custos({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

// A viewer disabled while watching loses the view within a recheck (3 s), audited as such.
TEST_F(LiveTest, ADisabledViewerLosesTheViewAndItIsAudited) {
  StartAndLogIn();
  auto a = ConnectLive();
  ASSERT_TRUE(a) << ServeOutput();
  ASSERT_TRUE(a->Read());
  ASSERT_EQ(Custos({"user", "disable", "operator"}).exit_code, 0);
  auto audit = [&] { return Custos({"audit", "list", "--csv", "--actor", "operator"}).out; };
  ASSERT_TRUE(WaitUntil([&] { return Has(audit(), "live view ended: permission lost"); }, seconds(15))) << audit();
  // The server closed the connection: reading ends (not a 5 s receive timeout per message).
  const auto deadline = Clock::now() + seconds(10);
  while (a->Read() && Clock::now() < deadline) {
  }
  EXPECT_LT(Clock::now(), deadline) << "the view was not closed";
  const std::string log = audit();
  EXPECT_EQ(Count(log, ",live_start,"), Count(log, ",live_stop,")) << log;
}

// ---- privacy zones: masked stills and masked live (docs/design/privacy.md) ----

constexpr int kW = 640, kH = 360;
const char* kLeftQuarter = R"({"zones": [{"name": "left", "points": [[0, 0], [0.25, 0], [0.25, 1], [0, 1]]}]})";
const char* kRightQuarter = R"({"zones": [{"name": "right", "points": [[0.75, 0], [1, 0], [1, 1], [0.75, 1]]}]})";

std::vector<std::string> GreyFrames(const std::string& path) { return ::custos::testing::GreyFrames(path, kW, kH); }
// Inside the left zone (0..0.25 of the width, 160 px) and the right one (0.75..1), with
// a margin for the coding's ringing at the edge.
Luma Left(const std::string& f) { return ColumnsLuma(f, kW, 0, 150); }
Luma Right(const std::string& f) { return ColumnsLuma(f, kW, 490, kW); }
// Between the two zones: never masked.
Luma Middle(const std::string& f) { return ColumnsLuma(f, kW, 200, 440); }
std::string Describe(const Luma& l) { return l.ToString(); }

class PrivacyLiveTest : public LiveTest {
 protected:
  void StartZoned(const std::vector<std::string>& camera_args = {}) {
    std::vector<std::string> args = {"--pattern", "smpte"};  // colour bars: no flat area of its own
    args.insert(args.end(), camera_args.begin(), camera_args.end());
    StartAndLogIn(args);
    admin_ = Login(port_);
    ASSERT_FALSE(admin_.cookie.empty());
  }
  void PutZones(const std::string& body) {
    HttpResponse r = HttpRequest(port_, "PUT", "/api/v1/cameras/gate/privacy-zones",
                                 {{"Cookie", admin_.cookie}, {"X-Custos-CSRF", admin_.csrf}}, body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A user holding duty_operator and investigator (view_live + view_unmasked), camera gate.
  ApiSession AddLead() {
    CommandResult r = Custos({"user", "add", "lead", "--role", "duty_operator", "--role", "investigator", "--camera",
                              "gate"});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const std::string marker = "password: ";
    const size_t at = r.out.find(marker);
    if (at == std::string::npos) return {};
    const size_t from = at + marker.size();
    return LoginAs(port_, "lead", r.out.substr(from, r.out.find_first_of(" \r\n", from) - from));
  }
  // GET live.jpg (`query` appended) as `session`, once the camera has a fragment on disk.
  HttpResponse LiveJpeg(const ApiSession& session, const std::string& query = "") {
    HttpResponse r;
    WaitUntil(
        [&] {
          r = HttpRequest(port_, "GET", "/api/v1/cameras/gate/live.jpg" + query, {{"Cookie", session.cookie}});
          return r.status != 404;
        },
        seconds(20));
    return r;
  }
  std::vector<std::string> JpegGrey(const std::string& jpeg) {
    const std::string path = data_.path() + "/still-" + std::to_string(++files_) + ".jpg";
    std::ofstream(path, std::ios::binary) << jpeg;
    return GreyFrames(path);
  }
  // Reads `n` media fragments after the header and init (which it checks), as one file.
  std::vector<std::string> ReadFrames(LiveClient& c, int n, std::string* header = nullptr) {
    auto h = c.Read();
    EXPECT_TRUE(h && h->text);
    if (!h || !h->text) return {};
    if (header) *header = h->data;
    auto init = c.Read();
    EXPECT_TRUE(init && !init->text);
    if (!init) return {};
    std::string file = init->data;
    for (int i = 0; i < n; ++i) {
      auto m = c.Read();
      EXPECT_TRUE(m && !m->text) << "after " << i << " fragments";
      if (!m || m->text) return {};
      file += m->data;
    }
    const std::string path = data_.path() + "/live-" + std::to_string(++files_) + ".mp4";
    std::ofstream(path, std::ios::binary) << file;
    EXPECT_EQ(FfmpegErrors(path), "");
    return GreyFrames(path);
  }

  ApiSession admin_;
  int files_ = 0;
};

TEST_F(PrivacyLiveTest, StillsAreMaskedUnlessUnmaskedIsAskedForWithTheRight) {
  StartZoned();
  PutZones(kLeftQuarter);
  // A duty operator: masked, and may not ask for the original.
  HttpResponse masked = LiveJpeg(session_);
  ASSERT_EQ(masked.status, 200) << masked.body;
  EXPECT_EQ(masked.Header("x-custos-masked"), "1");
  auto grey = JpegGrey(masked.body);
  ASSERT_EQ(grey.size(), 1u);
  EXPECT_TRUE(Left(grey[0]).Masked()) << Describe(Left(grey[0]));
  EXPECT_FALSE(Middle(grey[0]).Masked()) << Describe(Middle(grey[0]));
  EXPECT_GT(Middle(grey[0]).stddev, 15) << "the bars outside the zone keep their detail";
  HttpResponse refused = LiveJpeg(session_, "?unmasked=1");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("view_unmasked"), std::string::npos) << refused.body;

  // With view_unmasked: masked by default, the original on request.
  const ApiSession lead = AddLead();
  ASSERT_FALSE(lead.cookie.empty());
  HttpResponse by_default = LiveJpeg(lead);
  ASSERT_EQ(by_default.status, 200);
  EXPECT_EQ(by_default.Header("x-custos-masked"), "1");
  grey = JpegGrey(by_default.body);
  ASSERT_EQ(grey.size(), 1u);
  EXPECT_TRUE(Left(grey[0]).Masked()) << Describe(Left(grey[0]));
  HttpResponse original = LiveJpeg(lead, "?unmasked=1");
  ASSERT_EQ(original.status, 200) << original.body;
  EXPECT_EQ(original.Header("x-custos-masked"), "0");
  grey = JpegGrey(original.body);
  ASSERT_EQ(grey.size(), 1u);
  EXPECT_FALSE(Left(grey[0]).Masked()) << Describe(Left(grey[0]));
  EXPECT_GT(Left(grey[0]).mean, 80) << "the grey and yellow bars";
  // Audited as such; the operator's refused attempt too.
  CommandResult audit = Custos({"audit", "list", "--actor", "lead"});
  EXPECT_NE(audit.out.find("unmasked=1 (original picture"), std::string::npos) << audit.out;
  audit = Custos({"audit", "list", "--actor", "operator"});
  EXPECT_NE(audit.out.find("view_unmasked"), std::string::npos) << audit.out;

  // `custos still`: masked unless --unmasked.
  const std::string jpg = data_.path() + "/cli.jpg";
  CommandResult cli = Custos({"still", "--camera", "gate", "--at", "now", "-o", jpg});
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  EXPECT_NE(cli.out.find("1 privacy zones filled"), std::string::npos) << cli.out;
  grey = GreyFrames(jpg);
  ASSERT_EQ(grey.size(), 1u);
  EXPECT_TRUE(Left(grey[0]).Masked()) << Describe(Left(grey[0]));
  cli = Custos({"still", "--camera", "gate", "--at", "now", "--unmasked", "-o", jpg});
  ASSERT_EQ(cli.exit_code, 0) << cli.out;
  grey = GreyFrames(jpg);
  ASSERT_EQ(grey.size(), 1u);
  EXPECT_FALSE(Left(grey[0]).Masked()) << Describe(Left(grey[0]));
  EXPECT_NE(Custos({"still", "--camera", "gate", "--at", "now", "--masked", "--unmasked", "-o", jpg}).exit_code, 0);
}

// A zoned camera's live view for a duty operator is H.264 decoded, masked and re-encoded by
// one transcoder per camera; zones set or changed while viewers watch reach them at once.
TEST_F(PrivacyLiveTest, LiveViewIsMaskedSharedAndFollowsZoneChanges) {
  StartZoned();
  // No zones yet: passthrough (the camera's own stream, not transcoded).
  auto a = ConnectLive();
  ASSERT_TRUE(a) << ServeOutput();
  auto header = a->Read();
  ASSERT_TRUE(header && header->text);
  EXPECT_EQ(header->data.find("\"transcoded\":true"), std::string::npos) << header->data;
  EXPECT_NE(header->data.find("\"masked\":false"), std::string::npos) << "no zones: " << header->data;

  // Zones appear: the unmasked view ends (the client reconnects and is routed again).
  PutZones(kLeftQuarter);
  const auto deadline = Clock::now() + seconds(5);
  bool ended = false;
  while (!ended && Clock::now() < deadline) ended = !a->Read().has_value();
  EXPECT_TRUE(ended) << "the passthrough view of a newly zoned camera must end";

  a = ConnectLive();
  ASSERT_TRUE(a);
  std::string masked_header;
  std::vector<std::string> frames = ReadFrames(*a, 30, &masked_header);
  EXPECT_NE(masked_header.find("\"codec\":\"avc1."), std::string::npos) << masked_header;
  EXPECT_NE(masked_header.find("\"transcoded\":true"), std::string::npos) << masked_header;
  EXPECT_NE(masked_header.find("\"masked\":true"), std::string::npos) << "the client shows it: " << masked_header;
  ASSERT_EQ(frames.size(), 30u);
  for (size_t i = 0; i < frames.size(); ++i) {
    SCOPED_TRACE("frame " + std::to_string(i));
    EXPECT_TRUE(Left(frames[i]).Masked()) << Describe(Left(frames[i]));
    EXPECT_FALSE(Right(frames[i]).Masked()) << Describe(Right(frames[i]));
  }
  // A second masked viewer shares the transcoder.
  auto b = ConnectLive();
  ASSERT_TRUE(b);
  EXPECT_EQ(ReadFrames(*b, 5).size(), 5u);
  EXPECT_EQ(Transcoders(), 1) << "one masking transcoder per camera";

  // The zones move: the running view gets a new init, then pictures masked the new way.
  PutZones(kRightQuarter);
  bool reinit = false;
  for (int i = 0; i < 200 && !reinit; ++i) {
    auto m = a->Read();
    ASSERT_TRUE(m) << "the masked view must go on after a zone change";
    if (m->text) reinit = true;
  }
  ASSERT_TRUE(reinit) << "a zone change restarts the masked stream at a key frame";
  // (The header was consumed above; the init and frames follow.)
  auto init = a->Read();
  ASSERT_TRUE(init && !init->text);
  std::string file = init->data;
  for (int i = 0; i < 20; ++i) {
    auto m = a->Read();
    ASSERT_TRUE(m && !m->text);
    file += m->data;
  }
  const std::string path = data_.path() + "/live-moved.mp4";
  std::ofstream(path, std::ios::binary) << file;
  frames = GreyFrames(path);
  ASSERT_EQ(frames.size(), 20u);
  for (size_t i = 0; i < frames.size(); ++i) {
    SCOPED_TRACE("after the change, frame " + std::to_string(i));
    EXPECT_TRUE(Right(frames[i]).Masked()) << Describe(Right(frames[i]));
    EXPECT_FALSE(Left(frames[i]).Masked()) << Describe(Left(frames[i]));
  }

  // The original only for a user with view_unmasked who asks; refused for the operator.
  const ApiSession lead = AddLead();
  auto original = ConnectLive(std::string(kLiveTarget) + "?unmasked=1", lead.cookie);
  ASSERT_TRUE(original);
  std::string original_header;
  frames = ReadFrames(*original, 5, &original_header);
  EXPECT_EQ(original_header.find("\"transcoded\":true"), std::string::npos) << original_header;
  EXPECT_NE(original_header.find("\"masked\":false"), std::string::npos) << original_header;
  ASSERT_EQ(frames.size(), 5u);
  EXPECT_FALSE(Right(frames[0]).Masked()) << Describe(Right(frames[0]));
  LiveClient refused;
  EXPECT_EQ(refused.Connect(port_, session_.cookie, std::string(kLiveTarget) + "?unmasked=1"),
            websocket::error::upgrade_declined);
  a->Close();
  b->Close();
  original->Close();
}

// `custos privacy zone add` writes the catalog directly: the daemon's poll (1 s) still ends
// the unmasked view, and the viewer's reconnection is masked.
TEST_F(PrivacyLiveTest, ACliZoneReachesRunningViews) {
  StartZoned();
  auto a = ConnectLive();
  ASSERT_TRUE(a) << ServeOutput();
  auto header = a->Read();
  ASSERT_TRUE(header && header->text);
  CommandResult added = Custos({"privacy", "zone", "add", "gate", "--points", "0,0 0.25,0 0.25,1 0,1"});
  ASSERT_EQ(added.exit_code, 0) << added.out;
  const auto deadline = Clock::now() + seconds(5);
  bool ended = false;
  while (!ended && Clock::now() < deadline) ended = !a->Read().has_value();
  EXPECT_TRUE(ended) << "within the daemon's 1 s poll";
  a = ConnectLive();
  ASSERT_TRUE(a);
  std::vector<std::string> frames = ReadFrames(*a, 5);
  ASSERT_EQ(frames.size(), 5u);
  EXPECT_TRUE(Left(frames[0]).Masked()) << Describe(Left(frames[0]));
  a->Close();
}

// An H.265 camera with zones: masked viewers get H.264 with the zones filled.
TEST_F(PrivacyLiveTest, H265CameraIsMaskedToo) {
  StartZoned({"--codec", "h265"});
  PutZones(kLeftQuarter);
  auto a = ConnectLive();
  ASSERT_TRUE(a) << ServeOutput();
  std::string header;
  std::vector<std::string> frames = ReadFrames(*a, 10, &header);
  EXPECT_NE(header.find("\"codec\":\"avc1."), std::string::npos) << header;
  ASSERT_EQ(frames.size(), 10u);
  for (const std::string& f : frames) {
    EXPECT_TRUE(Left(f).Masked()) << Describe(Left(f));
    EXPECT_FALSE(Right(f).Masked()) << Describe(Right(f));
  }
  a->Close();
}

}  // namespace
}  // namespace custos::testing
