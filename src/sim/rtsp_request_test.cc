#include "sim/rtsp_request.h"

#include <gtest/gtest.h>

#include <random>

namespace custos::sim {
namespace {

using Kind = RtspInput::Kind;

TEST(RtspRequestTest, ParsesACompleteRequest) {
  const std::string text = "DESCRIBE rtsp://127.0.0.1:8554/cam1 RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n";
  RtspInput in = ParseRtspInput(text + "OPTIONS");
  ASSERT_EQ(in.kind, Kind::kRequest) << in.error;
  EXPECT_EQ(in.consumed_bytes, text.size());
  EXPECT_EQ(in.request.method, "DESCRIBE");
  EXPECT_EQ(in.request.uri, "rtsp://127.0.0.1:8554/cam1");
  EXPECT_EQ(in.request.cseq, "2");
  EXPECT_EQ(in.request.Header("accept"), "application/sdp");
  EXPECT_EQ(in.request.Header("Missing"), "");
}

TEST(RtspRequestTest, AcceptsBareLineFeeds) {
  RtspInput in = ParseRtspInput("OPTIONS * RTSP/1.0\nCSeq: 1\n\n");
  ASSERT_EQ(in.kind, Kind::kRequest) << in.error;
  EXPECT_EQ(in.request.uri, "*");
}

TEST(RtspRequestTest, WaitsForTheRestOfHeadAndBody) {
  EXPECT_EQ(ParseRtspInput("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n").kind, Kind::kNeedMore);
  EXPECT_EQ(ParseRtspInput("OPT").kind, Kind::kNeedMore);
  const std::string head = "SET_PARAMETER * RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 5\r\n\r\n";
  EXPECT_EQ(ParseRtspInput(head + "ab").kind, Kind::kNeedMore);
  RtspInput in = ParseRtspInput(head + "abcdeX");
  ASSERT_EQ(in.kind, Kind::kRequest);
  EXPECT_EQ(in.request.body, "abcde");
  EXPECT_EQ(in.consumed_bytes, head.size() + 5);
}

TEST(RtspRequestTest, SkipsInterleavedFramesAndBlankLines) {
  EXPECT_EQ(ParseRtspInput(std::string("$\x01\x00", 3)).kind, Kind::kNeedMore);
  RtspInput in = ParseRtspInput(std::string("$\x01\x01\x00rr", 6));
  ASSERT_EQ(in.kind, Kind::kSkip);
  EXPECT_EQ(in.consumed_bytes, 4u + 256u);  // more than is here: the caller skips the rest
  in = ParseRtspInput("\r\n\r\nOPTIONS");
  ASSERT_EQ(in.kind, Kind::kSkip);
  EXPECT_EQ(in.consumed_bytes, 4u);
}

TEST(RtspRequestTest, RejectsGarbageAtOnce) {
  EXPECT_EQ(ParseRtspInput(std::string("\x01\x02\x03", 3)).kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput("<html>").kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput(" OPTIONS").kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput(std::string(40, 'A')).kind, Kind::kMalformed);
}

TEST(RtspRequestTest, RejectsBadRequests) {
  EXPECT_EQ(ParseRtspInput("GET / HTTP/1.1\r\nCSeq: 1\r\n\r\n").kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput("OPTIONS * RTSP/1.0\r\n\r\n").kind, Kind::kMalformed);  // no CSeq
  EXPECT_EQ(ParseRtspInput("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nno colon\r\n\r\n").kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput("OPTIONS  RTSP/1.0\r\nCSeq: 1\r\n\r\n").kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -1\r\n\r\n").kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 99999\r\n\r\n").kind,
            Kind::kMalformed);
}

TEST(RtspRequestTest, BoundsTheHeader) {
  RtspLimits limits;
  limits.max_header_bytes = 100;
  std::string big = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX: " + std::string(200, 'a');
  EXPECT_EQ(ParseRtspInput(big.substr(0, 90), limits).kind, Kind::kNeedMore);
  EXPECT_EQ(ParseRtspInput(big, limits).kind, Kind::kMalformed);
  EXPECT_EQ(ParseRtspInput(big + "\r\n\r\n", limits).kind, Kind::kMalformed);
}

TEST(RtspRequestTest, NeverCrashesOnRandomBytes) {
  std::mt19937 rng(1);
  const std::string alphabet = "OPTIONS RTSP/1.0\r\n:$CSeq-Length 0123456789\x01\xff";
  for (int i = 0; i < 20000; ++i) {
    std::string s(rng() % 64, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    RtspInput in = ParseRtspInput(s);
    if (in.kind == Kind::kRequest) {
      EXPECT_LE(in.consumed_bytes, s.size());
    }
  }
}

TEST(CameraUriTest, FindsTheCamera) {
  EXPECT_EQ(ParseCameraUri("rtsp://127.0.0.1:8554/cam1").camera, 1);
  EXPECT_EQ(ParseCameraUri("rtsp://host/cam12/").camera, 12);
  EXPECT_EQ(ParseCameraUri("/cam3").camera, 3);
  EXPECT_EQ(ParseCameraUri("rtsp://u:p@host/cam2?x=1").camera, 2);
  const CameraUri track = ParseCameraUri("rtsp://host:1/cam4/track1");
  EXPECT_EQ(track.camera, 4);
  EXPECT_TRUE(track.track);
  EXPECT_FALSE(ParseCameraUri("rtsp://host/cam4").track);
}

TEST(CameraUriTest, RejectsOtherPaths) {
  for (const char* uri : {"rtsp://host/", "rtsp://host", "*", "rtsp://host/cam", "rtsp://host/cam0",
                          "rtsp://host/cam01", "rtsp://host/cam-1", "rtsp://host/cam1x", "rtsp://host/cam1/track2",
                          "rtsp://host/cam99999999999", "rtsp://host/live/cam1"}) {
    EXPECT_EQ(ParseCameraUri(uri).camera, 0) << uri;
  }
}

TEST(TransportTest, ReadsTcpAndUdpRequests) {
  using K = TransportRequest::Kind;
  TransportRequest t = ParseTransport("RTP/AVP/TCP;unicast;interleaved=2-3");
  EXPECT_EQ(t.kind, K::kTcp);
  EXPECT_EQ(t.channel, 2);
  EXPECT_EQ(ParseTransport("RTP/AVP/TCP;unicast").kind, K::kTcp);
  t = ParseTransport("RTP/AVP;unicast;client_port=5000-5001");
  EXPECT_EQ(t.kind, K::kUdp);
  EXPECT_EQ(t.client_rtp_port, 5000);
  EXPECT_EQ(t.client_rtcp_port, 5001);
  t = ParseTransport("RTP/AVP/UDP;unicast;client_port=6000;mode=play");
  EXPECT_EQ(t.kind, K::kUdp);
  EXPECT_EQ(t.client_rtcp_port, 6001);
  EXPECT_EQ(ParseTransport("RTP/AVP/TCP;interleaved=0-1,RTP/AVP;client_port=1-2").kind, K::kTcp);
}

TEST(TransportTest, RefusesWhatItCannotServe) {
  using K = TransportRequest::Kind;
  for (const char* t : {"", "RTP/AVP;multicast;port=5000-5001", "RTP/SAVP;unicast;client_port=1-2",
                        "RTP/AVP;unicast", "RTP/AVP;unicast;client_port=x-1", "RTP/AVP;unicast;client_port=0-1",
                        "RTP/AVP;unicast;client_port=70000-70001", "RTP/AVP/TCP;interleaved=255-256",
                        "RTP/AVP/TCP;interleaved=a"}) {
    EXPECT_EQ(ParseTransport(t).kind, K::kUnsupported) << t;
  }
}

}  // namespace
}  // namespace custos::sim
