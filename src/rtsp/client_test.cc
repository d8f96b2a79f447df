// Integration tests of RtspClient against a real RTSP server: GStreamer's, through
// ../shared/peers/rtsp-camera, started per scenario on a free loopback port.
#include "rtsp/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "rtsp/test_loop.h"

extern char** environ;

namespace custos {
namespace {

using namespace std::chrono_literals;  // NOLINT: test-only literals

constexpr auto kPlayTimeout = 10s;

int FreeTcpPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// One rtsp-camera process; killed in the destructor.
class Camera {
 public:
  // Starts the camera with `args` and waits for its "ready" line; nullptr on failure.
  static std::unique_ptr<Camera> Start(std::vector<std::string> args) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      auto cam = std::unique_ptr<Camera>(new Camera());
      if (cam->Spawn(FreeTcpPort(), args)) return cam;
    }
    return nullptr;
  }
  ~Camera() {
    Kill();
    if (out_fd_ >= 0) ::close(out_fd_);
  }
  std::string Url(const std::string& path = "/cam1") const {
    return "rtsp://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void Freeze() { ::kill(pid_, SIGSTOP); }

 private:
  Camera() = default;
  bool Spawn(int port, const std::vector<std::string>& extra) {
    port_ = port;
    int fds[2];
    if (::pipe(fds) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<std::string> args = {CUSTOS_RTSP_CAMERA, "--port", std::to_string(port), "--size", "320x240",
                                     "--kbps", "500"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = posix_spawn(&pid_, CUSTOS_RTSP_CAMERA, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_fd_ = fds[0];
    if (rc != 0) {
      pid_ = -1;
      return false;
    }
    return WaitReady();
  }
  bool WaitReady() {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      ssize_t n = ::read(out_fd_, buf, sizeof buf);
      if (n <= 0) break;  // exited (port taken?)
      out.append(buf, static_cast<size_t>(n));
      if (out.find("ready") != std::string::npos) return true;
    }
    Kill();
    return false;
  }
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
};

using Loop = TestLoop;

// Runs one client and records what it reports; all state is touched on the loop only,
// results travel through promises.
class Session {
 public:
  Session(Loop& loop, RtspClientOptions opts, size_t want_packets = 50) : loop_(loop), want_(want_packets) {
    RtspClient::Callbacks cb;
    cb.on_playing = [this](const RtspStreamInfo& info) { playing_.set_value(info); };
    cb.on_rtp = [this](ByteSpan rtp, int64_t arrival_ns) { OnRtp(rtp, arrival_ns); };
    cb.on_closed = [this](Status s) { closed_.set_value(std::move(s)); };
    loop_.Run([&] {
      client_ = std::make_unique<RtspClient>(loop_.executor(), std::move(opts), std::move(cb));
      client_->Start();
    });
  }
  ~Session() {
    loop_.Run([&] { client_.reset(); });
  }
  std::optional<RtspStreamInfo> WaitPlaying(std::chrono::seconds t = kPlayTimeout) {
    auto f = playing_future_;
    if (f.wait_for(t) != std::future_status::ready) return std::nullopt;
    return f.get();
  }
  bool WaitPackets(std::chrono::seconds t = kPlayTimeout) { return packets_future_.wait_for(t) == std::future_status::ready; }
  std::optional<Status> WaitClosed(std::chrono::milliseconds t) {
    if (closed_future_.wait_for(t) != std::future_status::ready) return std::nullopt;
    return closed_future_.get();
  }
  void Stop() {
    loop_.Run([&] { client_->Stop(); });
  }
  // Valid once WaitPackets() returned true.
  const std::vector<uint16_t>& seqs() const { return seqs_; }

 private:
  void OnRtp(ByteSpan rtp, int64_t arrival_ns) {
    if (seqs_.size() >= want_ || rtp.size() < 12) return;
    EXPECT_GT(arrival_ns, 0);
    seqs_.push_back(static_cast<uint16_t>((rtp[2] << 8) | rtp[3]));
    if (seqs_.size() == want_) packets_.set_value();
  }

  Loop& loop_;
  size_t want_;
  std::promise<RtspStreamInfo> playing_;
  std::shared_future<RtspStreamInfo> playing_future_ = playing_.get_future().share();
  std::promise<void> packets_;
  std::future<void> packets_future_ = packets_.get_future();
  std::promise<Status> closed_;
  std::future<Status> closed_future_ = closed_.get_future();
  std::vector<uint16_t> seqs_;
  std::unique_ptr<RtspClient> client_;
};

void ExpectIncreasing(const std::vector<uint16_t>& seqs) {
  for (size_t i = 1; i < seqs.size(); ++i) {
    uint16_t step = static_cast<uint16_t>(seqs[i] - seqs[i - 1]);
    EXPECT_TRUE(step > 0 && step < 0x8000) << "seq " << seqs[i - 1] << " then " << seqs[i];
  }
}

RtspClientOptions Options(const std::string& url, RtspClientOptions::Transport t = RtspClientOptions::Transport::kTcp) {
  RtspClientOptions o;
  o.url = url;
  o.transport = t;
  return o;
}

// Plays, checks ≥ 50 increasing RTP packets, stops, expects on_closed(kCancelled).
void PlayAndStop(Loop& loop, RtspClientOptions opts, VideoCodec codec) {
  Session s(loop, std::move(opts));
  auto info = s.WaitPlaying();
  ASSERT_TRUE(info.has_value()) << "not playing within 10 s";
  EXPECT_EQ(info->codec, codec);
  EXPECT_FALSE(info->sdp.empty());
  EXPECT_FALSE(info->session_id.empty());
  ASSERT_TRUE(s.WaitPackets()) << "fewer than 50 RTP packets within 10 s";
  ExpectIncreasing(s.seqs());
  s.Stop();
  auto closed = s.WaitClosed(5s);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code(), StatusCode::kCancelled) << closed->ToString();
}

class RtspClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { h264_ = Camera::Start({}).release(); }
  static void TearDownTestSuite() {
    delete h264_;
    h264_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(h264_, nullptr) << "rtsp-camera did not start"; }

  static Camera* h264_;
  Loop loop_;
};
Camera* RtspClientTest::h264_ = nullptr;

TEST_F(RtspClientTest, TcpInterleavedDeliversIncreasingRtp) {
  PlayAndStop(loop_, Options(h264_->Url()), VideoCodec::kH264);
}

TEST_F(RtspClientTest, UdpDeliversIncreasingRtp) {
  PlayAndStop(loop_, Options(h264_->Url(), RtspClientOptions::Transport::kUdp), VideoCodec::kH264);
}

TEST_F(RtspClientTest, UnknownPathIsNotFound) {
  Session s(loop_, Options(h264_->Url("/nope")));
  auto closed = s.WaitClosed(5s);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code(), StatusCode::kNotFound) << closed->ToString();
  EXPECT_NE(closed->message().find("404"), std::string::npos) << closed->message();
}

