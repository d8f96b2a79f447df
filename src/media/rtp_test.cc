#include "media/rtp.h"

#include "base/ntp.h"

#include <gtest/gtest.h>

#include "media/media_test_util.h"

namespace custos {
namespace {

using testing::FromHex;
using testing::ToBytes;
using testing::ToHex;

TEST(RtpTest, ParsesPlainHeader) {
  Bytes pkt = FromHex("80e1" "1234" "000a0000" "deadbeef" "6588aa");
  auto r = ParseRtp(pkt);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_TRUE(r->marker);
  EXPECT_EQ(r->payload_type, 97);
  EXPECT_EQ(r->sequence, 0x1234);
  EXPECT_EQ(r->timestamp, 0x000a0000u);
  EXPECT_EQ(r->ssrc, 0xdeadbeefu);
  EXPECT_EQ(ToHex(r->payload), "6588aa");
}

TEST(RtpTest, SkipsCsrcsExtensionAndPadding) {
  // V=2 P=1 X=1 CC=2; extension of 1 word; 3 bytes of padding.
  Bytes pkt = FromHex("b260" "0001" "00000002" "00000003" "11111111" "22222222" "bede0001" "aabbccdd"
                      "41424344" "000003");
  auto r = ParseRtp(pkt);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_FALSE(r->marker);
  EXPECT_EQ(r->payload_type, 96);
  EXPECT_EQ(ToHex(r->payload), "41424344");
}

TEST(RtpTest, PaddingMayLeaveAnEmptyPayload) {
  auto r = ParseRtp(FromHex("a0600001000000020000000300000004"));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->payload.empty());
}

TEST(RtpTest, RejectsMalformedHeaders) {
  EXPECT_FALSE(ParseRtp(FromHex("40600001000000020000000341")).has_value());  // version 1
  EXPECT_FALSE(ParseRtp(FromHex("8f6000010000000200000003aabbccdd")).has_value());  // 15 CSRCs, 1 present
  EXPECT_FALSE(ParseRtp(FromHex("9060000100000002000000030000")).has_value());  // extension header cut
  EXPECT_FALSE(ParseRtp(FromHex("906000010000000200000003bedeffff00")).has_value());  // 65535 words
  EXPECT_FALSE(ParseRtp(FromHex("a06000010000000200000003414200")).has_value());  // padding count 0
  EXPECT_FALSE(ParseRtp(FromHex("a06000010000000200000003414205")).has_value());  // padding > payload
  EXPECT_FALSE(ParseRtp(FromHex("a0600001000000020000000301ff")).has_value());  // padding 255
}

TEST(RtpTest, EveryTruncationFailsOrStaysInBounds) {
  Bytes pkt = FromHex("b260000100000002000000031111111122222222bede0001aabbccdd41424344000003");
  for (size_t n = 0; n < pkt.size(); ++n) {
    Bytes cut(pkt.begin(), pkt.begin() + static_cast<ptrdiff_t>(n));  // exact-size copy for ASan
    auto r = ParseRtp(cut);
    if (r) {
      EXPECT_LE(r->payload.data() + r->payload.size(), cut.data() + cut.size());
    }
  }
  EXPECT_FALSE(ParseRtp(ByteSpan{}).has_value());
  EXPECT_FALSE(ParseRtp(FromHex("8060000100000002000000")).has_value());  // 11 bytes
}

TEST(RtpTest, SerializeRoundTrip) {
  Bytes payload = FromHex("7c85aabb");
  RtpPacket in;
  in.payload_type = 96;
  in.marker = true;
  in.sequence = 65535;
  in.timestamp = 0xfffffff0u;
  in.ssrc = 42;
  in.payload = payload;
  Bytes wire;
  SerializeRtp(in, wire);
  EXPECT_EQ(ToHex(wire), "80e0fffffffffff00000002a7c85aabb");
  auto out = ParseRtp(wire);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->sequence, 65535);
  EXPECT_EQ(out->timestamp, 0xfffffff0u);
  EXPECT_EQ(ToBytes(out->payload), payload);
}

// RTCP

Bytes SenderReport(uint32_t ssrc, uint64_t ntp, uint32_t rtp, uint32_t packets, uint32_t octets) {
  Bytes out;
  SerializeRtcpSenderReport({ssrc, ntp, rtp, packets, octets}, out);
  return out;
}

