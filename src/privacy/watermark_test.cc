#include "privacy/watermark.h"

#include <gtest/gtest.h>

#include <set>

#include "privacy/bitmap_font.h"

namespace custos::privacy {
namespace {

TEST(BitmapFontTest, EveryPrintableCharacterHasItsOwnGlyph) {
  EXPECT_TRUE(FontTableIsComplete());
  std::set<std::vector<uint8_t>> seen;
  for (char c = 0x20; c <= 0x7e; ++c) {
    std::vector<uint8_t> rows;
    for (int r = 0; r < kGlyphHeight; ++r) rows.push_back(GlyphRow(c, r));
    EXPECT_TRUE(seen.insert(rows).second) << "glyph of '" << c << "' repeats another one";
  }
  // Outside printable ASCII: the question mark.
  for (int r = 0; r < kGlyphHeight; ++r) EXPECT_EQ(GlyphRow('\n', r), GlyphRow('?', r));
  EXPECT_EQ(GlyphRow('T', 0), 0x1f);  // the bar of the T is the whole top row
  EXPECT_EQ(GlyphRow('T', 6), 0x04);  // and its stem the middle column
}

TEST(WatermarkTest, RenderTextScalesGlyphsIntoCells) {
  const TextBitmap t = RenderText({"TT", "T"}, 3);
  EXPECT_EQ(t.width, (2 * kCellWidth - 1) * 3);
  EXPECT_EQ(t.height, (2 * kCellHeight - 2) * 3);
  EXPECT_TRUE(t.At(0, 0));                      // top left of the first T's bar
  EXPECT_TRUE(t.At(14, 2));                     // its right end (5 px × 3 − 1)
  EXPECT_FALSE(t.At(15, 0));                    // the spacing column
  EXPECT_TRUE(t.At(kCellWidth * 3, 0));         // the second T
  EXPECT_TRUE(t.At(7, kCellHeight * 3 + 20));   // the second line's stem
  EXPECT_FALSE(t.At(kCellWidth * 3, kCellHeight * 3));  // the second line has one T only
}

TEST(WatermarkTest, LayoutIsBottomLeftAndScalesWithTheHeight) {
  const auto lines = WatermarkLines("0123456789abcdef", "Officer Li (permit 4471)");
  const WatermarkLayout hd = LayoutWatermark(lines, 1920, 1080);
  EXPECT_EQ(hd.scale, 4);
  EXPECT_EQ(hd.band.x % 2, 0);
  EXPECT_EQ(hd.band.y % 2, 0);
  EXPECT_EQ(hd.band.height % 2, 0);
  EXPECT_EQ(hd.band.x, 8);
  EXPECT_EQ(hd.band.y + hd.band.height, 1080 - 8);
  EXPECT_NEAR(hd.band.height / 1080.0, 0.07, 0.01);
  EXPECT_LT(hd.band.width, 1920 / 2);
  const WatermarkLayout small = LayoutWatermark(lines, 640, 360);
  EXPECT_EQ(small.scale, 1);
  EXPECT_NEAR(small.band.height / 360.0, 0.06, 0.01);
  // A line too long for the width at the height's scale gets a smaller scale.
  const WatermarkLayout narrow = LayoutWatermark({std::string(80, 'W')}, 1280, 1080);
  EXPECT_EQ(narrow.scale, 2);
  EXPECT_LE(narrow.band.x + narrow.band.width, 1280);
  // Even a line that cannot fit stays inside the picture.
  const WatermarkLayout clipped = LayoutWatermark({std::string(300, 'W')}, 320, 240);
  EXPECT_LE(clipped.band.x + clipped.band.width, 320);
}

TEST(WatermarkTest, LinesAreTheIdAndTheRequesterInPrintableAscii) {
  const auto lines = WatermarkLines("00ff", "J\xc3\xa9r\xc3\xb4me\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "CUSTOS EXPORT 00ff");
  EXPECT_EQ(lines[1], "FOR J??r??me?");
  const std::string a = NewExportId(), b = NewExportId();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

TEST(WatermarkTest, ApplyChangesTheBandOnlyAndWritesTheText) {
  I420Frame f;
  f.Allocate(640, 480);
  for (size_t i = 0; i < f.y.size(); ++i) f.y[i] = static_cast<uint8_t>(100 + i % 50);
  std::fill(f.u.begin(), f.u.end(), uint8_t{200});
  const I420Frame original = f;
  Watermarker w(WatermarkLines("abc", "x"));
  w.Apply(f);
  const WatermarkLayout& l = w.layout();
  const TextBitmap text = RenderText(w.lines(), l.scale);
  int ink = 0;
  for (int y = 0; y < f.height; ++y) {
    for (int x = 0; x < f.width; ++x) {
      const size_t i = static_cast<size_t>(y) * f.width + x;
      const bool in_band = x >= l.band.x && x < l.band.x + l.band.width && y >= l.band.y && y < l.band.y + l.band.height;
      if (!in_band) {
        ASSERT_EQ(f.y[i], original.y[i]) << x << "," << y;
        continue;
      }
      const int tx = x - l.text_x, ty = y - l.text_y;
      if (tx >= 0 && ty >= 0 && tx < text.width && ty < text.height && text.At(tx, ty)) {
        ASSERT_EQ(f.y[i], 235);
        ++ink;
      } else {
        ASSERT_LT(f.y[i], original.y[i]) << "the band darkens";
      }
    }
  }
  EXPECT_GT(ink, 50);
  const size_t chroma_in_band = static_cast<size_t>(l.band.y / 2) * f.ChromaWidth() + l.band.x / 2;
  EXPECT_LT(f.u[chroma_in_band], 200);
  EXPECT_EQ(f.u[0], 200);
}

}  // namespace
}  // namespace custos::privacy
