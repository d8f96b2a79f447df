#include "media/h264.h"

#include <gtest/gtest.h>

#include "media/media_test_util.h"
#include "media/test_parameter_sets.h"

namespace custos {
namespace {

using testing::FromHex;
using testing::ToBytes;
using testing::ToHex;
namespace td = testdata;

struct SpsCase {
  const char* name;
  Bytes sps;
  uint8_t profile, constraints, level;
  uint32_t chroma, depth_luma, depth_chroma;
  bool frame_mbs_only;
  uint16_t width, height;
  const char* codec;
};

class H264SpsTest : public ::testing::TestWithParam<SpsCase> {};

TEST_P(H264SpsTest, ParsesRealSps) {
  const SpsCase& c = GetParam();
  auto sps = ParseH264Sps(c.sps);
  ASSERT_TRUE(sps.has_value()) << sps.error().ToString();
  EXPECT_EQ(sps->profile_idc, c.profile);
  EXPECT_EQ(sps->constraint_flags, c.constraints);
  EXPECT_EQ(sps->level_idc, c.level);
  EXPECT_EQ(sps->chroma_format_idc, c.chroma);
  EXPECT_EQ(sps->bit_depth_luma, c.depth_luma);
  EXPECT_EQ(sps->bit_depth_chroma, c.depth_chroma);
  EXPECT_EQ(sps->frame_mbs_only, c.frame_mbs_only);
  EXPECT_EQ(sps->width, c.width);
  EXPECT_EQ(sps->height, c.height);
  EXPECT_EQ(H264CodecString(*sps), c.codec);
}

// Expected sizes, profiles and levels as ffprobe reports them for the source streams.
INSTANTIATE_TEST_SUITE_P(
    Real, H264SpsTest,
    ::testing::Values(
        SpsCase{"Baseline720", ToBytes(td::kBaseline720Sps), 66, 0xc0, 31, 1, 8, 8, true, 1280, 720, "avc1.42c01f"},
        SpsCase{"High720", ToBytes(td::kHigh720Sps), 100, 0, 31, 1, 8, 8, true, 1280, 720, "avc1.64001f"},
        SpsCase{"High1918", ToBytes(td::kHigh1918Sps), 100, 0, 40, 1, 8, 8, true, 1918, 1080, "avc1.640028"},
        SpsCase{"Cqm1080", ToBytes(td::kCqm1080Sps), 100, 0, 40, 1, 8, 8, true, 1920, 1080, "avc1.640028"},
        SpsCase{"High422p10", ToBytes(td::kHigh422p10Sps), 122, 0, 30, 2, 10, 10, true, 640, 360, "avc1.7a001e"},
        SpsCase{"High444Cqm", ToBytes(td::kHigh444CqmSps), 244, 0, 13, 3, 8, 8, true, 320, 240, "avc1.f4000d"},
        SpsCase{"Gray", ToBytes(td::kGraySps), 100, 0, 13, 0, 8, 8, true, 320, 240, "avc1.64000d"},
        SpsCase{"Interlaced", ToBytes(td::kInterlacedSps), 100, 0, 21, 1, 8, 8, false, 352, 288, "avc1.640015"}),
    [](const ::testing::TestParamInfo<SpsCase>& info) { return std::string(info.param.name); });

TEST(H264AvcCTest, MatchesFfmpegMuxer) {
  // avcC payloads written by FFmpeg 5.1's MP4 muxer (`-c copy` into .mp4) for the same streams.
  EXPECT_EQ(ToHex(*BuildAvcC(td::kBaseline720Sps, td::kBaseline720Pps)),
            "0142c01fffe100196742c01fd9005005bb011000000300100000030320f183248001000568cb83cb20");
  EXPECT_EQ(ToHex(*BuildAvcC(td::kHigh720Sps, td::kHigh720Pps)),
            "0164001fffe1001a6764001facd9405005bb011000000300100000030320f183196001000668ebe3cb22c0"
            "fdf8f800");
  EXPECT_EQ(ToHex(*BuildAvcC(td::kHigh422p10Sps, td::kHigh422p10Pps)),
            "017a001effe1001b677a001eb6cd940a02ff89c044000003000400000300c83c58b65801000668ebe3cb22c0"
            "fefafa00");
  EXPECT_EQ(ToHex(*BuildAvcC(td::kHigh444CqmSps, td::kHigh444CqmPps)),
            "01f4000dffe1001967f4000d919b28283f6022000003000200000300641e28532c01000868ebe3c44c000440"
            "fff8f800");
  EXPECT_EQ(ToHex(*BuildAvcC(td::kGraySps, td::kGrayPps)),
            "0164000dffe100196764000df3650507ec05b2000003000200000300641e28532c01000668ebe3cb22c0"
            "fcf8f800");
}

TEST(H264AvcCTest, RejectsWrongNalTypes) {
  EXPECT_FALSE(BuildAvcC(td::kHigh720Pps, td::kHigh720Pps).has_value());
  EXPECT_FALSE(BuildAvcC(td::kHigh720Sps, td::kHigh720Sps).has_value());
  EXPECT_FALSE(BuildAvcC(td::kHigh720Sps, ByteSpan{}).has_value());
}

TEST(H264ParamsTest, FillsEveryField) {
  auto p = MakeH264Params(td::kHigh1918Sps, td::kHigh1918Pps);
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->codec, VideoCodec::kH264);
  EXPECT_TRUE(p->vps.empty());
  EXPECT_EQ(p->sps, ToBytes(td::kHigh1918Sps));
  EXPECT_EQ(p->pps, ToBytes(td::kHigh1918Pps));
  EXPECT_EQ(p->width, 1918);
  EXPECT_EQ(p->height, 1080);
  EXPECT_EQ(p->rfc6381_codec, "avc1.640028");
  EXPECT_EQ(p->decoder_config, *BuildAvcC(td::kHigh1918Sps, td::kHigh1918Pps));
}

TEST(H264SpsTest, EveryTruncationFailsCleanly) {
  Bytes sps = ToBytes(td::kHigh422p10Sps);
  // The last bytes are VUI, which the parser does not read; anything shorter than the
  // cropping fields must fail rather than read past the end.
  size_t failures = 0;
  for (size_t n = 0; n < sps.size(); ++n) {
    auto r = ParseH264Sps(ByteSpan(sps.data(), n));
    if (!r) ++failures;
  }
  EXPECT_GE(failures, 8u);
  EXPECT_FALSE(ParseH264Sps(ByteSpan(sps.data(), 4)).has_value());
}

// Header, profile, constraints, level, sps_id 0 (and, for High, 4:2:0 8-bit without
// scaling matrices), log2_max_frame_num 0.
testing::BitWriter SpsStart(uint8_t profile) {
  testing::BitWriter w;
  w.Bits(8, 0x67).Bits(8, profile).Bits(8, 0).Bits(8, 31).Ue(0);
  if (profile == 100) w.Ue(1).Ue(0).Ue(0).Bits(1, 0).Bits(1, 0);
  w.Ue(0);
  return w;
}

TEST(H264SpsTest, HandMadeSps) {
  // poc type 2, 1 ref frame, 11x9 macroblocks, frame_mbs_only, no cropping, no VUI.
  Bytes sps = SpsStart(66).Ue(2).Ue(1).Bits(1, 0).Ue(10).Ue(8).Bits(1, 1).Bits(1, 1).Bits(1, 0).Bits(1, 0).Finish();
  auto r = ParseH264Sps(sps);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->width, 176);
  EXPECT_EQ(r->height, 144);
  // poc type 1 with a short cycle, field coding (map units are field pairs), crop bottom 2.
  Bytes sps2 = SpsStart(100).Ue(1).Bits(1, 0).Se(-3).Se(4).Ue(2).Se(1).Se(-1).Ue(2).Bits(1, 0)
                   .Ue(21).Ue(8).Bits(1, 0).Bits(1, 0).Bits(1, 1).Bits(1, 1).Ue(0).Ue(0).Ue(0).Ue(2).Bits(1, 0)
                   .Finish();
  auto r2 = ParseH264Sps(sps2);
  ASSERT_TRUE(r2.has_value()) << r2.error().ToString();
  EXPECT_EQ(r2->width, 352);
  EXPECT_EQ(r2->height, 288 - 2 * 2 * 2);  // crop unit: SubHeightC 2 x 2 for fields
  EXPECT_FALSE(r2->frame_mbs_only);
}

