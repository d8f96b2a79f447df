// Tests of the H.264 depacketizer through the packetizer (RFC 6184).
#include <gtest/gtest.h>

#include "media/depacketizer.h"
#include "media/h264.h"
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

const Bytes kSps = ToBytes(td::kBaseline720Sps);
const Bytes kPps = ToBytes(td::kBaseline720Pps);
const Bytes kAud = {0x09, 0xf0};
const Bytes kFiller = {0x0c, 0xff, 0xff, 0x80};
const Bytes kSei = Nal({0x06, 0x05}, 20);

// first_mb_in_slice = 0 is the single bit 1 right after the header: 0x88 and 0x9a have it.
Bytes Idr(size_t size = 40) { return Nal({0x65, 0x88}, size); }
Bytes PSlice(size_t size = 30) { return Nal({0x41, 0x9a}, size); }
Bytes SecondSlice(size_t size = 30) { return Nal({0x41, 0x40}, size); }  // first_mb_in_slice != 0

std::unique_ptr<Depacketizer> Make(std::vector<Bytes> sdp = {kSps, kPps}) {
  auto d = Depacketizer::Create(VideoCodec::kH264, sdp);
  EXPECT_TRUE(d.has_value());
  return std::move(*d);
}

class H264DepacketizerTest : public ::testing::Test {
 protected:
  std::vector<TestPacket> Au(const std::vector<Bytes>& nals, uint32_t ts, PacketizerOptions opts = {}) {
    return Packetize(VideoCodec::kH264, nals, ts, seq_, opts);
  }
  uint16_t seq_ = 1000;
};

TEST_F(H264DepacketizerTest, SdpParameterSets) {
  auto d = Make();
  ASSERT_NE(d->params(), nullptr);
  EXPECT_EQ(d->params_generation(), 1u);
  EXPECT_EQ(d->params()->width, 1280);
  EXPECT_EQ(d->params()->rfc6381_codec, "avc1.42c01f");
  EXPECT_EQ(d->params()->decoder_config, *BuildAvcC(kSps, kPps));
}

TEST_F(H264DepacketizerTest, BadOrMissingSdpWaitsForInBand) {
  auto d = Make({{0x67, 0x42}, kPps, Idr()});
  EXPECT_EQ(d->params(), nullptr);
  EXPECT_EQ(d->params_generation(), 0u);
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 0)).ok());
  auto early = PopAll(*d);
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].params_generation, 0u);  // coded with parameters nobody has seen
  ASSERT_TRUE(PushAll(*d, Au({kSps, kPps, Idr()}, 3000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].params_generation, 1u);
  ASSERT_NE(d->params(), nullptr);
  EXPECT_EQ(d->params()->height, 720);
}

TEST_F(H264DepacketizerTest, SingleNalUnitsAndRemovedTypes) {
  auto d = Make();
  Bytes idr = Idr();
  ASSERT_TRUE(PushAll(*d, Au({kAud, kSps, kPps, kSei, idr, kFiller}, 90000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].data, LengthPrefixed({kSei, idr}));
  EXPECT_TRUE(frames[0].is_key);
  EXPECT_FALSE(frames[0].loss_before);
  EXPECT_EQ(frames[0].timestamp_90k, 90000);
  EXPECT_EQ(frames[0].params_generation, 1u);  // identical in-band repeat: no bump
  auto stats = d->stats();
  EXPECT_EQ(stats.packets, 6u);
  EXPECT_EQ(stats.frames, 1u);
  EXPECT_EQ(stats.lost_packets, 0u);
  EXPECT_EQ(stats.malformed, 0u);
}

TEST_F(H264DepacketizerTest, StapAAndFuA) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 100;
  opts.aggregate = true;
  Bytes idr = Idr(1000), slice2 = Nal({0x65, 0x44}, 333);
  auto packets = Au({kAud, kSps, kPps, kSei, idr, slice2}, 0, opts);
  ASSERT_EQ(packets[0].payload[0] & 0x1f, kH264NalStapA);
  ASSERT_TRUE(PushAll(*d, packets).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].data, LengthPrefixed({kSei, idr, slice2}));
  EXPECT_TRUE(frames[0].is_key);
}

TEST_F(H264DepacketizerTest, FuAWithStartAndEndInOnePacket) {
  auto d = Make();
  Bytes idr = Idr(5);
  TestPacket p{{0x7c, 0xc5}, true, 1, 0};
  p.payload.insert(p.payload.end(), idr.begin() + 1, idr.end());
  ASSERT_TRUE(d->Push(p.View()).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].data, LengthPrefixed({idr}));
}

