#include "privacy/av_mask.h"

#include <gtest/gtest.h>

#include <random>

namespace custos::privacy {
namespace {

// A noisy picture in `format` (8-bit planes filled with noise; for 10-bit formats each
// 16-bit sample gets noise in 0..1023).
codec::FramePtr NoisePicture(AVPixelFormat format, int w, int h) {
  codec::FramePtr f = *codec::NewFrame();
  f->format = format;
  f->width = w;
  f->height = h;
  EXPECT_EQ(av_frame_get_buffer(f.get(), 64), 0);  // padded rows: stride != width
  std::mt19937 rng(3);
  const bool wide = format == AV_PIX_FMT_YUV420P10LE;
  for (int p = 0; p < 3; ++p) {
    const int ph = p == 0 ? h : (h + 1) / 2, pw = p == 0 ? w : (w + 1) / 2;
    for (int y = 0; y < ph; ++y) {
      uint8_t* row = f->data[p] + static_cast<ptrdiff_t>(y) * f->linesize[p];
      for (int x = 0; x < pw; ++x) {
        if (wide) {
          reinterpret_cast<uint16_t*>(row)[x] = static_cast<uint16_t>(rng() % 1024);
        } else {
          row[x] = static_cast<uint8_t>(64 + rng() % 128);
        }
      }
    }
  }
  return f;
}

uint8_t At(const AVFrame& f, int plane, int x, int y) { return f.data[plane][y * f.linesize[plane] + x]; }

const std::vector<PrivacyZone> kLeftQuarter = {{"left", {{0, 0}, {0.25, 0}, {0.25, 1}, {0, 1}}}};

TEST(AvMaskTest, FillsTheZoneInAStridedPictureAndNothingElse) {
  codec::FramePtr f = NoisePicture(AV_PIX_FMT_YUV420P, 150, 100);
  ASSERT_GT(f->linesize[0], 150);
  codec::FramePtr before(av_frame_clone(f.get()));
  ASSERT_TRUE(av_frame_make_writable(before.get()) == 0);  // a real copy to compare with
  ASSERT_TRUE(MaskPicture(f, Masker(kLeftQuarter)).ok());
  int changed_outside = 0;
  for (int y = 0; y < 100; ++y) {
    for (int x = 0; x < 150; ++x) {
      if (x < 37) {
        EXPECT_EQ(At(*f, 0, x, y), 16) << x << "," << y;
      } else if (x > 38) {
        changed_outside += At(*f, 0, x, y) != At(*before, 0, x, y);
      }
    }
  }
  EXPECT_EQ(changed_outside, 0);
  EXPECT_EQ(At(*f, 1, 5, 20), 128);
  EXPECT_EQ(At(*f, 2, 5, 20), 128);
  EXPECT_EQ(At(*f, 1, 60, 20), At(*before, 1, 60, 20));
}

TEST(AvMaskTest, NeverChangesAPictureSomebodyElseHolds) {
  codec::FramePtr decoder_copy = NoisePicture(AV_PIX_FMT_YUV420P, 64, 48);
  const uint8_t original = At(*decoder_copy, 0, 2, 2);
  codec::FramePtr shown(av_frame_clone(decoder_copy.get()));  // shares the buffers, as a decoder's output
  ASSERT_TRUE(MaskPicture(shown, Masker(kLeftQuarter)).ok());
  EXPECT_EQ(At(*shown, 0, 2, 2), 16);
  EXPECT_EQ(At(*decoder_copy, 0, 2, 2), original);
}

TEST(AvMaskTest, TenBitPicturesAreConvertedThenMasked) {
  codec::FramePtr f = NoisePicture(AV_PIX_FMT_YUV420P10LE, 64, 48);
  ASSERT_TRUE(MaskPicture(f, Masker(kLeftQuarter)).ok());
  EXPECT_EQ(f->format, AV_PIX_FMT_YUV420P);
  EXPECT_EQ(f->width, 64);
  EXPECT_EQ(At(*f, 0, 3, 40), 16);
  int varied = 0;
  for (int x = 20; x < 63; ++x) varied += At(*f, 0, x, 10) != At(*f, 0, x + 1, 10);
  EXPECT_GT(varied, 20);  // outside the zone the noise survives the conversion
}

TEST(AvMaskTest, NoZonesLeavesThePictureAlone) {
  codec::FramePtr f = NoisePicture(AV_PIX_FMT_YUV420P10LE, 32, 32);
  AVFrame* same = f.get();
  ASSERT_TRUE(MaskPicture(f, Masker({})).ok());
  EXPECT_EQ(f.get(), same);
  EXPECT_EQ(f->format, AV_PIX_FMT_YUV420P10LE);
}

}  // namespace
}  // namespace custos::privacy