TEST(H264SpsTest, RejectsHostileValues) {
  EXPECT_FALSE(ParseH264Sps(td::kHigh720Pps).has_value());  // not an SPS
  testing::BitWriter bad_chroma;
  bad_chroma.Bits(8, 0x67).Bits(8, 100).Bits(8, 0).Bits(8, 31).Ue(0).Ue(7);
  EXPECT_FALSE(ParseH264Sps(bad_chroma.Finish()).has_value());
  testing::BitWriter bad_id;
  bad_id.Bits(8, 0x67).Bits(8, 66).Bits(8, 0).Bits(8, 31).Ue(32);
  EXPECT_FALSE(ParseH264Sps(bad_id.Finish()).has_value());
  // A pic_order_cnt cycle of 65536 entries is refused before it is read.
  EXPECT_FALSE(ParseH264Sps(SpsStart(66).Ue(1).Bits(1, 0).Se(0).Se(0).Ue(65536).Finish()).has_value());
  EXPECT_FALSE(ParseH264Sps(SpsStart(66).Ue(3).Finish()).has_value());  // poc type 3
  // A picture of 2^32 - 1 macroblocks each way.
  EXPECT_FALSE(ParseH264Sps(SpsStart(66).Ue(2).Ue(1).Bits(1, 0).Ue(0xfffffffe).Ue(0xfffffffe).Bits(3, 0b110).Finish())
                   .has_value());
  // Cropping more than the picture: 16x16 with crop_left 8 (16 pixels).
  EXPECT_FALSE(ParseH264Sps(SpsStart(66).Ue(2).Ue(1).Bits(1, 0).Ue(0).Ue(0).Bits(3, 0b111).Ue(8).Ue(0).Ue(0).Ue(0)
                                .Finish())
                   .has_value());
  // Bit depth 15.
  testing::BitWriter deep;
  deep.Bits(8, 0x67).Bits(8, 100).Bits(8, 0).Bits(8, 31).Ue(0).Ue(1).Ue(7).Ue(0);
  EXPECT_FALSE(ParseH264Sps(deep.Finish()).has_value());
}

}  // namespace
}  // namespace custos
