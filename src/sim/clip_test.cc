#include "sim/clip.h"

#include <gtest/gtest.h>

#include <fstream>

#include "sim/sim_test_util.h"

namespace custos::sim {
namespace {

using testing::ClipSpec;
using testing::MakeClip;
using testing::TempDir;

TEST(ClipTest, LoadsAnH264Mp4) {
  TempDir dir;
  Result<std::string> path = MakeClip(dir.path(), "clip.mp4", ClipSpec{});
  ASSERT_TRUE(path) << path.error().ToString();
  Result<Clip> clip = LoadClip(*path);
  ASSERT_TRUE(clip) << clip.error().ToString();
  EXPECT_EQ(clip->codec, VideoCodec::kH264);
  EXPECT_EQ(clip->width, 640);
  EXPECT_EQ(clip->height, 360);
  EXPECT_EQ(clip->sps.at(0) & 0x1f, 7);
  EXPECT_EQ(clip->pps.at(0) & 0x1f, 8);
  ASSERT_EQ(clip->frames.size(), 75u);
  EXPECT_EQ(clip->duration_90k, 3 * 90000);
  EXPECT_TRUE(clip->frames[0].is_key);
  EXPECT_TRUE(clip->frames[25].is_key);
  EXPECT_FALSE(clip->frames[1].is_key);
  EXPECT_EQ(clip->frames[0].dts_90k, 0);
  for (size_t i = 0; i < clip->frames.size(); ++i) {
    const ClipFrame& f = clip->frames[i];
    EXPECT_GE(f.pts_90k, f.dts_90k);
    if (i > 0) {
      EXPECT_EQ(f.dts_90k - clip->frames[i - 1].dts_90k, 3600);
    }
    for (const Bytes& nal : f.nals) {
      const int type = nal.at(0) & 0x1f;
      EXPECT_TRUE(type != 7 && type != 8 && type != 9) << "parameter sets and delimiters are taken out";
    }
  }
}

TEST(ClipTest, LoadsAnH265Mp4AndAnAnnexBStream) {
  TempDir dir;
  ClipSpec spec;
  spec.h265 = true;
  spec.seconds = 1;
  Result<std::string> path = MakeClip(dir.path(), "clip.mp4", spec);
  ASSERT_TRUE(path) << path.error().ToString();
  Result<Clip> clip = LoadClip(*path);
  ASSERT_TRUE(clip) << clip.error().ToString();
  EXPECT_EQ(clip->codec, VideoCodec::kH265);
  EXPECT_EQ((clip->vps.at(0) >> 1) & 0x3f, 32);
  EXPECT_EQ((clip->sps.at(0) >> 1) & 0x3f, 33);
  EXPECT_EQ((clip->pps.at(0) >> 1) & 0x3f, 34);
  EXPECT_EQ(clip->frames.size(), 25u);

  // The same video as a raw Annex B stream: parameter sets come in-band.
  const std::string raw = dir.path() + "/clip.hevc";
  ASSERT_EQ(testing::RunCommand("ffmpeg -nostdin -v error -i " + *path + " -c copy -y " + raw + " 2>&1").exit_code, 0);
  Result<Clip> annexb = LoadClip(raw);
  ASSERT_TRUE(annexb) << annexb.error().ToString();
  EXPECT_EQ(annexb->sps, clip->sps);
  EXPECT_EQ(annexb->frames.size(), 25u);
  EXPECT_EQ(annexb->frames[3].nals, clip->frames[3].nals);
}

TEST(ClipTest, ErrorsSayWhatToDo) {
  TempDir dir;
  Result<Clip> missing = LoadClip(dir.path() + "/nope.mp4");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.error().message().find("ffmpeg -f lavfi"), std::string::npos) << missing.error().message();

  const std::string text = dir.path() + "/notes.txt";
  std::ofstream(text) << "not a video\n";
  EXPECT_FALSE(LoadClip(text));

  const std::string audio = dir.path() + "/tone.m4a";
  ASSERT_EQ(testing::RunCommand("ffmpeg -nostdin -v error -f lavfi -i sine -t 0.2 -y " + audio + " 2>&1").exit_code, 0);
  Result<Clip> no_video = LoadClip(audio);
  ASSERT_FALSE(no_video);
  EXPECT_NE(no_video.error().message().find("no video stream"), std::string::npos) << no_video.error().message();
}

TEST(ClipTest, ParsesAvcCRecords) {
  const Bytes avcc = {1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 3, 0x67, 0x64, 0x00, 1, 0, 2, 0x68, 0xee};
  Result<DecoderConfig> cfg = ParseDecoderConfig(VideoCodec::kH264, avcc);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->nal_length_bytes, 4);
  EXPECT_EQ(cfg->sps, (Bytes{0x67, 0x64, 0x00}));
  EXPECT_EQ(cfg->pps, (Bytes{0x68, 0xee}));
  for (size_t n = 0; n < avcc.size(); ++n) {
    EXPECT_FALSE(ParseDecoderConfig(VideoCodec::kH264, ByteSpan(avcc).first(n))) << n;
  }
}

}  // namespace
}  // namespace custos::sim
