// SimServer judged by real clients: ffprobe and ffmpeg, and a raw socket for what they
// would never send.
#include "sim/server.h"

#include <gtest/gtest.h>

#include <regex>

#include "media/rtp.h"
#include "sim/sim_main.h"
#include "sim/sim_test_util.h"

namespace custos::sim {
namespace {

using namespace std::chrono_literals;
using testing::ClipSpec;
using testing::CommandResult;
using testing::RawRtspClient;
using testing::RunCommand;
using testing::ServerThread;
using testing::TempDir;
using testing::WaitFor;

class SimServerTest : public ::testing::Test {
 protected:
  // Makes a clip and serves it with `options` (clip_path is filled in).
  void Serve(const ClipSpec& spec, SimOptions options = {}) {
    Result<std::string> clip = testing::MakeClip(dir_.path(), "clip.mp4", spec);
    ASSERT_TRUE(clip) << clip.error().ToString();
    options.clip_path = *clip;
    Result<std::unique_ptr<ServerThread>> t = ServerThread::Start(options);
    ASSERT_TRUE(t) << t.error().ToString();
    server_ = std::move(*t);
  }
  SimServer& server() { return server_->server(); }
  std::string Url(int camera) { return server().Url(camera); }

  // ffprobe's "codec_name=... width=... height=..." for a URL.
  CommandResult Probe(const std::string& url) {
    return RunCommand("timeout 20 ffprobe -v error -rtsp_transport tcp -show_entries stream=codec_name,width,height "
                      "-of default=nw=1 " + url + " 2>&1");
  }

  TempDir dir_;
  std::unique_ptr<ServerThread> server_;
};

TEST_F(SimServerTest, FfprobeSeesTheH264Camera) {
  SimOptions options;
  options.cameras = 2;
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{}, options));
  CommandResult r = Probe(Url(1));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("codec_name=h264"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("width=640"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("height=360"), std::string::npos) << r.output;
}

TEST_F(SimServerTest, FfprobeSeesTheH265Camera) {
  ClipSpec spec;
  spec.h265 = true;
  spec.seconds = 2;
  ASSERT_NO_FATAL_FAILURE(Serve(spec));
  CommandResult r = Probe(Url(1));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("codec_name=hevc"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("width=640"), std::string::npos) << r.output;
}

TEST_F(SimServerTest, FfmpegReadsALoopingCameraLongerThanTheClip) {
  SimOptions options;
  options.cameras = 2;
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{}, options));  // 3 s of 25 fps
  CommandResult r = RunCommand("timeout 25 ffmpeg -nostdin -v error -rtsp_transport tcp -i " + Url(2) +
                               " -t 5 -c copy -f null - -progress pipe:1 -nostats 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  int frames = 0;
  std::smatch m;
  for (std::string rest = r.output; std::regex_search(rest, m, std::regex("frame=(\\d+)")); rest = m.suffix()) {
    frames = std::stoi(m[1]);
  }
  EXPECT_GE(frames, 100) << r.output;
  const SimStats s = server().stats();
  EXPECT_GT(s.packets_sent, 100u);
  EXPECT_EQ(s.packets_dropped, 0u);
  EXPECT_EQ(s.sessions_accepted, 1u);
  // ffmpeg tore the session down.
  EXPECT_TRUE(WaitFor([&] { return server().stats().sessions_open == 0; }, 5s));
}

TEST_F(SimServerTest, UnknownCameraIsNotFound) {
  SimOptions options;
  options.cameras = 2;
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{.seconds = 1}, options));
  RawRtspClient c;
  ASSERT_TRUE(c.Connect(server().port()).ok());
  Result<std::string> r = c.Request("DESCRIBE", Url(9));
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->rfind("RTSP/1.0 404 ", 0), 0u) << *r;
  r = c.Request("DESCRIBE", "rtsp://127.0.0.1/other");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rfind("RTSP/1.0 404 ", 0), 0u) << *r;
  r = c.Request("DESCRIBE", Url(2));  // the connection is still good
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rfind("RTSP/1.0 200 OK", 0), 0u) << *r;
  EXPECT_NE(Probe(Url(9)).exit_code, 0);
}