TEST_F(H264DepacketizerTest, LossInsideFuADropsTheFrame) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 200;
  auto au1 = Au({Idr(900)}, 0, opts);
  ASSERT_EQ(au1.size(), 5u);
  au1.erase(au1.begin() + 2);
  Bytes p = PSlice();
  auto au2 = Au({p}, 3000, opts);
  EXPECT_TRUE(PushAll(*d, au1).ok());  // loss is not an error of the packet
  EXPECT_TRUE(PushAll(*d, au2).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].timestamp_90k, 3000);
  EXPECT_TRUE(frames[0].loss_before);
  EXPECT_EQ(frames[0].data, LengthPrefixed({p}));
  EXPECT_EQ(d->stats().lost_packets, 1u);
  EXPECT_EQ(d->stats().malformed, 0u);
}

TEST_F(H264DepacketizerTest, FuAWithoutStartIsMalformed) {
  auto d = Make();
  ASSERT_TRUE(PushAll(*d, Au({Idr()}, 0)).ok());
  PacketizerOptions opts;
  opts.max_payload_bytes = 200;
  auto au2 = Au({Idr(900)}, 3000, opts);
  au2[0].payload = au2[1].payload;  // the start fragment is replaced by a middle one
  EXPECT_EQ(PushAll(*d, au2).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 6000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].timestamp_90k, 6000);
  EXPECT_TRUE(frames[1].loss_before);
  EXPECT_EQ(d->stats().malformed, 1u);
  EXPECT_EQ(d->stats().lost_packets, 0u);
}

TEST_F(H264DepacketizerTest, JoiningMidFrameIsQuiet) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 200;
  auto au1 = Au({Idr(900)}, 0, opts);
  au1.erase(au1.begin(), au1.begin() + 2);  // the session began with the third packet
  EXPECT_TRUE(PushAll(*d, au1).ok());
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 3000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].timestamp_90k, 3000);
  EXPECT_EQ(d->stats().malformed, 0u);
}

TEST_F(H264DepacketizerTest, ReorderingCountsAsLoss) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 200;
  auto au1 = Au({Idr(700)}, 0, opts);
  ASSERT_EQ(au1.size(), 4u);
  std::swap(au1[1], au1[2]);
  EXPECT_TRUE(PushAll(*d, au1).ok());
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 3000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].timestamp_90k, 3000);
  EXPECT_TRUE(frames[0].loss_before);
  EXPECT_EQ(d->stats().lost_packets, 2u);  // the gap, then the late packet
}

TEST_F(H264DepacketizerTest, DuplicateCountsAsLoss) {
  auto d = Make();
  PacketizerOptions opts;
  opts.max_payload_bytes = 200;
  auto au1 = Au({Idr(700)}, 0, opts);
  au1.insert(au1.begin() + 2, au1[1]);
  EXPECT_TRUE(PushAll(*d, au1).ok());
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 3000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].loss_before);
  EXPECT_EQ(d->stats().lost_packets, 1u);
}

TEST_F(H264DepacketizerTest, SenderRestartResynchronises) {
  auto d = Make();
  ASSERT_TRUE(PushAll(*d, Au({Idr()}, 0)).ok());
  seq_ = 7;  // far behind 1001: a restart, not a late packet
  ASSERT_TRUE(PushAll(*d, Au({Idr()}, 3000)).ok());
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 6000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_TRUE(frames[1].loss_before);
  EXPECT_FALSE(frames[2].loss_before);
}

TEST_F(H264DepacketizerTest, LostMarkerPacketKeepsTheNextFrame) {
  auto d = Make();
  auto au1 = Au({PSlice(), SecondSlice()}, 0);
  au1.pop_back();  // the packet with the marker is lost
  Bytes p = PSlice();
  auto au2 = Au({p}, 3000);
  EXPECT_TRUE(PushAll(*d, au1).ok());
  EXPECT_TRUE(PushAll(*d, au2).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].timestamp_90k, 3000);
  EXPECT_TRUE(frames[0].loss_before);
  EXPECT_EQ(frames[0].data, LengthPrefixed({p}));
}

TEST_F(H264DepacketizerTest, LostFirstPacketDropsThatFrame) {
  auto d = Make();
  auto au1 = Au({Idr()}, 0);
  auto au2 = Au({PSlice(), SecondSlice()}, 3000);
  au2.erase(au2.begin());  // what arrives starts with a slice that is not the first
  auto au3 = Au({PSlice()}, 6000);
  EXPECT_TRUE(PushAll(*d, au1).ok());
  EXPECT_TRUE(PushAll(*d, au2).ok());
  EXPECT_TRUE(PushAll(*d, au3).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].timestamp_90k, 0);
  EXPECT_EQ(frames[1].timestamp_90k, 6000);
  EXPECT_TRUE(frames[1].loss_before);
}

