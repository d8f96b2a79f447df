// RtspClient against scripted loopback servers that misbehave the way field cameras do
// (RTSP-QUIRKS.md): data before the PLAY response, odd header casing, channels other than
// requested, junk between frames, server-sent requests, short session timeouts,
// redirects, silence. Hermetic: ports bound to 0, no sleeps as synchronisation.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "base/base64.h"
#include "rtsp/client.h"
#include "rtsp/stream_parser.h"
#include "rtsp/test_loop.h"

namespace custos {
namespace {

using namespace std::chrono_literals;  // NOLINT: test-only literals

const char kSdp[] =
    "v=0\r\ns=fake\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n";

std::string RtpFrame(uint8_t channel, uint16_t seq) {
  std::string rtp(12, '\0');
  rtp[0] = static_cast<char>(0x80);
  rtp[1] = 96;
  rtp[2] = static_cast<char>(seq >> 8);
  rtp[3] = static_cast<char>(seq & 0xFF);
  rtp += "payload";
  return std::string{'$', static_cast<char>(channel), 0, static_cast<char>(rtp.size())} + rtp;
}

// One accepted connection of a ScriptedCamera, used from the server thread.
class ScriptedConn {
 public:
  explicit ScriptedConn(int fd) : fd_(fd) {}
  ~ScriptedConn() { ::close(fd_); }

