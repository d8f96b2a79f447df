#include "media/nal.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

Bytes B(std::initializer_list<uint8_t> v) { return Bytes(v); }
Bytes ToBytes(ByteSpan s) { return Bytes(s.begin(), s.end()); }

TEST(SplitAnnexBTest, ThreeAndFourByteStartCodes) {
  Bytes s = B({0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 1, 0x65, 0x88, 0x00});
  auto nals = SplitAnnexB(s);
  ASSERT_EQ(nals.size(), 3u);
  EXPECT_EQ(ToBytes(nals[0]), B({0x67, 0x42}));
  EXPECT_EQ(ToBytes(nals[1]), B({0x68, 0xce}));
  EXPECT_EQ(ToBytes(nals[2]), B({0x65, 0x88}));  // trailing zero dropped
}

TEST(SplitAnnexBTest, IgnoresLeadingBytesAndEmptyUnits) {
  Bytes s = B({0xff, 0x12, 0, 0, 1, 0, 0, 1, 0x09, 0xf0, 0, 0, 1});
  auto nals = SplitAnnexB(s);
  ASSERT_EQ(nals.size(), 1u);
  EXPECT_EQ(ToBytes(nals[0]), B({0x09, 0xf0}));
}

TEST(SplitAnnexBTest, NoStartCode) {
  EXPECT_TRUE(SplitAnnexB(B({1, 2, 3, 0, 0})).empty());
  EXPECT_TRUE(SplitAnnexB({}).empty());
  EXPECT_TRUE(SplitAnnexB(B({0, 0})).empty());
}

TEST(SplitAnnexBTest, KeepsEmulationPreventionInside) {
  Bytes s = B({0, 0, 1, 0x41, 0, 0, 3, 1, 0x22});
  auto nals = SplitAnnexB(s);
  ASSERT_EQ(nals.size(), 1u);
  EXPECT_EQ(ToBytes(nals[0]), B({0x41, 0, 0, 3, 1, 0x22}));
}

TEST(EmulationPreventionTest, RemovesOnlyEscapes) {
  EXPECT_EQ(RemoveEmulationPrevention(B({0, 0, 3, 1})), B({0, 0, 1}));
  EXPECT_EQ(RemoveEmulationPrevention(B({0, 0, 3, 3})), B({0, 0, 3}));
  EXPECT_EQ(RemoveEmulationPrevention(B({0, 0, 3, 0, 0, 3})), B({0, 0, 0, 0}));
  EXPECT_EQ(RemoveEmulationPrevention(B({0, 3, 0, 3})), B({0, 3, 0, 3}));
  EXPECT_EQ(RemoveEmulationPrevention(B({1, 2, 3})), B({1, 2, 3}));
  EXPECT_TRUE(RemoveEmulationPrevention(ByteSpan{}).empty());
}

TEST(EmulationPreventionTest, ReusesBuffer) {
  Bytes out = B({9, 9, 9, 9, 9, 9, 9, 9});
  RemoveEmulationPrevention(B({0, 0, 3, 2}), out);
  EXPECT_EQ(out, B({0, 0, 2}));
}

TEST(BitReaderTest, ReadsBitsMsbFirst) {
  Bytes d = B({0b1011'0011, 0xff, 0x00, 0x12, 0x34});
  BitReader br(d);
  EXPECT_EQ(br.Bits(1), 1u);
  EXPECT_EQ(br.Bits(3), 0b011u);
  EXPECT_EQ(br.Bits(4), 0b0011u);
  EXPECT_EQ(br.Bits(32), 0xff001234u);
  EXPECT_TRUE(br.ok());
  EXPECT_EQ(br.bits_left(), 0u);
  EXPECT_EQ(br.Bits(0), 0u);
  EXPECT_TRUE(br.ok());
}

TEST(BitReaderTest, ExpGolomb) {
  // ue: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3, 00111 -> 6, 0001000 -> 7
  Bytes d = B({0xa6, 0x43, 0x88, 0x00});
  BitReader br(d);
  EXPECT_EQ(br.Ue(), 0u);
  EXPECT_EQ(br.Ue(), 1u);
  EXPECT_EQ(br.Ue(), 2u);
  EXPECT_EQ(br.Ue(), 3u);
  EXPECT_EQ(br.Ue(), 6u);
  EXPECT_EQ(br.Ue(), 7u);
  EXPECT_TRUE(br.ok());
  // se: codes 0,1,2,3,4 map to 0, 1, -1, 2, -2
  Bytes s = B({0xa6, 0x42, 0x80});
  BitReader sr(s);
  EXPECT_EQ(sr.Se(), 0);
  EXPECT_EQ(sr.Se(), 1);
  EXPECT_EQ(sr.Se(), -1);
  EXPECT_EQ(sr.Se(), 2);
  EXPECT_EQ(sr.Se(), -2);
  EXPECT_TRUE(sr.ok());
}

TEST(BitReaderTest, LargestUeAndTooLong) {
  // 31 zeros, a one, 31 ones: 2^32 - 2.
  Bytes d = B({0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe});
  BitReader br(d);
  EXPECT_EQ(br.Ue(), 0xfffffffeu);
  EXPECT_TRUE(br.ok());
  // 32 zeros: longer than any legal code.
  Bytes z = B({0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff});
  BitReader zr(z);
  EXPECT_EQ(zr.Ue(), 0u);
  EXPECT_FALSE(zr.ok());
}

TEST(BitReaderTest, SeExtremes) {
  // ue 2^32-2 (even) is the most negative se.
  Bytes d = B({0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe});
  BitReader br(d);
  EXPECT_EQ(br.Se(), -2147483647);
  EXPECT_TRUE(br.ok());
}

TEST(BitReaderTest, FailureIsSticky) {
  Bytes d = B({0xff});
  BitReader br(d);
  EXPECT_EQ(br.Bits(6), 0x3fu);
  EXPECT_EQ(br.Bits(3), 0u);  // only 2 left
  EXPECT_FALSE(br.ok());
  EXPECT_EQ(br.Bits(1), 0u);  // even though a bit would be left
  EXPECT_EQ(br.bits_left(), 0u);
  uint32_t v = 7;
  EXPECT_FALSE(br.ReadBits(1, v));
  EXPECT_EQ(v, 0u);
}

TEST(BitReaderTest, UeRunsOffTheEnd) {
  Bytes d = B({0x00, 0x01});  // 15 zeros then 1, but no suffix bits
  BitReader br(d);
  uint32_t v = 0;
  EXPECT_FALSE(br.ReadUe(v));
  BitReader empty(ByteSpan{});
  EXPECT_FALSE(empty.Flag() || empty.ok());
}

TEST(BitReaderTest, SkipAndInvalidWidth) {
  Bytes d = B({0x0f, 0xf0});
  BitReader br(d);
  br.Skip(4);
  EXPECT_EQ(br.Bits(8), 0xffu);
  br.Skip(5);
  EXPECT_FALSE(br.ok());
  BitReader br2(d);
  EXPECT_EQ(br2.Bits(33), 0u);
  EXPECT_FALSE(br2.ok());
  BitReader br3(d);
  EXPECT_EQ(br3.Bits(-1), 0u);
  EXPECT_FALSE(br3.ok());
}

}  // namespace
}  // namespace custos
