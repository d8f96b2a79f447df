#include "rtsp/sdp.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

// What GStreamer's RTSP server (our rtsp-camera peer) actually sends.
const char kGStreamerH264[] =
    "v=0\r\no=- 16381526256824141517 1 IN IP4 127.0.0.1\r\ns=Session streamed with GStreamer\r\n"
    "i=rtsp-server\r\nt=0 0\r\na=tool:GStreamer\r\na=type:broadcast\r\na=control:*\r\na=range:npt=now-\r\n"
    "m=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:2048\r\na=rtpmap:96 H264/90000\r\na=framerate:25\r\n"
    "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAFNoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==;"
    "profile-level-id=42c014;level-asymmetry-allowed=1\r\na=control:stream=0\r\na=ts-refclk:local\r\n"
    "a=mediaclk:sender\r\na=ssrc:3474304920 cname:user2639156632@host-d2a9a4a4\r\n";

const char kGStreamerH265[] =
    "v=0\r\no=- 258601629023155820 1 IN IP4 127.0.0.1\r\ns=Session streamed with GStreamer\r\ni=rtsp-server\r\n"
    "t=0 0\r\na=tool:GStreamer\r\na=type:broadcast\r\na=control:*\r\na=range:npt=now-\r\nm=video 0 RTP/AVP 96\r\n"
    "c=IN IP4 0.0.0.0\r\na=rtpmap:96 H265/90000\r\na=framerate:25\r\n"
    "a=fmtp:96 sprop-vps=QAEMAf//BAgAAAMAmAgAAAMAAD+6AkA=;"
    "sprop-sps=QgEBBAgAAAMAmAgAAAMAAD+QAUEB4ilLdJSYX/4AAgAC1BgYGBAAAAMAEAAAAwGQgA==;sprop-pps=RAHAcDBgMSA=\r\n"
    "a=control:stream=0\r\na=ts-refclk:local\r\na=mediaclk:sender\r\n";

// Shaped like a Hikvision main stream: "; " between fmtp parameters, absolute controls,
// private attributes, audio and metadata sections.
const char kHikvisionLike[] =
    "v=0\r\no=- 1109162014219182 1109162014219192 IN IP4 192.168.1.64\r\ns=Media Presentation\r\ne=NONE\r\n"
    "b=AS:5050\r\nt=0 0\r\na=control:rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast\r\n"
    "m=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:5000\r\na=recvonly\r\na=x-dimensions:1920,1080\r\n"
    "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast\r\n"
    "a=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 profile-level-id=420029; packetization-mode=1; "
    "sprop-parameter-sets=Z00AKY2NQDwBE/LCAAADAAIAAAMAZQQA,aO44gA==\r\n"
    "a=Media_header:MEDIAINFO=494D4B48010100000400010000000000000000000000000000000000;\r\na=appversion:1.0\r\n"
    "m=audio 0 RTP/AVP 8\r\nc=IN IP4 0.0.0.0\r\nb=AS:50\r\na=recvonly\r\n"
    "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2?transportmode=unicast\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "m=application 0 RTP/AVP 107\r\nc=IN IP4 0.0.0.0\r\nb=AS:50\r\na=recvonly\r\n"
    "a=control:rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=4?transportmode=unicast\r\n"
    "a=rtpmap:107 isapi.metadata/90000\r\n";

// Shaped like a Dahua H.265 stream: relative controls, sprop-vps last, audio first.
const char kDahuaLike[] =
    "v=0\r\no=- 2251938210 2251938210 IN IP4 0.0.0.0\r\ns=Media Server\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
    "a=control:*\r\na=packetization-supported:DH\r\na=rtppayload-supported:DH\r\na=range:npt=now-\r\n"
    "m=audio 0 RTP/AVP 8\r\na=control:trackID=1\r\na=rtpmap:8 PCMA/8000\r\na=recvonly\r\n"
    "m=video 0 RTP/AVP 96\r\na=control:trackID=0\r\na=framerate:25.000000\r\na=rtpmap:96 H265/90000\r\n"
    "a=fmtp:96 profile-id=1;sprop-sps=QgEBAWAAAAMAsAAAAwAAAwCWoAPAgBDlja5JMvTcBAQEAg==;sprop-pps=RAHA8vA8kAA=;"
    "sprop-vps=QAEMAf//AWAAAAMAsAAAAwAAAwCWrAk=\r\na=recvonly\r\n"
    "m=application 0 RTP/AVP 107\r\na=control:trackID=4\r\na=rtpmap:107 vnd.onvif.metadata/90000\r\na=recvonly\r\n";

// Everything cameras get wrong at once: bare LF, trailing spaces, no o=, two s=, a broken
// c=, an unparsable m= line, control and fmtp before rtpmap, an empty fmtp, mixed-case keys.
const char kQuirky[] =
    "v=0\ns=one\ns=two\nc=IN IP4\nt=0 0   \na=tool:LIVE555 Streaming Media v2013.04.08\n"
    "garbage line\n"
    "m=foo\na=control:trackID=9\n"
    "m=video 0 RTP/AVP 97  \na=control:track1 \na=fmtp:97 Packetization-Mode=1; SPROP-PARAMETER-SETS=Z0LAFNoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==\n"
    "a=rtpmap:97 H264/90000 \na=fmtp:98\na=framerate:0S\n";