  // The next request from the client; skips anything else. nullopt on timeout or close.
  std::optional<RtspRequest> ReadRequest(std::chrono::milliseconds timeout = 3000ms) {
    return ReadItem<RtspRequest>(timeout);
  }
  std::optional<RtspResponse> ReadResponse(std::chrono::milliseconds timeout = 3000ms) {
    return ReadItem<RtspResponse>(timeout);
  }
  void Send(const std::string& bytes) { (void)!::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // Answers with "Cseq" spelled as HiSilicon does and a trailing space as Longse does.
  void Reply(const RtspRequest& req, int code, const std::string& headers = "", const std::string& body = "") {
    const std::string* cseq = req.headers.Get("CSeq");
    std::string r = "RTSP/1.0 " + std::to_string(code) + " Whatever\r\nCseq: " + (cseq ? *cseq : "") + " \r\n" + headers;
    if (!body.empty()) r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    Send(r + "\r\n" + body);
  }

 private:
  template <typename T>
  std::optional<T> ReadItem(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      auto item = parser_.Next();
      if (!item) return std::nullopt;
      if (auto* t = std::get_if<T>(&*item)) return std::move(*t);
      if (!std::holds_alternative<RtspNeedMore>(*item)) continue;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      std::span<uint8_t> buf = parser_.PrepareWrite();
      ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
      if (n <= 0) return std::nullopt;
      parser_.CommitWrite(static_cast<size_t>(n));
    }
  }
  int fd_;
  RtspStreamParser parser_;
};

// A loopback RTSP server that runs `script` on each accepted connection, in turn.
class ScriptedCamera {
 public:
  using Script = std::function<void(ScriptedConn&)>;
  explicit ScriptedCamera(Script script) : script_(std::move(script)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 4), 0);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedCamera() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  std::string Url(const std::string& path = "/cam", const std::string& userinfo = "") const {
    return "rtsp://" + userinfo + "127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      ScriptedConn conn(fd);
      script_(conn);
    }
  }
  Script script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Answers OPTIONS, DESCRIBE, SETUP and PLAY plainly; returns the PLAY request.
std::optional<RtspRequest> Negotiate(ScriptedConn& c, const std::string& session = "Session: 1\r\n") {
  for (;;) {
    auto req = c.ReadRequest();
    if (!req) return std::nullopt;
    if (req->method == "OPTIONS") c.Reply(*req, 200, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n");
    if (req->method == "DESCRIBE") c.Reply(*req, 200, "Content-Type: application/sdp\r\n", kSdp);
    if (req->method == "SETUP") c.Reply(*req, 200, session + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
    if (req->method == "PLAY") return req;
  }
}

// Records what one client reports; callbacks run on the loop, results cross by promises.
struct Recorder {
  std::vector<uint16_t> seqs;
  size_t want = 10;
  std::promise<void> got_packets;
  std::promise<RtspStreamInfo> playing;
  std::promise<Status> closed;

  RtspClient::Callbacks Callbacks() {
    RtspClient::Callbacks cb;
    cb.on_playing = [this](const RtspStreamInfo& i) { playing.set_value(i); };
    cb.on_rtp = [this](ByteSpan rtp, int64_t) {
      if (seqs.size() >= want) return;
      seqs.push_back(static_cast<uint16_t>((rtp[2] << 8) | rtp[3]));
      if (seqs.size() == want) got_packets.set_value();
    };
    cb.on_closed = [this](Status s) { closed.set_value(std::move(s)); };
    return cb;
  }
};

class RtspClientQuirksTest : public ::testing::Test {
 protected:
  void Start(RtspClientOptions opts) {
    loop_.Run([&] {
      client_ = std::make_unique<RtspClient>(loop_.executor(), std::move(opts), rec_.Callbacks());
      client_->Start();
    });
  }
  void TearDown() override { DestroyClient(); }
  void DestroyClient() {
    loop_.Run([&] { client_.reset(); });
  }
  Status WaitClosed(std::chrono::milliseconds t = 5000ms) {
    auto f = rec_.closed.get_future();
    if (f.wait_for(t) != std::future_status::ready) return Internal("on_closed did not arrive");
    return f.get();
  }

  TestLoop loop_;
  Recorder rec_;
  std::unique_ptr<RtspClient> client_;
};

TEST_F(RtspClientQuirksTest, SurvivesAMisbehavingCameraMidStream) {
  std::promise<RtspResponse> answer_to_server_options;
  std::promise<RtspRequest> keepalive;
  std::promise<RtspRequest> teardown;
  ScriptedCamera cam([&](ScriptedConn& c) {
    for (int done = 0; done < 3;) {
      auto req = c.ReadRequest();
      if (!req) return;
      if (req->method == "OPTIONS") c.Reply(*req, 200, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n");
      if (req->method == "DESCRIBE") c.Reply(*req, 200, "", kSdp);  // no Content-Type
      if (req->method == "SETUP") {
        // Escam Q6: no "/TCP"; other channels than requested; a 2 s session timeout.
        c.Reply(*req, 200, "Session: 4242;timeout=2\r\nTransport: RTP/AVP;unicast;interleaved=6-7\r\n");
      }
      if (req->method == "PLAY") {
        c.Send(RtpFrame(6, 999));  // RTP before the PLAY response (v4l2rtspserver)
        c.Reply(*req, 200, "RTP-Info: url=rtsp://x/y;seq=0;rtptime=0;\r\n");
        std::string burst;
        for (uint16_t s = 1; s <= 5; ++s) burst += RtpFrame(6, s);
        burst += "\r\n";                 // a stray CRLF before '$'
        burst += "garbage!!";            // junk
        burst += RtpFrame(0, 500);       // a channel never set up (audio the camera sends anyway)
        burst += RtpFrame(7, 0);         // RTCP
        burst += "OPTIONS * RTSP/1.0\r\nCSeq: 77\r\n\r\n";  // the server pings us
        for (uint16_t s = 6; s <= 10; ++s) burst += RtpFrame(6, s);
        c.Send(burst);
        auto answer = c.ReadResponse();
        if (answer) answer_to_server_options.set_value(*answer);
        ++done;
      } else if (req->method == "TEARDOWN") {
        c.Reply(*req, 200);
        teardown.set_value(*req);
        ++done;
      } else if (!req->headers.GetAll("Session").empty() && req->method == "OPTIONS") {
        keepalive.set_value(*req);
        ++done;
      }
    }
  });
  RtspClientOptions opts;
  opts.url = cam.Url();
  Start(opts);
  auto playing = rec_.playing.get_future();
  ASSERT_EQ(playing.wait_for(5s), std::future_status::ready);
  RtspStreamInfo info = playing.get();
  EXPECT_TRUE(info.tcp);
  EXPECT_EQ(info.rtp_channel, 6);
  EXPECT_EQ(info.session_id, "4242");
  EXPECT_FALSE(info.seq_hint.has_value());
  ASSERT_EQ(rec_.got_packets.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(rec_.seqs, (std::vector<uint16_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));

  auto answer = answer_to_server_options.get_future();
  ASSERT_EQ(answer.wait_for(5s), std::future_status::ready);
  RtspResponse a = answer.get();
  EXPECT_EQ(a.status_code, 200);
  EXPECT_EQ(a.CSeq(), 77u);
  EXPECT_EQ(*a.headers.Get("Session"), "4242");

  // timeout=2 means a keep-alive every second; OPTIONS since Public lacks GET_PARAMETER.
  auto ka = keepalive.get_future();
  ASSERT_EQ(ka.wait_for(3s), std::future_status::ready);
  EXPECT_EQ(*ka.get().headers.Get("Session"), "4242");

  RtspClientStats stats;
  loop_.Run([&] { stats = client_->stats(); });
  EXPECT_EQ(stats.frames_before_play, 1u);
  EXPECT_EQ(stats.frames_on_unassigned_channels, 1u);
  EXPECT_EQ(stats.rtcp_packets, 1u);
  EXPECT_EQ(stats.resync_events, 1u);
  EXPECT_EQ(stats.server_requests, 1u);

  loop_.Run([&] { client_->Stop(); });
  auto td = teardown.get_future();
  ASSERT_EQ(td.wait_for(3s), std::future_status::ready);
  EXPECT_EQ(*td.get().headers.Get("Session"), "4242");
  EXPECT_EQ(WaitClosed().code(), StatusCode::kCancelled);
}

TEST_F(RtspClientQuirksTest, FollowsRedirectKeepingCredentials) {
  ScriptedCamera target([](ScriptedConn& c) {
    for (;;) {
      auto req = c.ReadRequest();
      if (!req) return;
      const std::string* auth = req->headers.Get("Authorization");
      if (req->method == "DESCRIBE" && auth == nullptr) {
        c.Reply(*req, 401, "WWW-Authenticate: Basic realm=\"cam\"\r\n");
        continue;
      }
      if (req->method == "DESCRIBE") {
        EXPECT_EQ(*auth, "Basic " + Base64Encode(std::string_view("u:p@ss")));
        c.Reply(*req, 200, "", kSdp);
        continue;
      }
      if (req->method == "OPTIONS") c.Reply(*req, 200);
      if (req->method == "SETUP") c.Reply(*req, 200, "Session: 9\r\n");
      if (req->method == "TEARDOWN") {
        c.Reply(*req, 200);
        return;
      }
      if (req->method == "PLAY") {
        c.Reply(*req, 200);
        std::string burst;
        for (uint16_t s = 1; s <= 10; ++s) burst += RtpFrame(0, s);
        c.Send(burst);
      }
    }
  });
  std::string location = target.Url("/real");
  ScriptedCamera front([&](ScriptedConn& c) {
    for (;;) {
      auto req = c.ReadRequest();
      if (!req) return;
      if (req->method == "OPTIONS") c.Reply(*req, 200);
      if (req->method == "DESCRIBE") c.Reply(*req, 302, "Location: " + location + "\r\n");
    }
  });
  RtspClientOptions opts;
  opts.url = front.Url("/cam", "u:p%40ss@");
  Start(opts);
  auto playing = rec_.playing.get_future();
  ASSERT_EQ(playing.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(playing.get().control_url, location + "/trackID=1");
  EXPECT_EQ(rec_.got_packets.get_future().wait_for(5s), std::future_status::ready);
  DestroyClient();  // before the cameras go
}

TEST_F(RtspClientQuirksTest, UnansweredRequestTimesOut) {
  ScriptedCamera cam([](ScriptedConn& c) {
    auto options = c.ReadRequest();
    if (options) c.Reply(*options, 200);
    (void)c.ReadRequest(2000ms);  // DESCRIBE, never answered
    (void)c.ReadRequest(2000ms);  // returns when the client gives up and closes
  });
  RtspClientOptions opts;
  opts.url = cam.Url();
  opts.response_timeout = 300ms;
  auto t0 = std::chrono::steady_clock::now();
  Start(opts);
  Status s = WaitClosed();
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded) << s.ToString();
  EXPECT_NE(s.message().find("DESCRIBE"), std::string::npos) << s.message();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);
}

TEST_F(RtspClientQuirksTest, SilentCameraStalls) {
  ScriptedCamera cam([](ScriptedConn& c) {
    auto play = Negotiate(c);
    if (play) c.Reply(*play, 200);
    (void)c.ReadRequest(2000ms);  // stays connected, sends nothing
  });
  RtspClientOptions opts;
  opts.url = cam.Url();
  opts.stall_timeout = 400ms;
  Start(opts);
  Status s = WaitClosed();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_NE(s.message().find("stalled"), std::string::npos) << s.message();
}

TEST_F(RtspClientQuirksTest, ServerClosingIsUnavailable) {
  ScriptedCamera cam([](ScriptedConn& c) {
    auto play = Negotiate(c);
    if (play) c.Reply(*play, 200);
  });  // the connection closes when the script returns
  RtspClientOptions opts;
  opts.url = cam.Url();
  Start(opts);
  Status s = WaitClosed();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_NE(s.message().find("closed the connection"), std::string::npos) << s.message();
}

TEST_F(RtspClientQuirksTest, RtcpByeForOurStreamEndsIt) {
  ScriptedCamera cam([](ScriptedConn& c) {
    auto play = Negotiate(c);
    if (!play) return;
    c.Reply(*play, 200);
    std::string burst;
    for (uint16_t s = 1; s <= 10; ++s) burst += RtpFrame(0, s);  // SSRC 0
    const std::string foreign_bye("$\x01\x00\x08\x81\xcb\x00\x01\x12\x34\x56\x78", 12);
    const std::string our_bye("$\x01\x00\x08\x81\xcb\x00\x01\x00\x00\x00\x00", 12);
    c.Send(burst + foreign_bye + RtpFrame(0, 11) + our_bye);
    (void)c.ReadRequest(2000ms);  // returns when the client closes
  });
  RtspClientOptions opts;
  opts.url = cam.Url();
  Start(opts);
  Status s = WaitClosed();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_NE(s.message().find("RTCP BYE"), std::string::npos) << s.message();
  EXPECT_EQ(rec_.seqs.size(), 10u);  // all delivered before the BYE (the 11th is beyond `want`)
}

// What ingest does: Stop() from inside on_playing, destroy the client inside on_closed.
TEST_F(RtspClientQuirksTest, StopInPlayingAndDestroyInClosed) {
  std::promise<std::string> teardown_method;
  ScriptedCamera cam([&](ScriptedConn& c) {
    auto play = Negotiate(c);
    if (!play) return;
    c.Reply(*play, 200);
    c.Send(RtpFrame(0, 1));
    auto td = c.ReadRequest();
    teardown_method.set_value(td ? td->method : "");
    if (td) c.Reply(*td, 200);
  });
  std::promise<Status> closed;
  std::atomic<int> closed_calls{0};
  std::atomic<int> rtp_calls{0};
  RtspClient::Callbacks cb;
  cb.on_playing = [&](const RtspStreamInfo&) { client_->Stop(); };
  cb.on_rtp = [&](ByteSpan, int64_t) { ++rtp_calls; };
  cb.on_closed = [&](Status s) {
    ++closed_calls;
    client_.reset();
    closed.set_value(std::move(s));
  };
  RtspClientOptions opts;
  opts.url = cam.Url();
  loop_.Run([&] {
    client_ = std::make_unique<RtspClient>(loop_.executor(), opts, std::move(cb));
    client_->Start();
  });
  auto f = closed.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(f.get().code(), StatusCode::kCancelled);
  auto td = teardown_method.get_future();
  ASSERT_EQ(td.wait_for(3s), std::future_status::ready);
  EXPECT_EQ(td.get(), "TEARDOWN");
  loop_.Run([] {});  // drain
  EXPECT_EQ(closed_calls, 1);
  EXPECT_EQ(rtp_calls, 0);
}

TEST_F(RtspClientQuirksTest, BadUrlClosesWithInvalidArgument) {
  RtspClientOptions opts;
  opts.url = "http://not-rtsp/";
  Start(opts);
  EXPECT_EQ(WaitClosed().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace custos
