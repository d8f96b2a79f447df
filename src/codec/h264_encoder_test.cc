// h264_encoder_test: encode generated flat pictures of known brightness with H264Encoder,
// decode the Frames back with VideoDecoder (through the avcC of params()), and check the
// brightness, the forced key frames and the codec string.
#include <gtest/gtest.h>

#include <cstring>

#include "codec/decoder.h"
#include "codec/h264_encoder.h"

namespace custos::codec {
namespace {

constexpr int kWidth = 320, kHeight = 180, kFrames = 12;

int LumaOf(int i) { return 20 + 15 * i; }

FramePtr FlatPicture(int luma, int width, int height) {
  FramePtr f(av_frame_alloc());
  f->format = AV_PIX_FMT_YUV420P;
  f->width = width;
  f->height = height;
  EXPECT_EQ(av_frame_get_buffer(f.get(), 0), 0);
  std::memset(f->data[0], luma, static_cast<size_t>(f->linesize[0]) * height);
  std::memset(f->data[1], 128, static_cast<size_t>(f->linesize[1]) * height / 2);
  std::memset(f->data[2], 128, static_cast<size_t>(f->linesize[2]) * height / 2);
  return f;
}

double MeanLuma(const AVFrame& f) {
  double sum = 0;
  for (int y = 0; y < f.height; ++y) {
    for (int x = 0; x < f.width; ++x) sum += f.data[0][y * f.linesize[0] + x];
  }
  return sum / (f.width * f.height);
}

std::unique_ptr<H264Encoder> OpenOrSkip(H264EncoderOptions o) {
  auto enc = H264Encoder::Open(o);
  if (!enc && enc.error().message().find("without libx264") != std::string::npos) return nullptr;
  EXPECT_TRUE(enc.has_value()) << enc.error().ToString();
  return enc ? std::move(*enc) : nullptr;
}

TEST(H264EncoderTest, RoundTripKeepsBrightnessAndForcedKeyFrames) {
  auto enc = OpenOrSkip({.width = kWidth, .height = kHeight, .preset = "ultrafast"});
  if (!enc) GTEST_SKIP() << "no libx264";
  const VideoParams& p = enc->params();
  EXPECT_EQ(p.codec, VideoCodec::kH264);
  EXPECT_EQ(p.width, kWidth);
  EXPECT_EQ(p.height, kHeight);
  EXPECT_EQ(p.rfc6381_codec.rfind("avc1.", 0), 0u) << p.rfc6381_codec;
  ASSERT_FALSE(p.decoder_config.empty());

  std::vector<Frame> frames;
  for (int i = 0; i < kFrames; ++i) {
    FramePtr pic = FlatPicture(LumaOf(i), kWidth, kHeight);
    auto out = enc->Encode(*pic, int64_t{i} * 3600, i == 0 || i == 5 || i == 9);
    ASSERT_TRUE(out.has_value()) << out.error().ToString();
    ASSERT_EQ(out->size(), 1u) << "zerolatency gives one frame per picture";
    frames.push_back(std::move(out->front()));
  }
  auto rest = enc->Flush();
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->empty());

  auto dec = VideoDecoder::Open(p);
  ASSERT_TRUE(dec.has_value()) << dec.error().ToString();
  int decoded = 0;
  for (int i = 0; i < kFrames; ++i) {
    EXPECT_EQ(frames[i].timestamp_90k, int64_t{i} * 3600);
    EXPECT_EQ(frames[i].is_key, i == 0 || i == 5 || i == 9) << "frame " << i;
    auto pics = (*dec)->Decode(frames[i].data, frames[i].timestamp_90k);
    ASSERT_TRUE(pics.has_value()) << "frame " << i << ": " << pics.error().ToString();
    for (const FramePtr& pic : *pics) {
      EXPECT_NEAR(MeanLuma(*pic), LumaOf(static_cast<int>(pic->pts / 3600)), 3.0) << "frame " << i;
      ++decoded;
    }
  }
  auto tail = (*dec)->Flush();
  ASSERT_TRUE(tail.has_value());
  EXPECT_EQ(decoded + static_cast<int>(tail->size()), kFrames);
}

TEST(H264EncoderTest, AJoinAtAForcedKeyFrameDecodes) {
  auto enc = OpenOrSkip({.width = kWidth, .height = kHeight, .preset = "ultrafast"});
  if (!enc) GTEST_SKIP() << "no libx264";
  std::vector<Frame> frames;
  for (int i = 0; i < 8; ++i) {
    auto out = enc->Encode(*FlatPicture(LumaOf(i), kWidth, kHeight), int64_t{i} * 3600, i == 0 || i == 4);
    ASSERT_TRUE(out.has_value());
    for (Frame& f : *out) frames.push_back(std::move(f));
  }
  ASSERT_EQ(frames.size(), 8u);
  auto dec = VideoDecoder::Open(enc->params());
  ASSERT_TRUE(dec.has_value());
  for (int i = 4; i < 8; ++i) {  // a viewer joining at the second GOP
    auto pics = (*dec)->Decode(frames[i].data, frames[i].timestamp_90k);
    ASSERT_TRUE(pics.has_value()) << pics.error().ToString();
    ASSERT_EQ(pics->size(), 1u);
    EXPECT_NEAR(MeanLuma(*pics->front()), LumaOf(i), 3.0);
  }
}

TEST(H264EncoderTest, ScalesOtherSizesAndRefusesBadOptions) {
  auto enc = OpenOrSkip({.width = 160, .height = 90, .preset = "ultrafast"});
  if (!enc) GTEST_SKIP() << "no libx264";
  auto out = enc->Encode(*FlatPicture(100, kWidth, kHeight), 0, true);
  ASSERT_TRUE(out.has_value()) << out.error().ToString();
  ASSERT_EQ(out->size(), 1u);
  auto dec = VideoDecoder::Open(enc->params());
  ASSERT_TRUE(dec.has_value());
  auto pics = (*dec)->Decode(out->front().data, 0);
  ASSERT_TRUE(pics.has_value() && pics->size() == 1u);
  EXPECT_EQ(pics->front()->width, 160);
  EXPECT_NEAR(MeanLuma(*pics->front()), 100, 3.0);

  EXPECT_EQ(H264Encoder::Open({.width = 321, .height = 180}).error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(H264Encoder::Open({.width = 0, .height = 0}).error().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(H264Encoder::Open({.width = 320, .height = 180, .preset = "nonsense"}).has_value());
}

}  // namespace
}  // namespace custos::codec
