#include "mp4/init_segment.h"

#include <gtest/gtest.h>

#include "mp4/box.h"
#include "mp4/init_parser.h"
#include "mp4/test_util.h"

namespace custos::mp4 {
namespace {

using testing::FindBox;
using testing::TestParams;

Bytes Build(const VideoParams& p, const InitSegmentOptions& o = {}) {
  Result<Bytes> init = BuildInitSegment(p, o);
  EXPECT_TRUE(init.has_value()) << init.error().ToString();
  return init ? *init : Bytes{};
}

uint32_t U32At(ByteSpan s, size_t at) { return LoadBE32(&s[at]); }

TEST(InitSegmentTest, FtypBytes) {
  Bytes init = Build(TestParams(VideoCodec::kH264));
  Bytes expected = {0, 0, 0, 36, 'f', 't', 'y', 'p', 'i', 's', 'o', '5', 0, 0, 0, 0, 'i', 's',
                    'o', 'm', 'i', 's', 'o', '5', 'i', 's', 'o', '6', 'm', 'p', '4', '1', 'a', 'v', 'c', '1'};
  ASSERT_GE(init.size(), expected.size());
  EXPECT_EQ(Bytes(init.begin(), init.begin() + 36), expected);
  EXPECT_EQ(testing::TopLevelTypes(init), (std::vector<std::string>{"ftyp", "moov"}));
  Bytes h265 = Build(TestParams(VideoCodec::kH265));
  EXPECT_EQ(U32At(h265, 32), FourCC("hvc1"));
}

TEST(InitSegmentTest, MovieAndTrackHeaders) {
  Bytes init = Build(TestParams(VideoCodec::kH264, 1920, 1080));
  auto mvhd = FindBox(init, {"moov", "mvhd"});
  ASSERT_TRUE(mvhd);
  ASSERT_EQ(mvhd->size(), 100u);  // version 0
  EXPECT_EQ(U32At(*mvhd, 12), 90000u);   // timescale
  EXPECT_EQ(U32At(*mvhd, 16), 0u);       // duration
  EXPECT_EQ(U32At(*mvhd, 96), 2u);       // next_track_ID
  auto tkhd = FindBox(init, {"moov", "trak", "tkhd"});
  ASSERT_TRUE(tkhd);
  ASSERT_EQ(tkhd->size(), 84u);
  EXPECT_EQ(U32At(*tkhd, 0), 0x00000003u);  // version 0, enabled | in movie
  EXPECT_EQ(U32At(*tkhd, 12), 1u);          // track_ID
  EXPECT_EQ(U32At(*tkhd, 76), 1920u << 16);
  EXPECT_EQ(U32At(*tkhd, 80), 1080u << 16);
  auto mdhd = FindBox(init, {"moov", "trak", "mdia", "mdhd"});
  ASSERT_TRUE(mdhd);
  EXPECT_EQ(U32At(*mdhd, 12), 90000u);
  EXPECT_EQ(LoadBE16(&(*mdhd)[20]), 0x55c4);  // "und"
  auto hdlr = FindBox(init, {"moov", "trak", "mdia", "hdlr"});
  ASSERT_TRUE(hdlr);
  EXPECT_EQ(U32At(*hdlr, 8), FourCC("vide"));
  auto url = FindBox(init, {"moov", "trak", "mdia", "minf", "dinf", "dref"});
  ASSERT_TRUE(url);
  EXPECT_EQ(Bytes(url->begin(), url->end()), (Bytes{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 12, 'u', 'r', 'l', ' ', 0, 0, 0, 1}));
  auto vmhd = FindBox(init, {"moov", "trak", "mdia", "minf", "vmhd"});
  ASSERT_TRUE(vmhd);
  EXPECT_EQ(U32At(*vmhd, 0), 1u);  // flags 1
}

TEST(InitSegmentTest, SampleTableIsEmptyAndEntryCarriesConfig) {
  VideoParams p = TestParams(VideoCodec::kH264);
  Bytes init = Build(p);
  auto stbl = FindBox(init, {"moov", "trak", "mdia", "minf", "stbl"});
  ASSERT_TRUE(stbl);
  for (const char* type : {"stts", "stsc", "stco"}) {
    auto box = FindBox(*stbl, {type});
    ASSERT_TRUE(box) << type;
    EXPECT_EQ(Bytes(box->begin(), box->end()), Bytes(8, 0)) << type;
  }
  auto stsz = FindBox(*stbl, {"stsz"});
  ASSERT_TRUE(stsz);
  EXPECT_EQ(Bytes(stsz->begin(), stsz->end()), Bytes(12, 0));
  auto stsd = FindBox(*stbl, {"stsd"});
  ASSERT_TRUE(stsd);
  EXPECT_EQ(U32At(*stsd, 4), 1u);  // entry_count
  auto avc1 = FindBox(stsd->subspan(8), {"avc1"});
  ASSERT_TRUE(avc1);
  EXPECT_EQ(LoadBE16(&(*avc1)[6]), 1);      // data_reference_index
  EXPECT_EQ(LoadBE16(&(*avc1)[24]), 640);   // width
  EXPECT_EQ(LoadBE16(&(*avc1)[26]), 360);   // height
  EXPECT_EQ(LoadBE16(&(*avc1)[74]), 0x18);  // depth
  auto avcc = FindBox(avc1->subspan(78), {"avcC"});
  ASSERT_TRUE(avcc);
  EXPECT_EQ(Bytes(avcc->begin(), avcc->end()), p.decoder_config);
  EXPECT_FALSE(FindBox(avc1->subspan(78), {"pasp"}));
}

TEST(InitSegmentTest, MvexHasTrexAndMehdOnlyWithDuration) {
  Bytes live = Build(TestParams(VideoCodec::kH264));
  auto trex = FindBox(live, {"moov", "mvex", "trex"});
  ASSERT_TRUE(trex);
  EXPECT_EQ(Bytes(trex->begin(), trex->end()),
            (Bytes{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(FindBox(live, {"moov", "mvex", "mehd"}));

  Bytes exported = Build(TestParams(VideoCodec::kH264), {.duration_90k = 900000});
  auto mehd = FindBox(exported, {"moov", "mvex", "mehd"});
  ASSERT_TRUE(mehd);
  EXPECT_EQ(Bytes(mehd->begin(), mehd->end()), (Bytes{0, 0, 0, 0, 0, 0x0d, 0xbb, 0xa0}));
  EXPECT_EQ(U32At(*FindBox(exported, {"moov", "mvhd"}), 16), 900000u);
  EXPECT_EQ(U32At(*FindBox(exported, {"moov", "trak", "tkhd"}), 20), 900000u);
}

TEST(InitSegmentTest, EditListSkipsTheLeadIn) {
  EXPECT_FALSE(FindBox(Build(TestParams(VideoCodec::kH264), {.duration_90k = 900000}), {"moov", "trak", "edts"}));
  Bytes init = Build(TestParams(VideoCodec::kH264), {.duration_90k = 900000, .edit_media_time_90k = 45000});
  auto elst = FindBox(init, {"moov", "trak", "edts", "elst"});
  ASSERT_TRUE(elst);
  // Version 0, one entry: segment_duration 855000, media_time 45000, rate 1.0.
  EXPECT_EQ(Bytes(elst->begin(), elst->end()),
            (Bytes{0, 0, 0, 0, 0, 0, 0, 1, 0, 0x0d, 0x0b, 0xd8, 0, 0, 0xaf, 0xc8, 0, 1, 0, 0}));
  // The movie, the track and mehd give the presented duration.
  EXPECT_EQ(U32At(*FindBox(init, {"moov", "mvhd"}), 16), 855000u);
  EXPECT_EQ(U32At(*FindBox(init, {"moov", "trak", "tkhd"}), 20), 855000u);
  EXPECT_EQ(U32At(*FindBox(init, {"moov", "mvex", "mehd"}), 4), 855000u);
  // edts sits between tkhd and mdia, as ISO/IEC 14496-12 orders them; the parser skips it.
  auto trak = FindBox(init, {"moov", "trak"});
  EXPECT_EQ(testing::TopLevelTypes(*trak), (std::vector<std::string>{"tkhd", "edts", "mdia"}));
  Result<ParsedInit> parsed = ParseMoov(*FindBox(init, {"moov"}));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();

  int64_t day_90k = 24 * 3600 * kTicksPerSecond90k;  // > 2^32 ticks: version 1
  Bytes long_init = Build(TestParams(VideoCodec::kH264), {.duration_90k = day_90k, .edit_media_time_90k = 7});
  auto long_elst = FindBox(long_init, {"moov", "trak", "edts", "elst"});
  ASSERT_TRUE(long_elst);
  EXPECT_EQ((*long_elst)[0], 1);
  EXPECT_EQ(long_elst->size(), 4u + 4 + 8 + 8 + 4);
  EXPECT_EQ(U32At(*long_elst, 20), 7u);

  VideoParams p = TestParams(VideoCodec::kH264);
  EXPECT_FALSE(BuildInitSegment(p, {.duration_90k = 100, .edit_media_time_90k = 100}).has_value());
  EXPECT_FALSE(BuildInitSegment(p, {.duration_90k = 100, .edit_media_time_90k = -1}).has_value());
  EXPECT_FALSE(BuildInitSegment(p, {.edit_media_time_90k = 1}).has_value());
}

TEST(InitSegmentTest, LongDurationUsesVersion1) {
  int64_t day_90k = 24 * 3600 * kTicksPerSecond90k;  // > 2^32 ticks
  Bytes init = Build(TestParams(VideoCodec::kH264), {.duration_90k = day_90k});
  auto mvhd = FindBox(init, {"moov", "mvhd"});
  ASSERT_TRUE(mvhd);
  EXPECT_EQ((*mvhd)[0], 1);
  EXPECT_EQ(mvhd->size(), 112u);
  EXPECT_EQ(U32At(*mvhd, 20), 90000u);
  EXPECT_EQ((uint64_t{U32At(*mvhd, 24)} << 32) | U32At(*mvhd, 28), static_cast<uint64_t>(day_90k));
  auto mehd = FindBox(init, {"moov", "mvex", "mehd"});
  ASSERT_TRUE(mehd);
  EXPECT_EQ((*mehd)[0], 1);
  auto tkhd = FindBox(init, {"moov", "trak", "tkhd"});
  ASSERT_TRUE(tkhd);
  EXPECT_EQ(tkhd->size(), 96u);
  Result<ParsedInit> parsed = ParseMoov(*FindBox(init, {"moov"}));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
}

TEST(InitSegmentTest, H265UsesHvc1AndHvcC) {
  VideoParams p = TestParams(VideoCodec::kH265);
  Bytes init = Build(p);
  auto stsd = FindBox(init, {"moov", "trak", "mdia", "minf", "stbl", "stsd"});
  ASSERT_TRUE(stsd);
  auto hvc1 = FindBox(stsd->subspan(8), {"hvc1"});
  ASSERT_TRUE(hvc1);
  auto hvcc = FindBox(hvc1->subspan(78), {"hvcC"});
  ASSERT_TRUE(hvcc);
  EXPECT_EQ(Bytes(hvcc->begin(), hvcc->end()), p.decoder_config);
}

TEST(InitSegmentTest, PixelAspectRatio) {
  Bytes init = Build(TestParams(VideoCodec::kH264, 720, 576),
                     {.pixel_aspect_h_spacing = 16, .pixel_aspect_v_spacing = 15});
  auto stsd = FindBox(init, {"moov", "trak", "mdia", "minf", "stbl", "stsd"});
  ASSERT_TRUE(stsd);
  auto pasp = FindBox(FindBox(stsd->subspan(8), {"avc1"})->subspan(78), {"pasp"});
  ASSERT_TRUE(pasp);
  EXPECT_EQ(Bytes(pasp->begin(), pasp->end()), (Bytes{0, 0, 0, 16, 0, 0, 0, 15}));
  EXPECT_EQ(U32At(*FindBox(init, {"moov", "trak", "tkhd"}), 76), 768u << 16);  // display width
}

TEST(InitSegmentTest, RejectsBadParamsAndOptions) {
  VideoParams p = TestParams(VideoCodec::kH264);
  VideoParams no_config = p;
  no_config.decoder_config.clear();
  VideoParams no_width = p;
  no_width.width = 0;
  VideoParams garbled = p;
  garbled.decoder_config.resize(7);  // cut inside the SPS list
  VideoParams wrong_codec = p;
  wrong_codec.codec = VideoCodec::kH265;  // an avcC is not an hvcC
  for (const VideoParams& bad : {no_config, no_width, garbled, wrong_codec}) {
    Result<Bytes> init = BuildInitSegment(bad);
    ASSERT_FALSE(init.has_value());
    EXPECT_EQ(init.error().code(), StatusCode::kInvalidArgument) << init.error().ToString();
  }
  EXPECT_FALSE(BuildInitSegment(p, {.duration_90k = -1}).has_value());
  EXPECT_FALSE(BuildInitSegment(p, {.pixel_aspect_h_spacing = 1}).has_value());
  EXPECT_FALSE(BuildInitSegment(p, {.pixel_aspect_h_spacing = 1000, .pixel_aspect_v_spacing = 1}).has_value());
  EXPECT_FALSE(BuildInitSegment(p, {.pixel_aspect_h_spacing = 1u << 31, .pixel_aspect_v_spacing = 1u << 31}).has_value());
}

TEST(InitParserTest, ReadsBackWhatWasWritten) {
  for (VideoCodec codec : {VideoCodec::kH264, VideoCodec::kH265}) {
    VideoParams p = TestParams(codec, 1280, 720);
    Bytes init = Build(p);
    Result<ParsedInit> parsed = ParseMoov(*FindBox(init, {"moov"}));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    EXPECT_EQ(parsed->params, p);
    EXPECT_EQ(parsed->defaults.track_id, 1u);
  }
  EXPECT_EQ(TestParams(VideoCodec::kH264).rfc6381_codec, "avc1.64001f");
  EXPECT_EQ(TestParams(VideoCodec::kH265).rfc6381_codec, "hvc1.1.6.L93.90");
  EXPECT_EQ(TestParams(VideoCodec::kH265).vps, (Bytes{0x40, 0x01, 0x0c}));
}

}  // namespace
}  // namespace custos::mp4
