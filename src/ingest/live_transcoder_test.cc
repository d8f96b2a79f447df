// live_transcoder_test: the transcoder's input queue never blocks the camera and drops to
// the next key frame when the transcoder falls behind (the codec work itself is tested in
// codec/h264_encoder_test and end to end in tests/integration/live_test).
#include "ingest/live_transcoder.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

Frame MakeFrame(int64_t ts, bool key) {
  Frame f;
  f.timestamp_90k = ts;
  f.is_key = key;
  f.data = Bytes(100, 0x42);
  return f;
}

TEST(TranscodeInputTest, FallingBehindDropsToTheNextKeyFrame) {
  TranscodeInput input(TranscodeLimits{.max_queued_frames = 5});
  VideoParams params;
  params.codec = VideoCodec::kH265;
  input.OfferFrame(MakeFrame(0, true), params);
  for (int i = 1; i < 5; ++i) input.OfferFrame(MakeFrame(i * 3600, false), params);
  EXPECT_EQ(input.frames_dropped(), 0u);
  input.OfferFrame(MakeFrame(5 * 3600, false), params);  // the sixth: over the bound
  EXPECT_EQ(input.frames_dropped(), 6u);                 // five queued and this one
  input.OfferFrame(MakeFrame(6 * 3600, false), params);  // waiting for a key frame
  EXPECT_EQ(input.frames_dropped(), 7u);
  input.Reset();  // commands are never dropped
  input.OfferFrame(MakeFrame(7 * 3600, true), params);
  auto reset = input.Next();
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->kind, TranscodeInput::Item::Kind::kReset);
  auto key = input.Next();
  ASSERT_TRUE(key);
  EXPECT_EQ(key->kind, TranscodeInput::Item::Kind::kFrame);
  EXPECT_EQ(key->frame.timestamp_90k, 7 * 3600);
  EXPECT_TRUE(key->frame.is_key);
  ASSERT_TRUE(key->params);
  EXPECT_EQ(key->params->codec, VideoCodec::kH265);
  input.Stop();
  EXPECT_FALSE(input.Next().has_value());
  input.OfferFrame(MakeFrame(8 * 3600, true), params);  // after Stop: ignored, no crash
}

TEST(TranscodeInputTest, AKeyFrameOverTheBoundIsKept) {
  TranscodeInput input(TranscodeLimits{.max_queued_frames = 2});
  VideoParams params;
  input.OfferFrame(MakeFrame(0, true), params);
  input.OfferFrame(MakeFrame(3600, false), params);
  input.OfferFrame(MakeFrame(7200, true), params);  // over: the two queued go, the key stays
  EXPECT_EQ(input.frames_dropped(), 2u);
  auto item = input.Next();
  ASSERT_TRUE(item);
  EXPECT_EQ(item->frame.timestamp_90k, 7200);
  input.Stop();
}

// New privacy zones overtake the frames still queued: those are shown with the new zones.
TEST(TranscodeInputTest, NewZonesGoAheadOfQueuedFrames) {
  TranscodeInput input(TranscodeLimits{});
  VideoParams params;
  input.OfferFrame(MakeFrame(0, true), params);
  input.OfferFrame(MakeFrame(3600, false), params);
  const std::vector<privacy::PrivacyZone> zones = {{"door", {{0, 0}, {0.5, 0}, {0.5, 0.5}}}};
  input.SetZones(zones);
  auto first = input.Next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->kind, TranscodeInput::Item::Kind::kZones);
  EXPECT_EQ(first->zones, zones);
  auto frame = input.Next();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->kind, TranscodeInput::Item::Kind::kFrame);
  EXPECT_EQ(frame->frame.timestamp_90k, 0);
  input.Stop();
  input.SetZones(zones);  // after Stop: ignored
  EXPECT_FALSE(input.Next().has_value());
}

}  // namespace
}  // namespace custos