TEST(RtcpTest, SenderReportAndSdes) {
  Bytes pkt = SenderReport(0x11223344, 0xe8fbc74000000000ull, 90000, 10, 12000);
  // SDES with one chunk: ssrc, CNAME "cam", end, padding to a word.
  Bytes sdes = FromHex("81ca0003" "11223344" "0103" "63616d" "00" "0000");
  pkt.insert(pkt.end(), sdes.begin(), sdes.end());
  auto r = ParseRtcpCompound(pkt);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->sender_reports.size(), 1u);
  EXPECT_FALSE(r->bye);
  const RtcpSenderReport& sr = r->sender_reports[0];
  EXPECT_EQ(sr.ssrc, 0x11223344u);
  EXPECT_EQ(sr.ntp_timestamp, 0xe8fbc74000000000ull);
  EXPECT_EQ(sr.rtp_timestamp, 90000u);
  EXPECT_EQ(sr.packet_count, 10u);
  EXPECT_EQ(sr.octet_count, 12000u);
}

TEST(RtcpTest, SenderReportWithReportBlockByeAndUnknownTypes) {
  // SR with RC=1 (one 24-byte report block), an APP packet (204), an XR (207), a BYE.
  Bytes pkt = FromHex("81c8000c" "00000001" "e8fbc74080000000" "00000064" "00000001" "00000002"
                      "00000009" "00000000" "00000000" "00000000" "00000000" "00000000"
                      "80cc0002" "00000001" "74657374"
                      "80cf0001" "00000001"
                      "81cb0001" "00000001");
  auto r = ParseRtcpCompound(pkt);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  ASSERT_EQ(r->sender_reports.size(), 1u);
  EXPECT_EQ(r->sender_reports[0].rtp_timestamp, 100u);
  EXPECT_TRUE(r->bye);
}

TEST(RtcpTest, ReceiverReportOnly) {
  auto r = ParseRtcpCompound(FromHex("80c9000100000001"));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->sender_reports.empty());
  EXPECT_FALSE(r->bye);
}

TEST(RtcpTest, RejectsMalformedCompounds) {
  EXPECT_FALSE(ParseRtcpCompound(ByteSpan{}).has_value());
  EXPECT_FALSE(ParseRtcpCompound(FromHex("40c9000100000001")).has_value());  // version 1
  EXPECT_FALSE(ParseRtcpCompound(FromHex("80c9000200000001")).has_value());  // length past the end
  EXPECT_FALSE(ParseRtcpCompound(FromHex("80c900010000000180")).has_value());  // trailing byte
  EXPECT_FALSE(ParseRtcpCompound(FromHex("80c80001e8fbc740")).has_value());  // SR without sender info
  // A valid SR followed by garbage is rejected as a whole.
  Bytes pkt = SenderReport(1, 2, 3, 4, 5);
  pkt.push_back(0x00);
  pkt.push_back(0xc8);
  pkt.push_back(0x00);
  pkt.push_back(0x00);
  EXPECT_FALSE(ParseRtcpCompound(pkt).has_value());
}

TEST(RtcpTest, EveryTruncationIsSafe) {
  Bytes pkt = SenderReport(1, 2, 3, 4, 5);
  Bytes bye = FromHex("81cb000100000001");
  pkt.insert(pkt.end(), bye.begin(), bye.end());
  for (size_t n = 0; n < pkt.size(); ++n) {
    Bytes cut(pkt.begin(), pkt.begin() + static_cast<ptrdiff_t>(n));
    auto r = ParseRtcpCompound(cut);
    EXPECT_EQ(r.has_value(), n == 28) << n;  // only the SR alone is a whole compound
  }
}

TEST(NtpTest, ConvertsToWallTime) {
  // 2023-11-14T22:13:20.5Z: Unix 1700000000 + 0.5 s.
  const uint64_t ntp = (uint64_t{1700000000 + 2208988800u} << 32) | 0x80000000u;
  EXPECT_EQ(Ntp64ToWallTime(ntp).ticks_90k, 1700000000LL * 90000 + 45000);
  EXPECT_EQ(FormatIso8601(Ntp64ToWallTime(ntp)), "2023-11-14T22:13:20.500Z");
  EXPECT_EQ(Ntp64ToWallTime(uint64_t{2208988800u} << 32).ticks_90k, 0);
}

TEST(NtpTest, EraOneAfter2036) {
  EXPECT_EQ(FormatIso8601(Ntp64ToWallTime(uint64_t{16} << 32)), "2036-02-07T06:28:32.000Z");
}

TEST(NtpTest, RoundTrips) {
  for (int64_t t : {int64_t{0}, int64_t{1700000000LL * 90000 + 1}, int64_t{2085978512LL * 90000 + 89999},
                    int64_t{-90000 * 86400LL + 7}}) {
    EXPECT_EQ(Ntp64ToWallTime(*WallTimeToNtp64({t})).ticks_90k, t) << t;
  }
}

}  // namespace
}  // namespace custos
