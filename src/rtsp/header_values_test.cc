#include "rtsp/header_values.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

TEST(TransportHeaderTest, ParsesInterleavedTcp) {
  auto t = ParseTransportHeader("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1A2B3C4D;mode=\"PLAY\"");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->protocol, "RTP/AVP/TCP");
  EXPECT_TRUE(t->tcp);
  EXPECT_FALSE(t->multicast);
  ASSERT_TRUE(t->interleaved.has_value());
  EXPECT_EQ(t->interleaved->first, 0);
  EXPECT_EQ(t->interleaved->second, 1);
  EXPECT_EQ(t->ssrc, 0x1A2B3C4Du);
  EXPECT_EQ(t->mode, "play");
}

TEST(TransportHeaderTest, ParsesUdpPorts) {
  auto t = ParseTransportHeader("RTP/AVP;unicast;client_port=50000-50001;server_port=6970-6971;source=10.0.0.9");
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->tcp);
  EXPECT_EQ(t->client_port->first, 50000);
  EXPECT_EQ(t->server_port->first, 6970);
  EXPECT_EQ(t->server_port->second, 6971);
  EXPECT_EQ(t->source, "10.0.0.9");
  EXPECT_FALSE(t->ssrc.has_value());
}

TEST(TransportHeaderTest, CameraDeviations) {
  // Escam Q6: interleaved without /TCP; other channels than requested.
  auto escam = ParseTransportHeader("RTP/AVP;unicast;interleaved=2-3");
  ASSERT_TRUE(escam.has_value());
  EXPECT_TRUE(escam->tcp);
  EXPECT_EQ(escam->interleaved->first, 2);
  // interleaved=0 with no range.
  auto single = ParseTransportHeader("RTP/AVP/TCP;interleaved=4");
  EXPECT_EQ(single->interleaved->second, 5);
  // Luckfox: ssrc first; Hikvision: a space after "ssrc=".
  auto luckfox = ParseTransportHeader("ssrc=00ABCDEF;RTP/AVP/TCP;unicast;interleaved=0-1");
  EXPECT_EQ(luckfox->protocol, "RTP/AVP/TCP");
  EXPECT_EQ(luckfox->ssrc, 0xABCDEFu);
  auto hik = ParseTransportHeader("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc= 5F1E2D3C ; mode=play;");
  EXPECT_EQ(hik->ssrc, 0x5F1E2D3Cu);
  // No server_port (OpenIPC); junk values dropped, not fatal.
  auto openipc = ParseTransportHeader("RTP/AVP;unicast;client_port=5000-5001;ssrc=xyz;server_port=abc");
  ASSERT_TRUE(openipc.has_value());
  EXPECT_FALSE(openipc->server_port.has_value());
  EXPECT_FALSE(openipc->ssrc.has_value());
  // Several transports: the first counts.
  auto two = ParseTransportHeader("RTP/AVP/TCP;interleaved=0-1, RTP/AVP;client_port=1-2");
  EXPECT_TRUE(two->tcp);
  EXPECT_FALSE(ParseTransportHeader("  ").has_value());
}

TEST(SessionHeaderTest, ParsesIdAndTimeout) {
  auto s = ParseSessionHeader(" 12345678;timeout=20 ");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->id, "12345678");
  EXPECT_EQ(s->timeout_seconds, 20);
  EXPECT_TRUE(s->timeout_given);
  auto plain = ParseSessionHeader("AbC-123");
  EXPECT_EQ(plain->id, "AbC-123");
  EXPECT_EQ(plain->timeout_seconds, 60);
  EXPECT_FALSE(plain->timeout_given);
  EXPECT_EQ(ParseSessionHeader("x; Timeout = 30 ")->timeout_seconds, 30);
  EXPECT_EQ(ParseSessionHeader("x;timeout=0")->timeout_seconds, 60);
  EXPECT_EQ(ParseSessionHeader("x;timeout=abc")->timeout_seconds, 60);
  EXPECT_FALSE(ParseSessionHeader("").has_value());
  EXPECT_FALSE(ParseSessionHeader(";timeout=5").has_value());
}

TEST(RtpInfoHeaderTest, ParsesEntries) {
  auto e = ParseRtpInfoHeader(
      "url=rtsp://h/live/trackID=1;seq=4831;rtptime=3120937851, url=rtsp://h/live/trackID=2;seq=1;rtptime=0");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].url, "rtsp://h/live/trackID=1");
  EXPECT_EQ(e[0].seq, 4831);
  EXPECT_EQ(e[0].rtptime, 3120937851u);
  EXPECT_EQ(e[1].seq, 1);
  EXPECT_EQ(e[1].rtptime, 0u);
}

TEST(RtpInfoHeaderTest, CameraDeviations) {
  // Laureii: trailing ';'; OMNY: unparsable rtptime; Reolink: ssrc; commas inside a URL.
  auto e = ParseRtpInfoHeader("url=rtsp://h/a,b/track1;seq=7;rtptime=-12;ssrc= 0000BEEF;");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].url, "rtsp://h/a,b/track1");
  EXPECT_EQ(e[0].seq, 7);
  EXPECT_FALSE(e[0].rtptime.has_value());
  EXPECT_EQ(e[0].ssrc, 0xBEEFu);
  EXPECT_TRUE(ParseRtpInfoHeader("").empty());
}

TEST(PublicHeaderTest, ListsMethods) {
  EXPECT_TRUE(PublicListsMethod("OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, GET_PARAMETER", "GET_PARAMETER"));
  EXPECT_TRUE(PublicListsMethod("options,get_parameter", "GET_PARAMETER"));
  EXPECT_FALSE(PublicListsMethod("OPTIONS, SET_PARAMETER", "GET_PARAMETER"));
}

}  // namespace
}  // namespace custos
