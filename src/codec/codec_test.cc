// codec_test: decode and JPEG-encode pictures that libx264 / libx265 (through
// libavcodec) made from generated frames of known brightness, so that a test can tell
// which frame a still shows.
#include <gtest/gtest.h>

#include <cstring>

#include "codec/decoder.h"
#include "codec/jpeg_encoder.h"
#include "codec/still.h"
#include "media/h264.h"
#include "media/h265.h"
#include "media/nal.h"

namespace custos::codec {
namespace {

constexpr int kWidth = 320, kHeight = 180, kFrames = 12;

// Limited-range luma of generated frame i: flat, 16 + 15 i.
int LumaOf(int i) { return 16 + 15 * i; }

struct Stream {
  VideoParams params;
  std::vector<Bytes> samples;  // length-prefixed NAL units, decode order
  std::vector<bool> key;
};

void AppendLengthPrefixed(Bytes& out, ByteSpan nal) {
  const uint32_t n = static_cast<uint32_t>(nal.size());
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<uint8_t>(n >> shift));
  out.insert(out.end(), nal.begin(), nal.end());
}

// Encodes kFrames flat frames (GOP 6, no B-frames) and converts them to stored samples.
Stream Encode(VideoCodec codec) {
  Stream s;
  const bool h264 = codec == VideoCodec::kH264;
  const AVCodec* enc = avcodec_find_encoder_by_name(h264 ? "libx264" : "libx265");
  if (enc == nullptr) return s;
  CodecContextPtr ctx(avcodec_alloc_context3(enc));
  ctx->width = kWidth;
  ctx->height = kHeight;
  ctx->pix_fmt = AV_PIX_FMT_YUV420P;
  ctx->time_base = AVRational{1, 25};
  ctx->gop_size = 6;
  ctx->max_b_frames = 0;
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "preset", "ultrafast", 0);
  if (!h264) av_dict_set(&opts, "x265-params", "log-level=error:keyint=6:min-keyint=6:bframes=0", 0);
  EXPECT_EQ(avcodec_open2(ctx.get(), enc, &opts), 0);
  av_dict_free(&opts);
  Bytes vps, sps, pps;
  auto take = [&](AVPacket* pkt) {
    Bytes sample;
    for (ByteSpan nal : SplitAnnexB(ByteSpan(pkt->data, static_cast<size_t>(pkt->size)))) {
      const uint8_t type = h264 ? H264NalType(nal[0]) : H265NalType(nal[0]);
      Bytes* set = h264 ? (type == 7 ? &sps : type == 8 ? &pps : nullptr)
                        : (type == 32 ? &vps : type == 33 ? &sps : type == 34 ? &pps : nullptr);
      if (set != nullptr) {
        set->assign(nal.begin(), nal.end());
        continue;  // as a recording stores them: in the avcC/hvcC, not the samples
      }
      AppendLengthPrefixed(sample, nal);
    }
    s.samples.push_back(std::move(sample));
    s.key.push_back((pkt->flags & AV_PKT_FLAG_KEY) != 0);
  };
  PacketPtr pkt(av_packet_alloc());
  for (int i = 0; i <= kFrames; ++i) {
    FramePtr f(av_frame_alloc());
    f->format = AV_PIX_FMT_YUV420P;
    f->width = kWidth;
    f->height = kHeight;
    EXPECT_EQ(av_frame_get_buffer(f.get(), 0), 0);
    std::memset(f->data[0], LumaOf(i), static_cast<size_t>(f->linesize[0]) * kHeight);
    std::memset(f->data[1], 128, static_cast<size_t>(f->linesize[1]) * kHeight / 2);
    std::memset(f->data[2], 128, static_cast<size_t>(f->linesize[2]) * kHeight / 2);
    f->pts = i;
    EXPECT_EQ(avcodec_send_frame(ctx.get(), i < kFrames ? f.get() : nullptr), 0);
    while (avcodec_receive_packet(ctx.get(), pkt.get()) == 0) {
      take(pkt.get());
      av_packet_unref(pkt.get());
    }
  }
  Result<VideoParams> p = h264 ? MakeH264Params(sps, pps) : MakeH265Params(vps, sps, pps);
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().ToString());
  if (p) s.params = *p;
  return s;
}

