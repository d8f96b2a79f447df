// A watermarked export judged by decoding it (libavcodec) and by ffmpeg: the band differs
// strongly from the same export without watermark, the rest of the picture stays close, and
// the text read back from the decoded pixels spells the export id.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

extern "C" {
#include <libavutil/log.h>
}

#include "privacy/bitmap_font.h"
#include "privacy/pipeline.h"
#include "privacy/watermark.h"

namespace custos::privacy {
namespace {

namespace fs = std::filesystem;

I420Frame DecodeFrame(const std::string& path, int index) {
  auto source = OpenLibavSource(path);
  EXPECT_TRUE(source) << source.error().ToString();
  StagedFrame f;
  for (int i = 0; source && i <= index; ++i) {
    auto more = (*source)->Next(f);
    EXPECT_TRUE(more && *more) << "frame " << i;
    if (!more || !*more) break;
  }
  return f.frame;
}

bool Inside(const PixelBox& b, int x, int y, int grow) {
  return x >= b.x - grow && x < b.x + b.width + grow && y >= b.y - grow && y < b.y + b.height + grow;
}

// PSNR of the luma of `a` against `b`, over the pixels inside (or outside) box grown by `grow`.
double Psnr(const I420Frame& a, const I420Frame& b, const PixelBox& box, bool inside, int grow) {
  double sse = 0;
  int64_t n = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      if (Inside(box, x, y, grow) != inside) continue;
      const double d = a.y[static_cast<size_t>(y) * a.width + x] - b.y[static_cast<size_t>(y) * b.width + x];
      sse += d * d;
      ++n;
    }
  }
  return sse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 * n / sse);
}

// Pearson correlation between the ink of `t` and the luma under it at (x0, y0).
double Correlation(const I420Frame& f, const TextBitmap& t, int x0, int y0) {
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  const double n = static_cast<double>(t.width) * t.height;
  for (int y = 0; y < t.height; ++y) {
    for (int x = 0; x < t.width; ++x) {
      const double a = t.At(x, y) ? 1 : 0;
      const double b = f.y[static_cast<size_t>(y0 + y) * f.width + x0 + x];
      sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b;
    }
  }
  const double cov = sab - sa * sb / n, va = saa - sa * sa / n, vb = sbb - sb * sb / n;
  return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0;
}

// Reads `count` characters of line 0 from `first` on, each the best-matching hex digit glyph.
std::string ReadHexDigits(const I420Frame& f, const WatermarkLayout& l, int first, int count) {
  std::string read;
  for (int i = first; i < first + count; ++i) {
    const int x = l.text_x + i * kCellWidth * l.scale;
    double best = -2;
    char best_c = '?';
    for (char c : std::string("0123456789abcdef")) {
      const double r = Correlation(f, RenderText({std::string(1, c)}, l.scale), x, l.text_y);
      if (r > best) best = r, best_c = c;
    }
    read += best_c;
  }
  return read;
}

std::string FfmpegErrors(const std::string& path, const fs::path& dir) {
  const std::string log = (dir / "ffmpeg.log").string();
  const std::string cmd = "ffmpeg -v error -nostdin -i " + path + " -f null - 2> " + log;
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(WatermarkExportTest, BandCarriesTheIdAndTheRestOfThePictureIsUnchanged) {
  const fs::path dir = fs::temp_directory_path() / ("custos_watermark_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string clip = (dir / "clip.mp4").string();
  const std::string plain = (dir / "plain.mp4").string(), marked = (dir / "marked.mp4").string();
  const std::string make = "ffmpeg -v error -nostdin -y -f lavfi -i testsrc2=size=1280x720:rate=25 -t 2 -pix_fmt yuv420p "
                           "-c:v libx264 -preset ultrafast -g 25 " + clip;
  ASSERT_EQ(std::system(make.c_str()), 0);

  av_log_set_level(AV_LOG_ERROR);  // libx264's statistics
  const std::string id = NewExportId();
  MaskedExportOptions options;
  options.detect = false;
  ASSERT_TRUE(MaskedExportFile(clip, plain, options));
  options.watermark_lines = WatermarkLines(id, "Officer Li (permit 4471)");
  auto stats = MaskedExportFile(clip, marked, options);
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->frames, 50);
  EXPECT_EQ(FfmpegErrors(marked, dir), "");

  const WatermarkLayout l = LayoutWatermark(options.watermark_lines, 1280, 720);
  EXPECT_EQ(l.scale, 3);
  for (int index : {0, 31, 49}) {
    const I420Frame a = DecodeFrame(plain, index), b = DecodeFrame(marked, index);
    ASSERT_EQ(b.width, 1280);
    ASSERT_EQ(b.height, 720);
    std::printf("frame %d: PSNR band %.1f dB, rest %.1f dB; text correlation %.2f (without watermark %.2f)\n", index,
                Psnr(a, b, l.band, true, 0), Psnr(a, b, l.band, false, 16),
                Correlation(b, RenderText(options.watermark_lines, l.scale), l.text_x, l.text_y),
                Correlation(a, RenderText(options.watermark_lines, l.scale), l.text_x, l.text_y));
    // The band differs strongly; the rest is close (16 px left for macroblocks across the edge).
    EXPECT_LT(Psnr(a, b, l.band, /*inside=*/true, 0), 15) << "frame " << index;
    EXPECT_GT(Psnr(a, b, l.band, /*inside=*/false, 16), 38) << "frame " << index;
    // The text as a whole, and the id read back character by character.
    EXPECT_GT(Correlation(b, RenderText(options.watermark_lines, l.scale), l.text_x, l.text_y), 0.85)
        << "frame " << index;
    EXPECT_EQ(ReadHexDigits(b, l, static_cast<int>(std::string("CUSTOS EXPORT ").size()), 16), id)
        << "frame " << index;
    // Read at the same place in the export without watermark, the digits are not the id.
    EXPECT_LT(Correlation(a, RenderText(options.watermark_lines, l.scale), l.text_x, l.text_y), 0.3);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace custos::privacy