TEST_F(RtspClientTest, ConnectionRefusedIsUnavailable) {
  Session s(loop_, Options("rtsp://127.0.0.1:" + std::to_string(FreeTcpPort()) + "/cam1"));
  auto closed = s.WaitClosed(5s);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code(), StatusCode::kUnavailable) << closed->ToString();
  EXPECT_NE(closed->message().find("refused"), std::string::npos) << closed->message();
}

TEST_F(RtspClientTest, StopBeforePlayingEndsCancelled) {
  Session s(loop_, Options(h264_->Url()));
  s.Stop();
  auto closed = s.WaitClosed(5s);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code(), StatusCode::kCancelled);
}

TEST_F(RtspClientTest, DestroyingWhilePlayingIsSilent) {
  auto s = std::make_unique<Session>(loop_, Options(h264_->Url()));
  ASSERT_TRUE(s->WaitPlaying().has_value());
  s.reset();  // destroys the client on the loop; no callback may follow
  // A fresh session on the same camera still works, so the old one tore down cleanly.
  Session again(loop_, Options(h264_->Url()));
  EXPECT_TRUE(again.WaitPlaying().has_value());
}

TEST(RtspClientCameraTest, H265) {
  auto cam = Camera::Start({"--codec", "h265"});
  ASSERT_NE(cam, nullptr);
  Loop loop;
  PlayAndStop(loop, Options(cam->Url()), VideoCodec::kH265);
}