TEST_F(H264DepacketizerTest, MissingMarkerUsesTimestampChange) {
  auto d = Make();
  std::vector<TestPacket> all;
  for (uint32_t i = 0; i < 3; ++i) {
    auto au = Au({i == 0 ? Idr() : PSlice(), SecondSlice()}, i * 3600);
    for (TestPacket& p : au) p.marker = false;
    all.insert(all.end(), au.begin(), au.end());
  }
  ASSERT_TRUE(PushAll(*d, all).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 2u);  // the third waits for a later timestamp
  EXPECT_EQ(frames[0].timestamp_90k, 0);
  EXPECT_TRUE(frames[0].is_key);
  EXPECT_EQ(frames[1].timestamp_90k, 3600);
  EXPECT_FALSE(frames[1].is_key);
  EXPECT_FALSE(frames[1].loss_before);
}

TEST_F(H264DepacketizerTest, AccessUnitDelimiterEndsAFrame) {
  auto d = Make();
  // No marker and one timestamp for everything: only the delimiters separate frames.
  std::vector<TestPacket> all = Au({kAud, Idr()}, 0);
  auto more = Au({kAud, PSlice()}, 0);
  all.insert(all.end(), more.begin(), more.end());
  for (TestPacket& p : all) p.marker = false;
  ASSERT_TRUE(PushAll(*d, all).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(frames[0].is_key);
  EXPECT_EQ(frames[0].data, LengthPrefixed({Idr()}));
}

TEST_F(H264DepacketizerTest, TimestampAndSequenceWrap) {
  auto d = Make();
  seq_ = 65534;
  const uint32_t start = 0xfffff000u;
  for (uint32_t i = 0; i < 4; ++i) ASSERT_TRUE(PushAll(*d, Au({PSlice(), SecondSlice()}, start + i * 3000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 4u);
  for (int64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(frames[i].timestamp_90k, int64_t{start} + i * 3000);
    EXPECT_FALSE(frames[i].loss_before);
  }
  EXPECT_GT(frames[3].timestamp_90k, int64_t{1} << 32);
  EXPECT_EQ(d->stats().lost_packets, 0u);
}

TEST_F(H264DepacketizerTest, InBandParameterChangeBumpsGeneration) {
  auto d = Make();
  const Bytes sps2 = ToBytes(td::kHigh1918Sps), pps2 = ToBytes(td::kHigh1918Pps);
  ASSERT_TRUE(PushAll(*d, Au({kSps, kPps, Idr()}, 0)).ok());
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 3000)).ok());
  EXPECT_EQ(d->params_generation(), 1u);
  ASSERT_TRUE(PushAll(*d, Au({sps2, pps2, Idr()}, 6000)).ok());
  EXPECT_EQ(d->params_generation(), 2u);
  EXPECT_EQ(d->params()->width, 1918);
  EXPECT_EQ(d->params()->rfc6381_codec, "avc1.640028");
  ASSERT_TRUE(PushAll(*d, Au({sps2, pps2, Idr()}, 9000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_EQ(frames[1].params_generation, 1u);
  EXPECT_EQ(frames[2].params_generation, 2u);
  EXPECT_EQ(frames[3].params_generation, 2u);
}

TEST_F(H264DepacketizerTest, FragmentedParameterSet) {
  auto d = Make({});
  PacketizerOptions opts;
  opts.max_payload_bytes = 10;  // the SPS goes in FU-A packets
  ASSERT_TRUE(PushAll(*d, Au({kSps, kPps, Idr()}, 0, opts)).ok());
  ASSERT_NE(d->params(), nullptr);
  EXPECT_EQ(d->params()->sps, kSps);
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].data, LengthPrefixed({Idr()}));
}

TEST_F(H264DepacketizerTest, BadInBandSpsIsReportedAndIgnored) {
  auto d = Make();
  Bytes bad = {0x67, 0x42, 0xc0, 0x1f, 0x00};  // truncated
  Status st = PushAll(*d, Au({bad, kPps, Idr()}, 0));
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(d->params_generation(), 1u);
  EXPECT_EQ(d->params()->sps, kSps);
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);  // the frame itself is kept
  // The same bad SPS again is not reported again.
  EXPECT_TRUE(PushAll(*d, Au({bad, kPps, Idr()}, 3000)).ok());
}