TEST(SdpTest, ParsesGStreamerH264) {
  auto sdp = ParseSdp(kGStreamerH264);
  ASSERT_TRUE(sdp.has_value()) << sdp.error().ToString();
  EXPECT_EQ(sdp->control, "*");
  EXPECT_EQ(sdp->range, "npt=now-");
  EXPECT_EQ(sdp->tool, "GStreamer");
  ASSERT_EQ(sdp->media.size(), 1u);
  const SdpMedia& m = sdp->media[0];
  EXPECT_EQ(m.media, "video");
  EXPECT_EQ(m.port, 0);
  EXPECT_EQ(m.proto, "RTP/AVP");
  EXPECT_EQ(m.formats, std::vector<std::string>{"96"});
  EXPECT_EQ(m.rtpmap.at(96).encoding, "H264");
  EXPECT_EQ(m.rtpmap.at(96).clock_rate_hz, 90000u);
  EXPECT_EQ(m.fmtp.at(96).at("profile-level-id"), "42c014");
  EXPECT_EQ(m.control, "stream=0");

  auto v = PickVideoStream(*sdp);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->codec, VideoCodec::kH264);
  EXPECT_EQ(v->payload_type, 96);
  EXPECT_EQ(v->clock_rate_hz, 90000u);
  EXPECT_EQ(v->control, "stream=0");
  EXPECT_EQ(v->packetization_mode, 1);
  EXPECT_EQ(v->profile_level_id, "42c014");
  ASSERT_EQ(v->parameter_sets.size(), 2u);
  EXPECT_EQ(v->parameter_sets[0][0] & 0x1F, 7);
  EXPECT_EQ(v->parameter_sets[1][0] & 0x1F, 8);
  EXPECT_EQ(v->parameter_set_note, "");
  EXPECT_EQ(v->ignored_media, 0);
}

TEST(SdpTest, ParsesGStreamerH265) {
  auto sdp = ParseSdp(kGStreamerH265);
  ASSERT_TRUE(sdp.has_value());
  auto v = PickVideoStream(*sdp);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->codec, VideoCodec::kH265);
  ASSERT_EQ(v->parameter_sets.size(), 3u);
  EXPECT_EQ((v->parameter_sets[0][0] >> 1) & 0x3F, 32);  // VPS
  EXPECT_EQ((v->parameter_sets[1][0] >> 1) & 0x3F, 33);  // SPS
  EXPECT_EQ((v->parameter_sets[2][0] >> 1) & 0x3F, 34);  // PPS
}

TEST(SdpTest, PicksHikvisionVideoAndIgnoresAudioAndMetadata) {
  auto sdp = ParseSdp(kHikvisionLike);
  ASSERT_TRUE(sdp.has_value());
  ASSERT_EQ(sdp->media.size(), 3u);
  EXPECT_EQ(sdp->media[0].direction, SdpDirection::kRecvOnly);
  auto v = PickVideoStream(*sdp);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->control, "rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast");
  EXPECT_EQ(v->packetization_mode, 1);
  EXPECT_EQ(v->profile_level_id, "420029");
  EXPECT_EQ(v->parameter_sets.size(), 2u);
  EXPECT_EQ(v->ignored_media, 2);
}

TEST(SdpTest, PicksDahuaH265AfterAudio) {
  auto sdp = ParseSdp(kDahuaLike);
  ASSERT_TRUE(sdp.has_value());
  auto v = PickVideoStream(*sdp);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->codec, VideoCodec::kH265);
  EXPECT_EQ(v->media_index, 1u);
  EXPECT_EQ(v->control, "trackID=0");
  ASSERT_EQ(v->parameter_sets.size(), 3u);
  EXPECT_EQ((v->parameter_sets[0][0] >> 1) & 0x3F, 32);  // VPS first although listed last
  EXPECT_EQ(v->ignored_media, 2);
}

TEST(SdpTest, SurvivesQuirkyFormatting) {
  auto sdp = ParseSdp(kQuirky);
  ASSERT_TRUE(sdp.has_value()) << sdp.error().ToString();
  EXPECT_EQ(sdp->skipped_media_sections, 1);  // m=foo, with its a=control
  EXPECT_EQ(sdp->skipped_lines, 1);
  EXPECT_TRUE(IsLive555WithStaleSessionBug(sdp->tool));
  ASSERT_EQ(sdp->media.size(), 1u);
  const SdpMedia& m = sdp->media[0];
  EXPECT_EQ(m.rtpmap.at(97).encoding, "H264");  // trailing space trimmed
  EXPECT_EQ(m.rtpmap.at(97).clock_rate_hz, 90000u);
  EXPECT_TRUE(m.fmtp.at(98).empty());
  auto v = PickVideoStream(*sdp);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->payload_type, 97);
  EXPECT_EQ(v->control, "track1");
  EXPECT_EQ(v->packetization_mode, 1);  // fmtp keys are case-insensitive
  EXPECT_EQ(v->parameter_sets.size(), 2u);
}

