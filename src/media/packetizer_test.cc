#include "media/packetizer.h"

#include <gtest/gtest.h>

#include "media/media_test_util.h"

namespace custos {
namespace {

using testing::FromHex;
using testing::ToBytes;
using testing::ToHex;

Bytes Filled(std::initializer_list<uint8_t> header, size_t size) {
  Bytes b(header);
  for (size_t i = b.size(); i < size; ++i) b.push_back(static_cast<uint8_t>(i));
  return b;
}

TEST(PacketizerTest, SingleNalUnits) {
  Bytes sps = FromHex("6742c01f"), pps = FromHex("68ce3c80"), idr = FromHex("6588840021");
  auto r = PacketizeAccessUnit(VideoCodec::kH264, {sps, pps, idr});
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].data, sps);
  EXPECT_EQ((*r)[2].data, idr);
  EXPECT_FALSE((*r)[0].marker);
  EXPECT_FALSE((*r)[1].marker);
  EXPECT_TRUE((*r)[2].marker);
}

TEST(PacketizerTest, H264FuA) {
  Bytes idr = Filled({0x65}, 25);  // NRI 3, type 5, 24 bytes after the header
  PacketizerOptions opts;
  opts.max_payload_bytes = 12;  // 10 bytes of NAL data per FU-A
  auto r = PacketizeAccessUnit(VideoCodec::kH264, {idr}, opts);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(ToHex((*r)[0].data), "7c85" + ToHex(ByteSpan(idr).subspan(1, 10)));  // FU indicator, S
  EXPECT_EQ(ToHex((*r)[1].data), "7c05" + ToHex(ByteSpan(idr).subspan(11, 10)));
  EXPECT_EQ(ToHex((*r)[2].data), "7c45" + ToHex(ByteSpan(idr).subspan(21, 4)));  // E
  EXPECT_TRUE((*r)[2].marker);
  for (const RtpPayload& p : *r) EXPECT_LE(p.data.size(), 12u);
}

TEST(PacketizerTest, H265Fu) {
  Bytes idr = Filled({0x26, 0x01}, 20);  // IDR_W_RADL, TID 1; 18 bytes after the header
  PacketizerOptions opts;
  opts.max_payload_bytes = 12;  // 9 bytes per FU
  auto r = PacketizeAccessUnit(VideoCodec::kH265, {idr}, opts);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(ToHex((*r)[0].data), "620193" + ToHex(ByteSpan(idr).subspan(2, 9)));
  EXPECT_EQ(ToHex((*r)[1].data), "620153" + ToHex(ByteSpan(idr).subspan(11, 9)));
  EXPECT_TRUE((*r)[1].marker);
}

TEST(PacketizerTest, StapA) {
  Bytes sps = FromHex("6742c01f"), pps = FromHex("48ce3c80"), sei = FromHex("0605ff");
  Bytes big = Filled({0x65}, 30);
  PacketizerOptions opts;
  opts.max_payload_bytes = 20;
  opts.aggregate = true;
  auto r = PacketizeAccessUnit(VideoCodec::kH264, {sps, pps, sei, big}, opts);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 3u);  // STAP-A(sps, pps, sei), then two FU-A
  // F = 0, NRI = max(3, 2, 0), type 24.
  EXPECT_EQ(ToHex((*r)[0].data), "78" "0004" "6742c01f" "0004" "48ce3c80" "0003" "0605ff");
  EXPECT_EQ((*r)[1].data[0], 0x7c);
  EXPECT_TRUE((*r)[2].marker);
}

TEST(PacketizerTest, AggregatesOnlyWhatFits) {
  Bytes a = Filled({0x41}, 8), b = Filled({0x41}, 8), c = Filled({0x41}, 8);
  PacketizerOptions opts;
  opts.max_payload_bytes = 21;  // 1 + 2*(2+8) fits two, not three
  opts.aggregate = true;
  auto r = PacketizeAccessUnit(VideoCodec::kH264, {a, b, c}, opts);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].data.size(), 21u);
  EXPECT_EQ((*r)[1].data, c);  // a lone unit goes as a single NAL unit packet
}

TEST(PacketizerTest, H265Ap) {
  Bytes vps = FromHex("40010c01"), sps = FromHex("42010101"), pps = FromHex("4401c172");
  PacketizerOptions opts;
  opts.aggregate = true;
  auto r = PacketizeAccessUnit(VideoCodec::kH265, {vps, sps, pps}, opts);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(ToHex((*r)[0].data), "6001" "0004" "40010c01" "0004" "42010101" "0004" "4401c172");
  EXPECT_TRUE((*r)[0].marker);
}

TEST(PacketizerTest, RejectsBadInput) {
  Bytes nal = FromHex("6588");
  PacketizerOptions tiny;
  tiny.max_payload_bytes = 7;
  EXPECT_FALSE(PacketizeAccessUnit(VideoCodec::kH264, {nal}, tiny).has_value());
  EXPECT_FALSE(PacketizeAccessUnit(VideoCodec::kH264, {}).has_value());
  EXPECT_FALSE(PacketizeAccessUnit(VideoCodec::kH264, {ByteSpan{}}).has_value());
  EXPECT_FALSE(PacketizeAccessUnit(VideoCodec::kH265, {FromHex("40")}).has_value());
}

TEST(SplitLengthPrefixedTest, SplitsAndValidates) {
  Bytes sample = FromHex("00000002" "6588" "00000003" "419a01");
  auto r = SplitLengthPrefixed(sample);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(ToHex((*r)[0]), "6588");
  EXPECT_EQ(ToHex((*r)[1]), "419a01");
  EXPECT_TRUE(SplitLengthPrefixed(ByteSpan{})->empty());
  EXPECT_FALSE(SplitLengthPrefixed(FromHex("00000003" "6588")).has_value());
  EXPECT_FALSE(SplitLengthPrefixed(FromHex("00000000")).has_value());
  EXPECT_FALSE(SplitLengthPrefixed(FromHex("000000")).has_value());
  EXPECT_FALSE(SplitLengthPrefixed(FromHex("ffffffff65")).has_value());
}

}  // namespace
}  // namespace custos
