// Tests of the H.265 depacketizer through the packetizer (RFC 7798).
#include <gtest/gtest.h>

#include "media/depacketizer.h"
#include "media/h265.h"
#include "media/media_test_util.h"
#include "media/test_parameter_sets.h"

namespace custos {
namespace {

using testing::LengthPrefixed;
using testing::Nal;
using testing::Packetize;
using testing::PopAll;
using testing::PushAll;
using testing::TestPacket;
using testing::ToBytes;
namespace td = testdata;

const Bytes kVps = ToBytes(td::kMain720Vps);
const Bytes kSps = ToBytes(td::kMain720Sps);
const Bytes kPps = ToBytes(td::kMain720Pps);
const Bytes kAud = {0x46, 0x01, 0x50};
const Bytes kFiller = {0x4c, 0x01, 0xff, 0xff, 0x80};
const Bytes kPrefixSei = Nal({0x4e, 0x01, 0x05}, 24);
const Bytes kSuffixSei = Nal({0x50, 0x01, 0x05}, 12);

// The top bit of the third byte is first_slice_segment_in_pic_flag.
Bytes IdrWRadl(size_t size = 60) { return Nal({0x26, 0x01, 0xaf}, size); }
Bytes Cra(size_t size = 60) { return Nal({0x2a, 0x01, 0xa0}, size); }
Bytes Trail(size_t size = 40) { return Nal({0x02, 0x01, 0xd0}, size); }
Bytes TrailSecondSegment(size_t size = 40) { return Nal({0x02, 0x01, 0x40}, size); }

std::unique_ptr<Depacketizer> Make(std::vector<Bytes> sdp = {kVps, kSps, kPps}) {
  auto d = Depacketizer::Create(VideoCodec::kH265, sdp);
  EXPECT_TRUE(d.has_value());
  return std::move(*d);
}

class H265DepacketizerTest : public ::testing::Test {
 protected:
  std::vector<TestPacket> Au(const std::vector<Bytes>& nals, uint32_t ts, PacketizerOptions opts = {}) {
    return Packetize(VideoCodec::kH265, nals, ts, seq_, opts);
  }
  uint16_t seq_ = 65000;
};

TEST_F(H265DepacketizerTest, SdpParameterSets) {
  auto d = Make();
  ASSERT_NE(d->params(), nullptr);
  EXPECT_EQ(d->params_generation(), 1u);
  EXPECT_EQ(d->params()->codec, VideoCodec::kH265);
  EXPECT_EQ(d->params()->vps, kVps);
  EXPECT_EQ(d->params()->rfc6381_codec, "hvc1.1.6.L93.90");
  EXPECT_EQ(d->params()->decoder_config, *BuildHvcC(kVps, kSps, kPps));
}

TEST_F(H265DepacketizerTest, NeedsAllThreeParameterSets) {
  auto d = Make({kSps, kPps});
  EXPECT_EQ(d->params(), nullptr);
  ASSERT_TRUE(PushAll(*d, Au({kVps, IdrWRadl()}, 0)).ok());
  ASSERT_NE(d->params(), nullptr);
  EXPECT_EQ(d->params_generation(), 1u);
}

TEST_F(H265DepacketizerTest, SingleApAndFu) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 120;
  opts.aggregate = true;
  Bytes idr = IdrWRadl(1000);
  auto packets = Au({kAud, kVps, kSps, kPps, kPrefixSei, idr, kSuffixSei, kFiller}, 0, opts);
  ASSERT_EQ(H265NalType(packets[0].payload[0]), kH265NalAp);
  ASSERT_TRUE(PushAll(*d, packets).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].data, LengthPrefixed({kPrefixSei, idr, kSuffixSei}));
  EXPECT_TRUE(frames[0].is_key);
  EXPECT_EQ(frames[0].params_generation, 1u);
}

TEST_F(H265DepacketizerTest, IrapTypesAreKeys) {
  auto d = Make();
  ASSERT_TRUE(PushAll(*d, Au({Cra()}, 0)).ok());
  ASSERT_TRUE(PushAll(*d, Au({Trail(), TrailSecondSegment()}, 3000)).ok());
  ASSERT_TRUE(PushAll(*d, Au({Nal({0x20, 0x01, 0x80}, 30)}, 6000)).ok());  // BLA_W_LP (16)
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_TRUE(frames[0].is_key);
  EXPECT_FALSE(frames[1].is_key);
  EXPECT_TRUE(frames[2].is_key);
  EXPECT_EQ(frames[1].data, LengthPrefixed({Trail(), TrailSecondSegment()}));
}

TEST_F(H265DepacketizerTest, LossInsideFuDropsTheFrame) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 300;
  auto au1 = Au({IdrWRadl(1500)}, 0, opts);
  ASSERT_GE(au1.size(), 5u);
  au1.erase(au1.begin() + 3);
  EXPECT_TRUE(PushAll(*d, au1).ok());
  ASSERT_TRUE(PushAll(*d, Au({Trail()}, 3000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].loss_before);
  EXPECT_EQ(d->stats().lost_packets, 1u);
  EXPECT_EQ(d->stats().malformed, 0u);
}