SdpVideoStream PickFrom(const std::string& fmtp, const std::string& codec = "H264") {
  std::string text = "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 " + codec + "/90000\r\n" + fmtp;
  auto sdp = ParseSdp(text);
  EXPECT_TRUE(sdp.has_value());
  auto v = PickVideoStream(*sdp);
  EXPECT_TRUE(v.has_value());
  return v.value_or(SdpVideoStream{});
}

TEST(SdpTest, ParameterSetDefectsNeverFailThePick) {
  // Missing entirely (HIK Media Server).
  EXPECT_TRUE(PickFrom("a=fmtp:96 packetization-mode=1\r\n").parameter_sets.empty());
  EXPECT_TRUE(PickFrom("").parameter_sets.empty());
  // PPS missing: a trailing empty element.
  auto no_pps = PickFrom("a=fmtp:96 sprop-parameter-sets=Z0LAFNoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,\r\n");
  EXPECT_EQ(no_pps.parameter_sets.size(), 1u);
  EXPECT_EQ(no_pps.parameter_set_note, "SDP parameter sets are incomplete");
  // Garbage base64.
  auto garbage = PickFrom("a=fmtp:96 sprop-parameter-sets=!!!,aM48gA==\r\n");
  EXPECT_TRUE(garbage.parameter_sets.empty());
  EXPECT_FALSE(garbage.parameter_set_note.empty());
  // Valid base64 that is not a parameter set (VStarcam): an SEI.
  EXPECT_TRUE(PickFrom("a=fmtp:96 sprop-parameter-sets=BgUBAgM=\r\n").parameter_sets.empty());
  // Annex B start codes inside the base64 (GW Security): split into SPS and PPS.
  auto annexb = PickFrom("a=fmtp:96 sprop-parameter-sets=AAAAAWdCwB7aAAAAAWjOPIA=\r\n");
  ASSERT_EQ(annexb.parameter_sets.size(), 2u);
  EXPECT_EQ(annexb.parameter_sets[0], (Bytes{0x67, 0x42, 0xc0, 0x1e, 0xda}));
  EXPECT_EQ(annexb.parameter_sets[1], (Bytes{0x68, 0xce, 0x3c, 0x80}));
  // H.265 with only sprop-sps.
  auto sps_only = PickFrom("a=fmtp:96 sprop-sps=QgEBAWAAAAMAsAAAAwAAAwCWoAPAgBDlja5JMvTcBAQEAg==\r\n", "H265");
  EXPECT_EQ(sps_only.parameter_sets.size(), 1u);
  EXPECT_EQ(sps_only.parameter_set_note, "SDP parameter sets are incomplete");
  // "HEVC" as the encoding name.
  EXPECT_EQ(PickFrom("", "HEVC").codec, VideoCodec::kH265);
}

TEST(SdpTest, FindsFmtpPlacedUnderAnotherSection) {
  auto sdp = ParseSdp(
      "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
      "m=audio 0 RTP/AVP 96\r\na=fmtp:96 sprop-parameter-sets=Z0LAFNoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==\r\n");
  ASSERT_TRUE(sdp.has_value());
  auto v = PickVideoStream(*sdp);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->parameter_sets.size(), 2u);
}

TEST(SdpTest, NoVideoIsNotFound) {
  auto sdp = ParseSdp("v=0\r\nm=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
  ASSERT_TRUE(sdp.has_value());
  auto v = PickVideoStream(*sdp);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code(), StatusCode::kNotFound);
  auto mjpeg = ParseSdp("v=0\r\nm=video 0 RTP/AVP 26\r\n");
  ASSERT_TRUE(mjpeg.has_value());
  EXPECT_FALSE(PickVideoStream(*mjpeg).has_value());
}

TEST(SdpTest, FailsOnlyWithoutAnyMedia) {
  EXPECT_FALSE(ParseSdp("").has_value());
  EXPECT_FALSE(ParseSdp("v=0\r\ns=x\r\n").has_value());
  EXPECT_FALSE(ParseSdp("m=video x RTP/AVP 96\r\n").has_value());
  EXPECT_EQ(ParseSdp("<html>").error().code(), StatusCode::kInvalidArgument);
}

TEST(SdpTest, RecognisesOldLive555) {
  EXPECT_TRUE(IsLive555WithStaleSessionBug("LIVE555 Streaming Media v2013.04.08"));
  EXPECT_TRUE(IsLive555WithStaleSessionBug("LIVE555 Streaming Media v2017.06.03"));
  EXPECT_FALSE(IsLive555WithStaleSessionBug("LIVE555 Streaming Media v2017.06.04"));
  EXPECT_FALSE(IsLive555WithStaleSessionBug("LIVE555 Streaming Media v2020.01.01"));
  EXPECT_FALSE(IsLive555WithStaleSessionBug("GStreamer"));
  EXPECT_FALSE(IsLive555WithStaleSessionBug("LIVE555 Streaming Media vX"));
}

}  // namespace
}  // namespace custos
