#include "media/h265.h"

#include <gtest/gtest.h>

#include "media/media_test_util.h"
#include "media/test_parameter_sets.h"

namespace custos {
namespace {

using testing::ToBytes;
using testing::ToHex;
namespace td = testdata;

TEST(H265SpsTest, Main720) {
  auto sps = ParseH265Sps(td::kMain720Sps);
  ASSERT_TRUE(sps.has_value()) << sps.error().ToString();
  EXPECT_EQ(sps->profile_space, 0);
  EXPECT_FALSE(sps->tier);
  EXPECT_EQ(sps->profile_idc, 1);
  EXPECT_EQ(sps->profile_compatibility_flags, 0x60000000u);
  EXPECT_EQ(sps->constraint_flags, 0x900000000000u);
  EXPECT_EQ(sps->level_idc, 93);
  EXPECT_EQ(sps->max_sub_layers, 1);
  EXPECT_TRUE(sps->temporal_id_nesting);
  EXPECT_EQ(sps->chroma_format_idc, 1u);
  EXPECT_EQ(sps->bit_depth_luma, 8u);
  EXPECT_EQ(sps->width, 1280);
  EXPECT_EQ(sps->height, 720);
  EXPECT_EQ(H265CodecString(*sps), "hvc1.1.6.L93.90");
}

TEST(H265SpsTest, ConformanceWindow) {
  // Coded as 1920x1080; ffprobe reports width 1918, coded_width 1920.
  auto sps = ParseH265Sps(td::kMain1918Sps);
  ASSERT_TRUE(sps.has_value()) << sps.error().ToString();
  EXPECT_EQ(sps->width, 1918);
  EXPECT_EQ(sps->height, 1080);
  EXPECT_EQ(sps->level_idc, 120);
  EXPECT_EQ(H265CodecString(*sps), "hvc1.1.6.L120.90");
}

TEST(H265SpsTest, Rext422TenBit) {
  auto sps = ParseH265Sps(td::kRext422p10Sps);
  ASSERT_TRUE(sps.has_value()) << sps.error().ToString();
  EXPECT_EQ(sps->profile_idc, 4);
  EXPECT_EQ(sps->chroma_format_idc, 2u);
  EXPECT_EQ(sps->bit_depth_luma, 10u);
  EXPECT_EQ(sps->bit_depth_chroma, 10u);
  EXPECT_EQ(sps->width, 640);
  EXPECT_EQ(sps->height, 360);
  EXPECT_EQ(H265CodecString(*sps), "hvc1.4.10.L63.9D.08");
}

TEST(H265SpsTest, TwoSubLayers) {
  auto sps = ParseH265Sps(td::kTemporalSps);
  ASSERT_TRUE(sps.has_value()) << sps.error().ToString();
  EXPECT_EQ(sps->max_sub_layers, 2);
  EXPECT_FALSE(sps->temporal_id_nesting);
  EXPECT_EQ(sps->level_idc, 60);
  EXPECT_EQ(sps->width, 320);
  EXPECT_EQ(sps->height, 240);
}

// An SPS with sub-layers whose profile and level are present, and High tier, profile space 1.
TEST(H265SpsTest, SubLayerProfilesAndCodecStringLetters) {
  testing::BitWriter w;
  w.Bits(16, 0x4201).Bits(4, 0).Bits(3, 2).Bits(1, 1);  // 3 sub-layers, nesting
  w.Bits(2, 1).Bits(1, 1).Bits(5, 2).Bits(32, 0x20000000).Bits(48, 0).Bits(8, 150);
  w.Bits(2, 0b11).Bits(2, 0b01);  // sub-layer 0: profile + level; sub-layer 1: level only
  for (int i = 2; i < 8; ++i) w.Bits(2, 0);
  w.Bits(88, 0).Bits(8, 90).Bits(8, 93);
  w.Ue(0).Ue(1).Ue(352).Ue(288).Bits(1, 0).Ue(0).Ue(0);
  auto sps = ParseH265Sps(w.Finish());
  ASSERT_TRUE(sps.has_value()) << sps.error().ToString();
  EXPECT_EQ(sps->max_sub_layers, 3);
  EXPECT_EQ(sps->width, 352);
  EXPECT_EQ(sps->height, 288);
  EXPECT_EQ(H265CodecString(*sps), "hvc1.A2.4.H150");  // no constraint bytes: all zero
}

TEST(H265HvcCTest, LayoutMatchesFfmpegExceptCompleteness) {
  // FFmpeg 5.1's MP4 muxer output for the same streams, with array_completeness set to 1
  // (FFmpeg writes 0; the brief for Custos asks for 1, as hvc1 sample entries require).
  EXPECT_EQ(ToHex(*BuildHvcC(td::kMain720Vps, td::kMain720Sps, td::kMain720Pps)),
            "0101600000009000000000005df000fcfdf8f800000f03a00001001840010c01ffff01600000030090000003"
            "000003005d959809a10001002b42010101600000030090000003000003005da00280802d165959a4932bc05a"
            "020000030002000003003210a2000100074401c172b46240");
  EXPECT_EQ(ToHex(*BuildHvcC(td::kRext422p10Vps, td::kRext422p10Sps, td::kRext422p10Pps)),
            "0104080000009d08000000003ff000fcfefafa00000f03a00001001740010c01ffff0408000003009d080000"
            "0300003f959809a10001002a4201010408000003009d0800000300003fb005020169365959a4932bc05a0200"
            "00030002000003003210a2000100074401c172b46240");
  EXPECT_EQ(ToHex(*BuildHvcC(td::kTemporalVps, td::kTemporalSps, td::kTemporalPps)),
            "0101600000009000000000003cf000fcfdf8f800001303a00001001c40010c02ffff01600000030090000003"
            "000003003c00009598acc048a10001002e42010201600000030090000003000003003c0000a00a080f165959"
            "8acd24995e02d0100000030010000003019080a2000100074401c172b46240");
}

TEST(H265HvcCTest, RejectsWrongNalTypes) {
  EXPECT_FALSE(BuildHvcC(td::kMain720Sps, td::kMain720Sps, td::kMain720Pps).has_value());
  EXPECT_FALSE(BuildHvcC(td::kMain720Vps, td::kMain720Sps, td::kMain720Vps).has_value());
  EXPECT_FALSE(BuildHvcC(td::kMain720Vps, td::kMain720Pps, td::kMain720Pps).has_value());
}

TEST(H265ParamsTest, FillsEveryField) {
  auto p = MakeH265Params(td::kMain1918Vps, td::kMain1918Sps, td::kMain1918Pps);
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->codec, VideoCodec::kH265);
  EXPECT_EQ(p->vps, ToBytes(td::kMain1918Vps));
  EXPECT_EQ(p->sps, ToBytes(td::kMain1918Sps));
  EXPECT_EQ(p->pps, ToBytes(td::kMain1918Pps));
  EXPECT_EQ(p->width, 1918);
  EXPECT_EQ(p->height, 1080);
  EXPECT_EQ(p->rfc6381_codec, "hvc1.1.6.L120.90");
  EXPECT_EQ(p->decoder_config, *BuildHvcC(td::kMain1918Vps, td::kMain1918Sps, td::kMain1918Pps));
}

TEST(H265SpsTest, EveryTruncationFailsCleanly) {
  Bytes sps = ToBytes(td::kMain720Sps);
  for (size_t n = 0; n < 24; ++n) {  // up to the bit depths, all needed
    EXPECT_FALSE(ParseH265Sps(ByteSpan(sps.data(), n)).has_value()) << n;
  }
}

TEST(H265SpsTest, RejectsHostileValues) {
  EXPECT_FALSE(ParseH265Sps(td::kMain720Vps).has_value());
  auto start = [](int sub_layers_minus1) {
    testing::BitWriter w;
    w.Bits(16, 0x4201).Bits(4, 0).Bits(3, static_cast<uint64_t>(sub_layers_minus1)).Bits(1, 1);
    w.Bits(8, 1).Bits(32, 0x60000000).Bits(48, 0).Bits(8, 93);
    for (int i = 0; i < sub_layers_minus1; ++i) w.Bits(2, 0);
    if (sub_layers_minus1 > 0) w.Bits(2 * (8 - sub_layers_minus1), 0);
    return w;
  };
  EXPECT_FALSE(ParseH265Sps(start(7).Finish()).has_value());           // 8 sub-layers
  EXPECT_FALSE(ParseH265Sps(start(0).Ue(16).Finish()).has_value());    // sps id 16
  EXPECT_FALSE(ParseH265Sps(start(0).Ue(0).Ue(4).Finish()).has_value());  // chroma 4
  EXPECT_FALSE(ParseH265Sps(start(0).Ue(0).Ue(1).Ue(0).Ue(16).Bits(1, 0).Ue(0).Ue(0).Finish()).has_value());
  EXPECT_FALSE(ParseH265Sps(start(0).Ue(0).Ue(1).Ue(70000).Ue(16).Bits(1, 0).Ue(0).Ue(0).Finish()).has_value());
  // Conformance window wider than the picture: 16 wide, 4:2:0, left offset 8 (16 pixels).
  EXPECT_FALSE(ParseH265Sps(start(0).Ue(0).Ue(1).Ue(16).Ue(16).Bits(1, 1).Ue(8).Ue(0).Ue(0).Ue(0).Ue(0).Ue(0).Finish())
                   .has_value());
  EXPECT_FALSE(ParseH265Sps(start(0).Ue(0).Ue(1).Ue(16).Ue(16).Bits(1, 0).Ue(9).Ue(0).Finish()).has_value());
  EXPECT_FALSE(ParseH265Sps(start(0).Ue(0).Ue(1).Ue(16).Ue(16).Bits(1, 0).Ue(8).Ue(0).Finish()).has_value());
  EXPECT_TRUE(ParseH265Sps(start(0).Ue(0).Ue(1).Ue(16).Ue(16).Bits(1, 0).Ue(2).Ue(2).Finish()).has_value());
}

}  // namespace
}  // namespace custos