TEST(RtspClientCameraTest, BasicAuth) {
  auto cam = Camera::Start({"--user", "u", "--password", "p"});
  ASSERT_NE(cam, nullptr);
  Loop loop;
  RtspClientOptions o = Options(cam->Url());
  o.user = "u";
  o.password = "p";
  PlayAndStop(loop, o, VideoCodec::kH264);
}

class RtspClientDigestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cam_ = Camera::Start({"--user", "u", "--password", "p w@1", "--digest"}).release(); }
  static void TearDownTestSuite() {
    delete cam_;
    cam_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(cam_, nullptr) << "rtsp-camera did not start"; }
  static Camera* cam_;
  Loop loop_;
};
Camera* RtspClientDigestTest::cam_ = nullptr;

TEST_F(RtspClientDigestTest, CredentialsInOptions) {
  RtspClientOptions o = Options(cam_->Url());
  o.user = "u";
  o.password = "p w@1";
  PlayAndStop(loop_, o, VideoCodec::kH264);
}

TEST_F(RtspClientDigestTest, PercentEncodedCredentialsInUrl) {
  PlayAndStop(loop_, Options("rtsp://u:p%20w%401@127.0.0.1:" + std::to_string(cam_->port()) + "/cam1"),
              VideoCodec::kH264);
}

TEST_F(RtspClientDigestTest, WrongPasswordIsUnauthenticatedPromptly) {
  RtspClientOptions o = Options(cam_->Url());
  o.user = "u";
  o.password = "wrong";
  Session s(loop_, o);
  auto closed = s.WaitClosed(5s);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code(), StatusCode::kUnauthenticated) << closed->ToString();
  EXPECT_NE(closed->message().find("--password"), std::string::npos) << closed->message();
  EXPECT_EQ(closed->message().find("wrong"), std::string::npos) << "the password leaked into the message";
}

TEST_F(RtspClientDigestTest, MissingCredentialsIsUnauthenticated) {
  Session s(loop_, Options(cam_->Url()));
  auto closed = s.WaitClosed(5s);
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->code(), StatusCode::kUnauthenticated) << closed->ToString();
}

// The camera dies: the session must end with an error, within the stall timeout.
void ExpectErrorAfter(void (Camera::*what)(), RtspClientOptions::Transport transport,
                      const std::string& expect_in_message) {
  auto cam = Camera::Start({});
  ASSERT_NE(cam, nullptr);
  Loop loop;
  RtspClientOptions o = Options(cam->Url(), transport);
  o.stall_timeout = 1500ms;
  o.response_timeout = 1500ms;
  Session s(loop, o, 10);
  ASSERT_TRUE(s.WaitPackets());
  auto t0 = std::chrono::steady_clock::now();
  ((*cam).*what)();
  auto closed = s.WaitClosed(o.stall_timeout + 1500ms);
  ASSERT_TRUE(closed.has_value()) << "no on_closed within the stall timeout";
  EXPECT_LE(std::chrono::steady_clock::now() - t0, o.stall_timeout + 1500ms);
  EXPECT_EQ(closed->code(), StatusCode::kUnavailable) << closed->ToString();
  EXPECT_NE(closed->message().find(expect_in_message), std::string::npos) << closed->message();
  cam->Kill();
}

TEST(RtspClientCameraTest, CameraKilledMidStreamEndsWithError) {
  ExpectErrorAfter(&Camera::Kill, RtspClientOptions::Transport::kTcp, "connection");
}

TEST(RtspClientCameraTest, CameraFrozenMidStreamStalls) {
  ExpectErrorAfter(&Camera::Freeze, RtspClientOptions::Transport::kUdp, "stalled");
}

}  // namespace
}  // namespace custos