TEST_F(SimServerTest, MalformedRequestsGet400AndTheServerLivesOn) {
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{.seconds = 1}));
  {
    RawRtspClient c;
    ASSERT_TRUE(c.Connect(server().port()).ok());
    ASSERT_TRUE(c.Send(std::string("\x16\x03\x01\x02\x00garbage\r\n\r\n", 16)).ok());
    EXPECT_EQ(c.ReadUntilClose(5s).rfind("RTSP/1.0 400 ", 0), 0u);
  }
  {
    RawRtspClient c;
    ASSERT_TRUE(c.Connect(server().port()).ok());
    std::string huge = "OPTIONS " + Url(1) + " RTSP/1.0\r\nCSeq: 1\r\nX-Junk: " + std::string(20000, 'a');
    ASSERT_TRUE(c.Send(huge).ok());  // the server may close before reading all of it
    EXPECT_EQ(c.ReadUntilClose(5s).rfind("RTSP/1.0 400 ", 0), 0u);
  }
  {
    RawRtspClient c;
    ASSERT_TRUE(c.Connect(server().port()).ok());
    ASSERT_TRUE(c.Send("DESCRIBE rtsp://x/cam1 RTSP/1.0\r\nno colon here\r\n\r\n").ok());
    EXPECT_EQ(c.ReadUntilClose(5s).rfind("RTSP/1.0 400 ", 0), 0u);
  }
  EXPECT_TRUE(WaitFor([&] { return server().stats().bad_requests == 3; }, 5s));
  CommandResult r = Probe(Url(1));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(SimServerTest, MulticastIsRefusedWith461) {
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{.seconds = 1}));
  RawRtspClient c;
  ASSERT_TRUE(c.Connect(server().port()).ok());
  Result<std::string> r = c.Request("SETUP", Url(1) + "/track1", "Transport: RTP/AVP;multicast;port=5000-5001\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rfind("RTSP/1.0 461 Unsupported Transport", 0), 0u) << *r;
}

TEST_F(SimServerTest, FfmpegReadsOverUdp) {
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{.seconds = 1}));
  CommandResult r = RunCommand("timeout 20 ffmpeg -nostdin -v error -rtsp_transport udp -i " + Url(1) +
                               " -t 2 -c copy -f null - -progress pipe:1 -nostats 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::smatch m;
  int frames = 0;
  for (std::string rest = r.output; std::regex_search(rest, m, std::regex("frame=(\\d+)")); rest = m.suffix()) {
    frames = std::stoi(m[1]);
  }
  EXPECT_GE(frames, 40) << r.output;
  EXPECT_TRUE(WaitFor([&] { return server().stats().sessions_open == 0; }, 5s));
}

// Plays a clip without B-frames over a raw socket and checks the RTP stream across the
// loop boundary: sequence numbers and timestamps continue, the SSRC stays.
TEST_F(SimServerTest, TimestampsAndSequenceNumbersContinueAcrossLoops) {
  ClipSpec spec{.seconds = 1, .gop_frames = 10, .b_frames = false};
  ASSERT_NO_FATAL_FAILURE(Serve(spec));
  RawRtspClient c;
  ASSERT_TRUE(c.Connect(server().port()).ok());
  ASSERT_TRUE(c.Request("DESCRIBE", Url(1)));
  Result<std::string> setup = c.Request("SETUP", Url(1) + "/track1", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
  ASSERT_TRUE(setup);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*setup, m, std::regex("Session: ([0-9A-Fa-f]+)"))) << *setup;
  Result<std::string> play = c.Request("PLAY", Url(1) + "/", "Session: " + m[1].str() + "\r\n");
  ASSERT_TRUE(play);
  ASSERT_TRUE(std::regex_search(*play, m, std::regex("seq=(\\d+);rtptime=(\\d+)"))) << *play;
  uint16_t seq = static_cast<uint16_t>(std::stoul(m[1]));
  uint32_t last_ts = static_cast<uint32_t>(std::stoul(m[2]));
  uint32_t ssrc = 0;
  int frames = 0;
  while (frames < 40) {  // 1.6 clip lengths
    uint8_t channel = 0;
    Result<Bytes> data = c.ReadInterleaved(channel, 5s);
    ASSERT_TRUE(data) << data.error().ToString();
    if (channel == 1) continue;  // RTCP
    Result<RtpPacket> pkt = ParseRtp(*data);
    ASSERT_TRUE(pkt);
    if (frames == 0 && ssrc == 0) ssrc = pkt->ssrc;
    EXPECT_EQ(pkt->ssrc, ssrc);
    EXPECT_EQ(pkt->sequence, seq);
    ++seq;
    const int32_t step = static_cast<int32_t>(pkt->timestamp - last_ts);
    EXPECT_TRUE(step == 0 || step == 3600) << "frame " << frames << " step " << step;
    last_ts = pkt->timestamp;
    if (pkt->marker) ++frames;
  }
}

