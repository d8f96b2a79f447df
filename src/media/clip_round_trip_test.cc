// Round trips of real encoder output (tests/media/clip_320x240.{h264,h265}) through the
// packetizer and the depacketizer: every frame must come out byte for byte.
#include <gtest/gtest.h>

#include "media/depacketizer.h"
#include "media/h264.h"
#include "media/h265.h"
#include "media/media_test_util.h"
#include "media/nal.h"

namespace custos {
namespace {

using testing::LengthPrefixed;
using testing::PopAll;
using testing::PushAll;
using testing::TestPacket;

struct AccessUnit {
  std::vector<Bytes> nals;  // as in the stream
  Bytes expected;           // the frame the depacketizer should produce
  bool key = false;
};

struct Clip {
  std::vector<AccessUnit> aus;
  std::vector<Bytes> parameter_sets;
};

// Splits the stream at access unit delimiters (the clips were encoded with aud=1).
Clip Load(VideoCodec codec, const std::string& name) {
  Clip clip;
  Bytes stream = testing::ReadTestMedia(name);
  std::vector<Bytes> kept;
  for (ByteSpan nal : SplitAnnexB(stream)) {
    const bool h264 = codec == VideoCodec::kH264;
    const uint8_t type = h264 ? H264NalType(nal[0]) : H265NalType(nal[0]);
    const bool aud = h264 ? type == kH264NalAud : type == kH265NalAud;
    const bool param =
        h264 ? (type == kH264NalSps || type == kH264NalPps) : (type >= kH265NalVps && type <= kH265NalPps);
    const bool filler = h264 ? type == kH264NalFiller : type == kH265NalFiller;
    if (aud) {
      if (!clip.aus.empty()) clip.aus.back().expected = LengthPrefixed(kept);
      clip.aus.emplace_back();
      kept.clear();
    }
    if (clip.aus.empty()) continue;
    AccessUnit& au = clip.aus.back();
    au.nals.emplace_back(nal.begin(), nal.end());
    if (param && clip.parameter_sets.size() < (h264 ? 2u : 3u)) {
      clip.parameter_sets.emplace_back(nal.begin(), nal.end());
    }
    if (!aud && !param && !filler) kept.emplace_back(nal.begin(), nal.end());
    au.key = au.key || (h264 ? type == kH264NalIdr : H265IsIrap(type));
  }
  if (!clip.aus.empty()) clip.aus.back().expected = LengthPrefixed(kept);
  return clip;
}

struct Variant {
  const char* name;
  VideoCodec codec;
  const char* file;
  size_t max_payload;
  bool aggregate;
  bool markers;
  bool sdp;
};

class ClipRoundTripTest : public ::testing::TestWithParam<Variant> {};

TEST_P(ClipRoundTripTest, EveryFrameSurvives) {
  const Variant& v = GetParam();
  Clip clip = Load(v.codec, v.file);
  ASSERT_EQ(clip.aus.size(), 25u) << "tests/media/" << v.file << " missing or changed";
  auto d = Depacketizer::Create(v.codec, v.sdp ? clip.parameter_sets : std::vector<Bytes>{});
  ASSERT_TRUE(d.has_value());
  uint16_t seq = 40000;
  const uint32_t ts0 = 0xffff0000u;  // wraps during the clip
  std::vector<Frame> frames;
  size_t packets = 0;
  for (size_t i = 0; i < clip.aus.size(); ++i) {
    PacketizerOptions opts;
    opts.max_payload_bytes = v.max_payload;
    opts.aggregate = v.aggregate;
    auto pkts = testing::Packetize(v.codec, clip.aus[i].nals, ts0 + static_cast<uint32_t>(i) * 3600, seq, opts);
    ASSERT_FALSE(pkts.empty());
    packets += pkts.size();
    for (TestPacket& p : pkts) p.marker = p.marker && v.markers;
    ASSERT_TRUE(PushAll(**d, pkts).ok());
    auto got = PopAll(**d);
    frames.insert(frames.end(), got.begin(), got.end());
  }
  // Without markers the last frame waits for a timestamp that never comes.
  const size_t expected_frames = v.markers ? clip.aus.size() : clip.aus.size() - 1;
  ASSERT_EQ(frames.size(), expected_frames);
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].data, clip.aus[i].expected) << "frame " << i;
    EXPECT_EQ(frames[i].is_key, clip.aus[i].key) << "frame " << i;
    EXPECT_EQ(frames[i].timestamp_90k, int64_t{ts0} + static_cast<int64_t>(i) * 3600);
    EXPECT_FALSE(frames[i].loss_before);
    EXPECT_EQ(frames[i].params_generation, 1u);
  }
  EXPECT_TRUE(clip.aus[10].key);  // -g 10
  const VideoParams* p = (*d)->params();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->width, 320);
  EXPECT_EQ(p->height, 240);
  // ffprobe: H.264 High level 13; H.265 Main level 60.
  EXPECT_EQ(p->rfc6381_codec, v.codec == VideoCodec::kH264 ? "avc1.64000d" : "hvc1.1.6.L60.90");
  auto stats = (*d)->stats();
  EXPECT_EQ(stats.packets, packets);
  EXPECT_EQ(stats.lost_packets, 0u);
  EXPECT_EQ(stats.malformed, 0u);
  EXPECT_EQ(stats.frames, expected_frames);
}

INSTANTIATE_TEST_SUITE_P(
    Clips, ClipRoundTripTest,
    ::testing::Values(Variant{"H264", VideoCodec::kH264, "clip_320x240.h264", 1400, false, true, true},
                      Variant{"H264StapA", VideoCodec::kH264, "clip_320x240.h264", 500, true, true, false},
                      Variant{"H264NoMarker", VideoCodec::kH264, "clip_320x240.h264", 1400, false, false, true},
                      Variant{"H265", VideoCodec::kH265, "clip_320x240.h265", 1400, false, true, true},
                      Variant{"H265Ap", VideoCodec::kH265, "clip_320x240.h265", 300, true, true, false},
                      Variant{"H265NoMarker", VideoCodec::kH265, "clip_320x240.h265", 1400, true, false, true}),
    [](const ::testing::TestParamInfo<Variant>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace custos