TEST_F(H265DepacketizerTest, LostFirstSegmentDropsThatFrame) {
  auto d = Make();
  ASSERT_TRUE(PushAll(*d, Au({IdrWRadl()}, 0)).ok());
  auto au2 = Au({Trail(), TrailSecondSegment()}, 3000);
  au2.erase(au2.begin());
  EXPECT_TRUE(PushAll(*d, au2).ok());
  ASSERT_TRUE(PushAll(*d, Au({Trail()}, 6000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].timestamp_90k, 6000);
  EXPECT_TRUE(frames[1].loss_before);
}

TEST_F(H265DepacketizerTest, InBandVpsChangeBumpsGeneration) {
  auto d = Make();
  const Bytes vps2 = ToBytes(td::kTemporalVps), sps2 = ToBytes(td::kTemporalSps), pps2 = ToBytes(td::kTemporalPps);
  ASSERT_TRUE(PushAll(*d, Au({kVps, kSps, kPps, IdrWRadl()}, 0)).ok());
  EXPECT_EQ(d->params_generation(), 1u);
  ASSERT_TRUE(PushAll(*d, Au({vps2, sps2, pps2, IdrWRadl()}, 3000)).ok());
  EXPECT_EQ(d->params_generation(), 2u);
  EXPECT_EQ(d->params()->width, 320);
  EXPECT_EQ(d->params()->vps, vps2);
  // Only the VPS changes back: still a change.
  ASSERT_TRUE(PushAll(*d, Au({kVps, IdrWRadl()}, 6000)).ok());
  EXPECT_EQ(d->params_generation(), 3u);
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[2].params_generation, 3u);
}

TEST_F(H265DepacketizerTest, AudEndsAFrameAndMarkerlessTimestamps) {
  auto d = Make();
  std::vector<TestPacket> all = Au({kAud, IdrWRadl()}, 0);
  auto more = Au({kAud, Trail()}, 0);
  all.insert(all.end(), more.begin(), more.end());
  more = Au({Trail()}, 3000);
  all.insert(all.end(), more.begin(), more.end());
  for (TestPacket& p : all) p.marker = false;
  ASSERT_TRUE(PushAll(*d, all).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_TRUE(frames[0].is_key);
  EXPECT_EQ(frames[1].timestamp_90k, 0);
  EXPECT_EQ(frames[1].data, LengthPrefixed({Trail()}));
}

TEST_F(H265DepacketizerTest, RejectsPaciAndUnspecifiedTypes) {
  {
    auto d = Make();
    TestPacket p{{0x64, 0x01, 0x00, 0x00}, true, 1, 0};  // type 50
    EXPECT_EQ(d->Push(p.View()).code(), StatusCode::kUnimplemented);
  }
  for (uint8_t type : {51, 63}) {
    auto d = Make();
    TestPacket p{{static_cast<uint8_t>(type << 1), 0x01, 0x00}, true, 1, 0};
    EXPECT_EQ(d->Push(p.View()).code(), StatusCode::kInvalidArgument);
  }
}

TEST_F(H265DepacketizerTest, MalformedPacketsDropTheFrame) {
  const std::vector<Bytes> bad = {
      {0x02},                                // shorter than the payload header
      {0x60, 0x01},                          // empty AP
      {0x60, 0x01, 0x00, 0x05, 0x02, 0x01},  // AP unit past the end
      {0x60, 0x01, 0x00, 0x01, 0x02},        // AP unit shorter than a NAL header
      {0x62, 0x01},                          // FU without its FU header
      {0x62, 0x01, 0xb0, 0x00},              // FU of type 48
  };
  for (const Bytes& payload : bad) {
    auto d = Make();
    std::vector<TestPacket> pkts = Au({Trail()}, 0);
    pkts[0].marker = false;
    pkts.push_back(TestPacket{payload, true, seq_++, 0});
    EXPECT_FALSE(PushAll(*d, pkts).ok());
    ASSERT_TRUE(PushAll(*d, Au({Trail()}, 3000)).ok());
    auto frames = PopAll(*d);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(frames[0].loss_before);
    EXPECT_EQ(d->stats().malformed, 1u);
  }
}

TEST_F(H265DepacketizerTest, FuEndMissingBeforeNextNal) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 100;
  auto au = Au({IdrWRadl(250)}, 0, opts);
  au.pop_back();  // drop the end fragment but keep sequence numbers contiguous
  --seq_;
  auto tail = Au({Trail()}, 0);  // a complete NAL unit arrives while the FU is open
  au.insert(au.end(), tail.begin(), tail.end());
  EXPECT_EQ(PushAll(*d, au).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(PopAll(*d).empty());
  EXPECT_EQ(d->stats().malformed, 1u);
}

}  // namespace
}  // namespace custos
