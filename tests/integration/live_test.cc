// Live view end to end: a real `custos serve` recording the GStreamer camera, a Beast
// WebSocket client logged in with the session cookie, ffmpeg judging what it received.
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

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
  std::unique_ptr<LiveClient> ConnectLive(const std::string& target = kLiveTarget) {
    std::unique_ptr<LiveClient> client;
    WaitUntil(
        [&] {
          auto c = std::make_unique<LiveClient>();
          if (c->Connect(port_, session_.cookie, target)) return false;
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

}  // namespace
}  // namespace custos::testing