TEST_F(H264DepacketizerTest, RejectsInterleavedModeAndReservedTypes) {
  for (uint8_t type : {25, 26, 27, 29}) {
    auto d = Make();
    TestPacket p{{static_cast<uint8_t>(0x60 | type), 0x00, 0x05, 0x65, 0x88, 0x00, 0x00}, true, 1, 0};
    EXPECT_EQ(d->Push(p.View()).code(), StatusCode::kUnimplemented) << int{type};
    EXPECT_EQ(d->stats().malformed, 1u);
  }
  for (uint8_t type : {0, 30, 31}) {
    auto d = Make();
    TestPacket p{{type, 0x00}, true, 1, 0};
    EXPECT_EQ(d->Push(p.View()).code(), StatusCode::kInvalidArgument) << int{type};
  }
}

TEST_F(H264DepacketizerTest, MalformedPacketsDropTheFrame) {
  const std::vector<Bytes> bad = {
      {0x78, 0x00, 0x09, 0x65},        // STAP-A unit past the end
      {0x78},                          // empty STAP-A
      {0x78, 0x00, 0x00, 0x00, 0x01},  // zero-size STAP-A unit
      {0x7c},                          // FU-A without its header
      {0x7c, 0x98, 0x00},              // FU-A of type 24
  };
  for (const Bytes& payload : bad) {
    auto d = Make();
    std::vector<TestPacket> pkts = Au({Idr()}, 0);
    pkts[0].marker = false;
    pkts.push_back(TestPacket{payload, true, seq_++, 0});
    EXPECT_FALSE(PushAll(*d, pkts).ok());
    ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 3000)).ok());
    auto frames = PopAll(*d);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].timestamp_90k, 3000);
    EXPECT_TRUE(frames[0].loss_before);
    EXPECT_EQ(d->stats().malformed, 1u);
  }
}

TEST_F(H264DepacketizerTest, EmptyPayloadIsAnErrorButHarmless) {
  auto d = Make();
  auto au = Au({Idr()}, 0);
  au[0].marker = false;
  au.push_back(TestPacket{{}, true, seq_++, 0});
  EXPECT_EQ(PushAll(*d, au).code(), StatusCode::kInvalidArgument);
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);  // the marker on the empty packet still ended the frame
  EXPECT_EQ(d->stats().malformed, 0u);
}

TEST_F(H264DepacketizerTest, OversizedFrameIsDropped) {
  auto d = Make();
  const size_t kChunk = 60000;
  const size_t packets = (16u << 20) / kChunk + 2;
  std::vector<TestPacket> au;
  Bytes first{0x7c, 0x85};
  first.resize(kChunk, 0x91);  // 0x91: first_mb_in_slice = 0
  au.push_back(TestPacket{first, false, seq_++, 0});
  for (size_t i = 1; i < packets; ++i) {
    Bytes mid{0x7c, static_cast<uint8_t>(i + 1 == packets ? 0x45 : 0x05)};
    mid.resize(kChunk, 0x22);
    au.push_back(TestPacket{std::move(mid), i + 1 == packets, seq_++, 0});
  }
  EXPECT_TRUE(PushAll(*d, au).ok());
  ASSERT_TRUE(PushAll(*d, Au({Idr()}, 3000)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].timestamp_90k, 3000);
  EXPECT_TRUE(frames[0].loss_before);
  EXPECT_EQ(d->stats().malformed, 1u);
}

TEST_F(H264DepacketizerTest, NonVclOnlyAccessUnitIsNotAFrame) {
  auto d = Make();
  ASSERT_TRUE(PushAll(*d, Au({kSps, kPps}, 0)).ok());  // some cameras send these alone
  ASSERT_TRUE(PushAll(*d, Au({kSei}, 0)).ok());
  ASSERT_TRUE(PushAll(*d, Au({Idr()}, 0)).ok());
  auto frames = PopAll(*d);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].data, LengthPrefixed({Idr()}));
  EXPECT_FALSE(frames[0].loss_before);
}

TEST_F(H264DepacketizerTest, QueueIsBounded) {
  auto d = Make();
  Status last;
  for (uint32_t i = 0; i < 65; ++i) last = PushAll(*d, Au({PSlice()}, i * 3000));
  EXPECT_EQ(last.code(), StatusCode::kResourceExhausted);
  auto frames = PopAll(*d);
  EXPECT_EQ(frames.size(), 64u);
  ASSERT_TRUE(PushAll(*d, Au({PSlice()}, 65 * 3000)).ok());
  auto next = PopAll(*d);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_TRUE(next[0].loss_before);  // the frame before it was dropped
}

TEST_F(H264DepacketizerTest, UnknownCodecIsRejected) {
  EXPECT_FALSE(Depacketizer::Create(static_cast<VideoCodec>(7), {}).has_value());
}

}  // namespace
}  // namespace custos