TEST_F(SimServerTest, WithoutLoopTheStreamEndsWithTheClip) {
  SimOptions options;
  options.loop = false;
  options.sender_report_interval_s = 0;  // only RTP on the wire: a slow machine must not see an SR
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{.seconds = 1}, options));
  Result<std::shared_ptr<const RtpProgram>> program = LoadProgram(dir_.path() + "/clip.mp4");
  ASSERT_TRUE(program);
  RawRtspClient c;
  ASSERT_TRUE(c.Connect(server().port()).ok());
  Result<std::string> setup = c.Request("SETUP", Url(1) + "/track1", "Transport: RTP/AVP/TCP;interleaved=0-1\r\n");
  ASSERT_TRUE(setup);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*setup, m, std::regex("Session: ([0-9A-Fa-f]+)")));
  const std::string session = "Session: " + m[1].str() + "\r\n";
  ASSERT_TRUE(c.Request("PLAY", Url(1), session));
  EXPECT_TRUE(WaitFor([&] { return server().stats().sessions_playing == 1; }, 5s));
  for (size_t i = 0; i < (*program)->packet_count();) {
    uint8_t channel = 0;
    ASSERT_TRUE(c.ReadInterleaved(channel, 10s)) << i;
    if (channel == 0) ++i;
  }
  EXPECT_TRUE(WaitFor([&] { return server().stats().sessions_playing == 0; }, 10s));
  // The counters are updated after each write completes, so they may trail what the
  // client already read on a loaded machine: wait for them rather than read them once.
  EXPECT_TRUE(WaitFor([&] { return server().stats().packets_sent == (*program)->packet_count(); }, 10s))
      << server().stats().packets_sent << " of " << (*program)->packet_count();
  // The stream is over; another PLAY is answered, and nothing more is sent.
  Result<std::string> again = c.Request("PLAY", Url(1), session);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->rfind("RTSP/1.0 200 OK", 0), 0u) << *again;
  EXPECT_EQ(again->find("RTP-Info"), std::string::npos) << *again;
  EXPECT_EQ(server().stats().packets_sent, (*program)->packet_count());
}

// A client that stops reading costs at most max_pending_bytes: what falls due beyond that
// is dropped and counted, other clients are served, and the stalled session is closed.
TEST_F(SimServerTest, SlowClientIsDroppedNotBuffered) {
  SimOptions options;
  options.max_pending_bytes = 64 * 1024;
  options.send_buffer_bytes = 16 * 1024;
  options.session_timeout_s = 2;
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{.seconds = 1}, options));
  RawRtspClient c;
  ASSERT_TRUE(c.Connect(server().port(), /*receive_buffer_bytes=*/4096).ok());
  Result<std::string> setup = c.Request("SETUP", Url(1) + "/track1", "Transport: RTP/AVP/TCP;interleaved=0-1\r\n");
  ASSERT_TRUE(setup);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*setup, m, std::regex("Session: ([0-9A-Fa-f]+)")));
  ASSERT_TRUE(c.Request("PLAY", Url(1), "Session: " + m[1].str() + "\r\n"));
  // ... and reads nothing more.
  EXPECT_TRUE(WaitFor([&] { return server().stats().packets_dropped > 0; }, 10s));
  CommandResult r = Probe(Url(1));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(WaitFor([&] { return server().stats().sessions_open == 0; }, 10s));
}

TEST_F(SimServerTest, AuthenticationIsRequiredWhenConfigured) {
  SimOptions options;
  options.user = "admin";
  options.password = "s3cret";
  ASSERT_NO_FATAL_FAILURE(Serve(ClipSpec{.seconds = 1}, options));
  RawRtspClient c;
  ASSERT_TRUE(c.Connect(server().port()).ok());
  Result<std::string> r = c.Request("DESCRIBE", Url(1));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rfind("RTSP/1.0 401 ", 0), 0u) << *r;
  EXPECT_NE(r->find("WWW-Authenticate: Digest"), std::string::npos) << *r;

  const std::string with_creds = "rtsp://admin:s3cret@127.0.0.1:" + std::to_string(server().port()) + "/cam1";
  CommandResult ok = Probe(with_creds);  // ffmpeg answers the Digest challenge
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("codec_name=h264"), std::string::npos) << ok.output;
  const std::string wrong = "rtsp://admin:nope@127.0.0.1:" + std::to_string(server().port()) + "/cam1";
  EXPECT_NE(Probe(wrong).exit_code, 0);
}

TEST(SimServerStartTest, ReportsBadOptionsAndBusyPorts) {
  boost::asio::io_context io;
  SimOptions options;
  options.clip_path = "/nonexistent/clip.mp4";
  Result<std::unique_ptr<SimServer>> r = StartSim(io, options);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("ffmpeg"), std::string::npos);

  TempDir dir;
  Result<std::string> clip = testing::MakeClip(dir.path(), "clip.mp4", ClipSpec{.seconds = 1});
  ASSERT_TRUE(clip);
  options.clip_path = *clip;
  Result<std::unique_ptr<SimServer>> first = StartSim(io, options);
  ASSERT_TRUE(first) << first.error().ToString();
  options.port = (*first)->port();
  Result<std::unique_ptr<SimServer>> second = StartSim(io, options);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), StatusCode::kUnavailable);
  options.port = 0;
  options.listen_address = "not-an-address";
  EXPECT_FALSE(StartSim(io, options));
}

TEST(RunSimTest, HelpAndUsageErrors) {
  char arg0[] = "sim", help[] = "--help", bogus[] = "--bogus";
  char* help_argv[] = {arg0, help};
  EXPECT_EQ(RunSim(2, help_argv), 0);
  char* bogus_argv[] = {arg0, bogus};
  EXPECT_EQ(RunSim(2, bogus_argv), 2);
  char* no_file[] = {arg0};
  EXPECT_EQ(RunSim(1, no_file), 2);
}

}  // namespace
}  // namespace custos::sim
