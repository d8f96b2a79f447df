#include "rtsp/session_state.h"

#include <gtest/gtest.h>

#include "rtsp/stream_parser.h"

namespace custos {
namespace {

using Kind = RtspSessionState::Step::Kind;

const char kSdp[] =
    "v=0\r\ns=x\r\nt=0 0\r\na=control:*\r\nm=audio 0 RTP/AVP 0\r\na=control:stream=1\r\n"
    "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAFNoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==\r\n"
    "a=control:stream=0\r\n";

// Parses the request a step asks to send.
RtspRequest Sent(const RtspSessionState::Step& step) {
  EXPECT_EQ(step.kind, Kind::kSend);
  RtspStreamParser p;
  p.Append({reinterpret_cast<const uint8_t*>(step.bytes.data()), step.bytes.size()});
  auto item = p.Next();
  EXPECT_TRUE(item.has_value());
  const auto* req = item ? std::get_if<RtspRequest>(&*item) : nullptr;
  EXPECT_NE(req, nullptr) << step.bytes;
  return req ? *req : RtspRequest{};
}

std::string Header(const RtspRequest& r, std::string_view name) {
  const std::string* v = r.headers.Get(name);
  return v ? *v : "(absent)";
}

RtspResponse Response(int code, const RtspRequest& to, std::vector<std::pair<std::string, std::string>> headers = {},
                      std::string body = "") {
  RtspResponse r;
  r.status_code = code;
  r.headers.Add("CSeq", Header(to, "CSeq"));
  for (auto& [k, v] : headers) r.headers.Add(k, v);
  r.body = std::move(body);
  return r;
}

RtspSessionConfig Config(bool tcp = true) {
  RtspSessionConfig c;
  c.url = *ParseRtspUrl("rtsp://cam.local:8554/live?channel=1");
  c.tcp = tcp;
  c.client_rtp_port = 50000;
  return c;
}

// Runs OPTIONS and DESCRIBE; returns the SETUP request.
RtspRequest ToSetup(RtspSessionState& s, std::vector<std::pair<std::string, std::string>> describe_headers = {}) {
  RtspRequest options = Sent(s.Begin());
  RtspRequest describe = Sent(s.OnResponse(Response(200, options, {{"Public", "OPTIONS, DESCRIBE, GET_PARAMETER"}})));
  return Sent(s.OnResponse(Response(200, describe, std::move(describe_headers), kSdp)));
}

TEST(RtspSessionStateTest, FullTcpFlow) {
  RtspSessionState s(Config());
  RtspRequest options = Sent(s.Begin());
  EXPECT_EQ(options.method, "OPTIONS");
  EXPECT_EQ(options.uri, "rtsp://cam.local:8554/live?channel=1");
  EXPECT_EQ(Header(options, "CSeq"), "1");
  EXPECT_EQ(Header(options, "User-Agent"), "Custos/0.1");
  RtspRequest describe = Sent(s.OnResponse(Response(200, options, {{"Public", "OPTIONS, GET_PARAMETER"}})));
  EXPECT_EQ(describe.method, "DESCRIBE");
  EXPECT_EQ(Header(describe, "Accept"), "application/sdp");
  EXPECT_EQ(Header(describe, "CSeq"), "2");
  auto step = s.OnResponse(Response(200, describe, {{"Content-Base", "rtsp://cam.local:8554/live?channel=1/"}}, kSdp));
  EXPECT_NE(step.warning.find("ignoring 1 other media"), std::string::npos) << step.warning;
  RtspRequest setup = Sent(step);
  EXPECT_EQ(setup.method, "SETUP");
  EXPECT_EQ(setup.uri, "rtsp://cam.local:8554/live?channel=1/stream=0");
  EXPECT_EQ(Header(setup, "Transport"), "RTP/AVP/TCP;unicast;interleaved=0-1");
  EXPECT_EQ(Header(setup, "Session"), "(absent)");
  RtspRequest play = Sent(s.OnResponse(Response(
      200, setup, {{"Session", "ABC123;timeout=20"}, {"Transport", "RTP/AVP/TCP;unicast;interleaved=2-3;ssrc= 0BADF00D"}})));
  EXPECT_EQ(play.method, "PLAY");
  EXPECT_EQ(play.uri, "rtsp://cam.local:8554/live?channel=1/");
  EXPECT_EQ(Header(play, "Session"), "ABC123");
  EXPECT_EQ(Header(play, "Range"), "npt=0.000-");
  auto playing = s.OnResponse(Response(200, play, {{"RTP-Info", "url=rtsp://elsewhere/x;seq=1;rtptime=0"}}));
  ASSERT_EQ(playing.kind, Kind::kPlaying);
  const RtspStreamInfo& info = s.stream_info();
  EXPECT_EQ(info.codec, VideoCodec::kH264);
  EXPECT_EQ(info.parameter_sets.size(), 2u);
  EXPECT_TRUE(info.tcp);
  EXPECT_EQ(info.rtp_channel, 2);
  EXPECT_EQ(info.rtcp_channel, 3);
  EXPECT_EQ(info.ssrc_hint, 0x0BADF00Du);
  EXPECT_FALSE(info.seq_hint.has_value());      // seq=1 is bogus (Tapo)
  EXPECT_FALSE(info.rtptime_hint.has_value());  // rtptime=0 is bogus
  EXPECT_EQ(info.session_id, "ABC123");
  EXPECT_EQ(s.keepalive_interval_ms(), 10000);
  EXPECT_TRUE(s.playing());

  RtspRequest keepalive = Sent(s.Keepalive());
  EXPECT_EQ(keepalive.method, "GET_PARAMETER");
  EXPECT_EQ(Header(keepalive, "Session"), "ABC123");
  EXPECT_EQ(s.Keepalive().kind, Kind::kNone);  // one request outstanding at most
  // Thingino answers 454 to GET_PARAMETER: not fatal, fall back to OPTIONS.
  auto after = s.OnResponse(Response(454, keepalive));
  EXPECT_EQ(after.kind, Kind::kNone);
  EXPECT_FALSE(after.warning.empty());
  EXPECT_EQ(Sent(s.Keepalive()).method, "OPTIONS");
}

TEST(RtspSessionStateTest, KeepaliveIsOptionsUnlessPublicListsGetParameter) {
  RtspSessionState s(Config());
  RtspRequest options = Sent(s.Begin());
  RtspRequest describe = Sent(s.OnResponse(Response(501, options)));  // OPTIONS refused: carry on
  RtspRequest setup = Sent(s.OnResponse(Response(200, describe, {}, kSdp)));
  RtspRequest play = Sent(s.OnResponse(Response(200, setup, {{"Session", "1"}})));
  ASSERT_EQ(s.OnResponse(Response(200, play)).kind, Kind::kPlaying);
  EXPECT_EQ(Sent(s.Keepalive()).method, "OPTIONS");
  EXPECT_EQ(s.keepalive_interval_ms(), 30000);  // default 60 s timeout
}

TEST(RtspSessionStateTest, DigestRetryThenRejection) {
  RtspSessionConfig c = Config();
  c.user = "admin";
  c.password = "hunter2";
  RtspSessionState s(c);
  RtspRequest options = Sent(s.Begin());
  RtspRequest describe = Sent(s.OnResponse(Response(200, options)));
  EXPECT_EQ(Header(describe, "Authorization"), "(absent)");
  RtspRequest again = Sent(s.OnResponse(
      Response(401, describe, {{"WWW-Authenticate", "Basic realm=\"r\""}, {"WWW-Authenticate", "Digest realm=\"r\", nonce=\"n\""}})));
  EXPECT_EQ(again.method, "DESCRIBE");
  EXPECT_NE(Header(again, "CSeq"), Header(describe, "CSeq"));
  EXPECT_EQ(Header(again, "Authorization").rfind("Digest username=\"admin\"", 0), 0u);
  EXPECT_NE(Header(again, "Authorization").find("uri=\"rtsp://cam.local:8554/live?channel=1\""), std::string::npos);
  auto fail = s.OnResponse(Response(401, again, {{"WWW-Authenticate", "Digest realm=\"r\", nonce=\"n2\""}}));
  ASSERT_EQ(fail.kind, Kind::kFail);
  EXPECT_EQ(fail.status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(fail.status.message().find("rejected the user name/password"), std::string::npos);
  EXPECT_NE(fail.status.message().find("--password"), std::string::npos);
  EXPECT_EQ(fail.status.message().find("hunter2"), std::string::npos);
}

TEST(RtspSessionStateTest, MissingCredentials) {
  RtspSessionState s(Config());
  RtspRequest options = Sent(s.Begin());
  auto fail = s.OnResponse(Response(401, options, {{"WWW-Authenticate", "Basic realm=\"r\""}}));
  ASSERT_EQ(fail.kind, Kind::kFail);
  EXPECT_EQ(fail.status.code(), StatusCode::kUnauthenticated);
  EXPECT_NE(fail.status.message().find("requires a user name and password"), std::string::npos);
}

TEST(RtspSessionStateTest, AuthenticatedKeepaliveRechallengeIsRetriedAndNeverFatal) {
  RtspSessionConfig c = Config();
  c.user = "u";
  c.password = "p";
  RtspSessionState s(c);
  RtspRequest options = Sent(s.Begin());
  RtspRequest describe = Sent(s.OnResponse(Response(200, options)));
  RtspRequest setup = Sent(s.OnResponse(Response(200, describe, {}, kSdp)));
  RtspRequest play = Sent(s.OnResponse(Response(200, setup, {{"Session", "S"}})));
  ASSERT_EQ(s.OnResponse(Response(200, play)).kind, Kind::kPlaying);
  RtspRequest keepalive = Sent(s.Keepalive());
  // Axis: a fresh nonce after ~150 s.
  RtspRequest retried = Sent(s.OnResponse(Response(401, keepalive, {{"WWW-Authenticate", "Digest realm=\"r\", nonce=\"new\""}})));
  EXPECT_NE(Header(retried, "Authorization").find("nonce=\"new\""), std::string::npos);
  auto second = s.OnResponse(Response(401, retried, {{"WWW-Authenticate", "Digest realm=\"r\", nonce=\"newer\""}}));
  EXPECT_EQ(second.kind, Kind::kNone);
  EXPECT_FALSE(second.warning.empty());
}

TEST(RtspSessionStateTest, RedirectOnDescribe) {
  RtspSessionState s(Config());
  RtspRequest options = Sent(s.Begin());
  RtspRequest describe = Sent(s.OnResponse(Response(200, options)));
  auto step = s.OnResponse(Response(302, describe, {{"Location", " rtsp://10.0.0.7:554/real "}}));
  ASSERT_EQ(step.kind, Kind::kRedirect);
  EXPECT_EQ(step.url, "rtsp://10.0.0.7:554/real");
  RtspSessionState t(Config());
  RtspRequest o2 = Sent(t.Begin());
  auto bad = t.OnResponse(Response(301, o2, {{"Location", "nowhere"}}));
  EXPECT_EQ(bad.kind, Kind::kFail);
}

TEST(RtspSessionStateTest, CSeqMismatchAcceptedWhenOnePending) {
  RtspSessionState s(Config());
  RtspRequest options = Sent(s.Begin());
  RtspResponse r = Response(200, options);
  r.headers.Set("CSeq", "0");  // HiSilicon echoed 0
  auto step = s.OnResponse(r);
  EXPECT_EQ(Sent(step).method, "DESCRIBE");
  EXPECT_NE(step.warning.find("CSeq 0"), std::string::npos);
  EXPECT_EQ(s.cseq_mismatches(), 1u);
}

TEST(RtspSessionStateTest, UnexpectedResponseIsIgnored) {
  RtspSessionState s(Config());
  auto step = s.OnResponse(RtspResponse{200, "OK", {}, ""});
  EXPECT_EQ(step.kind, Kind::kNone);
  EXPECT_EQ(s.unexpected_responses(), 1u);
}

TEST(RtspSessionStateTest, Setup404RetriesWithRfc3986Resolution) {
  RtspSessionState s(Config());
  RtspRequest setup = ToSetup(s);
  EXPECT_EQ(setup.uri, "rtsp://cam.local:8554/live?channel=1/stream=0");
  auto step = s.OnResponse(Response(404, setup));
  RtspRequest retry = Sent(step);
  EXPECT_EQ(retry.uri, "rtsp://cam.local:8554/stream=0");
  EXPECT_FALSE(step.warning.empty());
  auto fail = s.OnResponse(Response(404, retry));
  ASSERT_EQ(fail.kind, Kind::kFail);
  EXPECT_EQ(fail.status.code(), StatusCode::kNotFound);
}

TEST(RtspSessionStateTest, UdpSetupAndServerChoices) {
  RtspSessionState s(Config(/*tcp=*/false));
  RtspRequest setup = ToSetup(s, {{"Content-Base", "rtsp://admin:pw@cam.local:8554/live/"}});
  EXPECT_EQ(setup.uri, "rtsp://cam.local:8554/live/stream=0");  // userinfo stripped from Content-Base
  EXPECT_EQ(Header(setup, "Transport"), "RTP/AVP;unicast;client_port=50000-50001");
  RtspRequest play = Sent(s.OnResponse(
      Response(200, setup, {{"Session", "77"}, {"Transport", "RTP/AVP;unicast;client_port=50000-50001;server_port=6970-6971"}})));
  ASSERT_EQ(s.OnResponse(Response(200, play)).kind, Kind::kPlaying);
  EXPECT_FALSE(s.stream_info().tcp);
  EXPECT_EQ(s.stream_info().server_rtp_port, 6970);
  EXPECT_EQ(s.stream_info().server_rtcp_port, 6971);
  EXPECT_EQ(s.stream_info().client_rtp_port, 50000);

  RtspSessionState forced(Config(/*tcp=*/false));
  RtspRequest setup2 = ToSetup(forced);
  auto step = forced.OnResponse(Response(200, setup2, {{"Session", "8"}, {"Transport", "RTP/AVP;unicast;interleaved=0-1"}}));
  EXPECT_FALSE(step.warning.empty());
  EXPECT_TRUE(forced.stream_info().tcp);
}

TEST(RtspSessionStateTest, FailuresMapToStatusCodes) {
  RtspSessionState s(Config());
  RtspRequest options = Sent(s.Begin());
  RtspRequest describe = Sent(s.OnResponse(Response(200, options)));
  auto nf = s.OnResponse(Response(404, describe));
  ASSERT_EQ(nf.kind, Kind::kFail);
  EXPECT_EQ(nf.status.code(), StatusCode::kNotFound);
  EXPECT_NE(nf.status.message().find("404"), std::string::npos);

  RtspSessionState t(Config());
  RtspRequest o2 = Sent(t.Begin());
  RtspRequest d2 = Sent(t.OnResponse(Response(200, o2)));
  auto bad_sdp = t.OnResponse(Response(200, d2, {}, "<html>not sdp</html>"));
  EXPECT_EQ(bad_sdp.status.code(), StatusCode::kDataLoss);

  RtspSessionState u(Config());
  RtspRequest o3 = Sent(u.Begin());
  RtspRequest d3 = Sent(u.OnResponse(Response(200, o3)));
  auto no_video = u.OnResponse(Response(200, d3, {}, "v=0\r\nm=audio 0 RTP/AVP 0\r\n"));
  EXPECT_EQ(no_video.status.code(), StatusCode::kNotFound);

  RtspResponse r;
  r.status_code = 453;
  EXPECT_EQ(StatusFromRtspResponse(r, "SETUP", "rtsp://h/").code(), StatusCode::kResourceExhausted);
  r.status_code = 503;
  EXPECT_EQ(StatusFromRtspResponse(r, "SETUP", "rtsp://h/").code(), StatusCode::kUnavailable);
  r.status_code = 403;
  EXPECT_EQ(StatusFromRtspResponse(r, "SETUP", "rtsp://h/").code(), StatusCode::kPermissionDenied);
}

TEST(RtspSessionStateTest, AnswersServerRequests) {
  RtspSessionState s(Config());
  RtspRequest options = Sent(s.Begin());
  RtspRequest describe = Sent(s.OnResponse(Response(200, options)));
  RtspRequest setup = Sent(s.OnResponse(Response(200, describe, {}, kSdp)));
  (void)Sent(s.OnResponse(Response(200, setup, {{"Session", "SID"}})));
  RtspRequest ping;
  ping.method = "OPTIONS";
  ping.uri = "*";
  ping.headers.Add("Cseq", "12");
  EXPECT_EQ(s.AnswerServerRequest(ping),
            "RTSP/1.0 200 OK\r\nCSeq: 12\r\nSession: SID\r\nServer: Custos/0.1\r\nPublic: OPTIONS, GET_PARAMETER\r\n\r\n");
  RtspRequest announce;
  announce.method = "ANNOUNCE";
  announce.headers.Add("CSeq", "13");
  EXPECT_EQ(s.AnswerServerRequest(announce).rfind("RTSP/1.0 501 Not Implemented\r\nCSeq: 13\r\n", 0), 0u);
}

TEST(RtspSessionStateTest, Teardown) {
  RtspSessionState none(Config());
  (void)none.Begin();
  EXPECT_EQ(none.Teardown().kind, Kind::kDone);  // no session yet

  RtspSessionState s(Config());
  RtspRequest setup = ToSetup(s);
  RtspRequest play = Sent(s.OnResponse(Response(200, setup, {{"Session", "SID;timeout=4"}})));
  ASSERT_EQ(s.OnResponse(Response(200, play)).kind, Kind::kPlaying);
  EXPECT_EQ(s.keepalive_interval_ms(), 2000);
  RtspRequest teardown = Sent(s.Teardown());
  EXPECT_EQ(teardown.method, "TEARDOWN");
  EXPECT_EQ(Header(teardown, "Session"), "SID");
  EXPECT_EQ(s.OnResponse(Response(500, teardown)).kind, Kind::kDone);
}

}  // namespace
}  // namespace custos