// The mean luma of a JPEG, decoded with libavcodec's mjpeg decoder (full range).
double MeanLuma(const Bytes& jpeg, int* width, int* height) {
  const AVCodec* dec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
  CodecContextPtr ctx(avcodec_alloc_context3(dec));
  EXPECT_EQ(avcodec_open2(ctx.get(), dec, nullptr), 0);
  PacketPtr pkt(av_packet_alloc());
  EXPECT_EQ(av_new_packet(pkt.get(), static_cast<int>(jpeg.size())), 0);
  std::memcpy(pkt->data, jpeg.data(), jpeg.size());
  EXPECT_EQ(avcodec_send_packet(ctx.get(), pkt.get()), 0);
  FramePtr f(av_frame_alloc());
  EXPECT_EQ(avcodec_receive_frame(ctx.get(), f.get()), 0);
  *width = f->width;
  *height = f->height;
  double sum = 0;
  for (int y = 0; y < f->height; ++y) {
    for (int x = 0; x < f->width; ++x) sum += f->data[0][y * f->linesize[0] + x];
  }
  return sum / (f->width * f->height);
}

double FullRange(int limited) { return (limited - 16) * 255.0 / 219.0; }

class CodecTest : public ::testing::TestWithParam<VideoCodec> {
 protected:
  void SetUp() override {
    stream_ = Encode(GetParam());
    if (stream_.samples.empty()) GTEST_SKIP() << "libavcodec was built without this encoder";
    ASSERT_EQ(stream_.samples.size(), static_cast<size_t>(kFrames));
    ASSERT_TRUE(stream_.key[0] && stream_.key[6] && !stream_.key[9]);
  }
  Stream stream_;
};

TEST_P(CodecTest, DecoderReturnsEveryPicture) {
  auto decoder = VideoDecoder::Open(stream_.params);
  ASSERT_TRUE(decoder.has_value()) << decoder.error().ToString();
  size_t pictures = 0;
  for (size_t i = 0; i < stream_.samples.size(); ++i) {
    auto frames = (*decoder)->Decode(stream_.samples[i], static_cast<int64_t>(i) * 3600);
    ASSERT_TRUE(frames.has_value()) << frames.error().ToString();
    pictures += frames->size();
  }
  auto rest = (*decoder)->Flush();
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(pictures + rest->size(), stream_.samples.size());
}

TEST_P(CodecTest, StillShowsTheLastSampleDecoded) {
  // From the key frame at 6 through frame 9: the picture is frame 9's.
  std::vector<Bytes> gop(stream_.samples.begin() + 6, stream_.samples.begin() + 10);
  auto jpeg = StillJpeg(stream_.params, gop);
  ASSERT_TRUE(jpeg.has_value()) << jpeg.error().ToString();
  ASSERT_GT(jpeg->size(), 4u);
  EXPECT_EQ((*jpeg)[0], 0xff);
  EXPECT_EQ((*jpeg)[1], 0xd8);  // SOI
  EXPECT_EQ((*jpeg)[jpeg->size() - 1], 0xd9);  // EOI
  int w = 0, h = 0;
  EXPECT_NEAR(MeanLuma(*jpeg, &w, &h), FullRange(LumaOf(9)), 4.0);
  EXPECT_EQ(w, kWidth);
  EXPECT_EQ(h, kHeight);
  // Only the key frame: frame 6.
  auto key_only = StillJpeg(stream_.params, std::span(gop).first(1), {.width = 100});
  ASSERT_TRUE(key_only.has_value());
  EXPECT_NEAR(MeanLuma(*key_only, &w, &h), FullRange(LumaOf(6)), 4.0);
  EXPECT_EQ(w, 100);
  EXPECT_EQ(h, 56);  // 180 * 100 / 320 = 56.25, even
}

TEST_P(CodecTest, GarbageIsAnErrorNotACrash) {
  std::vector<Bytes> junk = {Bytes{0, 0, 0, 3, 0x65, 0xff, 0x00}, Bytes(100, 0xab)};
  auto jpeg = StillJpeg(stream_.params, junk);
  EXPECT_FALSE(jpeg.has_value());
  EXPECT_FALSE(StillJpeg(stream_.params, {}).has_value());
  VideoParams empty = stream_.params;
  empty.decoder_config.clear();
  EXPECT_EQ(VideoDecoder::Open(empty).error().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(StillJpeg(stream_.params, std::span(stream_.samples).first(1), {.width = 8}).has_value());
}

INSTANTIATE_TEST_SUITE_P(Codecs, CodecTest, ::testing::Values(VideoCodec::kH264, VideoCodec::kH265),
                         [](const auto& info) { return std::string(VideoCodecName(info.param)); });

TEST(ScaledSizeTest, KeepsAspectNeverUpscalesStaysEven) {
  EXPECT_EQ(ScaledSize(1920, 1080, 320).height, 180);
  EXPECT_EQ(ScaledSize(1920, 1080, 0).width, 1920);
  EXPECT_EQ(ScaledSize(640, 360, 4000).width, 640);
  EXPECT_EQ(ScaledSize(641, 361, 0).width, 640);
}

}  // namespace
}  // namespace custos::codec
