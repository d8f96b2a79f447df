#include "privacy/watermark.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "privacy/bitmap_font.h"

namespace custos::privacy {

namespace {

constexpr int kPaddingFontPx = 2;  // band padding around the text, in font pixels

size_t LongestLine(const std::vector<std::string>& lines) {
  size_t n = 0;
  for (const auto& l : lines) n = std::max(n, l.size());
  return n;
}

int TextWidthPx(const std::vector<std::string>& lines, int scale) {
  const size_t chars = LongestLine(lines);
  return chars == 0 ? 0 : (static_cast<int>(chars) * kCellWidth - 1) * scale;
}

int TextHeightPx(const std::vector<std::string>& lines, int scale) {
  return lines.empty() ? 0 : (static_cast<int>(lines.size()) * kCellHeight - (kCellHeight - kGlyphHeight)) * scale;
}

int EvenUp(int v) { return (v + 1) & ~1; }

void DrawChar(TextBitmap& t, char c, int x0, int y0, int scale) {
  for (int r = 0; r < kGlyphHeight; ++r) {
    const uint8_t bits = GlyphRow(c, r);
    for (int col = 0; col < kGlyphWidth; ++col) {
      if (!(bits & (1u << (kGlyphWidth - 1 - col)))) continue;
      for (int dy = 0; dy < scale; ++dy) {
        uint8_t* row = &t.ink[static_cast<size_t>(y0 + r * scale + dy) * t.width];
        std::fill(row + x0 + col * scale, row + x0 + (col + 1) * scale, uint8_t{1});
      }
    }
  }
}

std::string Printable(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  }
  return out;
}

}  // namespace

TextBitmap RenderText(const std::vector<std::string>& lines, int scale) {
  TextBitmap t;
  scale = std::max(1, scale);
  t.width = TextWidthPx(lines, scale);
  t.height = TextHeightPx(lines, scale);
  t.ink.assign(static_cast<size_t>(t.width) * t.height, 0);
  for (size_t l = 0; l < lines.size(); ++l) {
    for (size_t i = 0; i < lines[l].size(); ++i) {
      DrawChar(t, lines[l][i], static_cast<int>(i) * kCellWidth * scale, static_cast<int>(l) * kCellHeight * scale, scale);
    }
  }
  return t;
}

WatermarkLayout LayoutWatermark(const std::vector<std::string>& lines, int width, int height) {
  WatermarkLayout l;
  l.scale = std::max(1, height / 240);
  while (l.scale > 1 && TextWidthPx(lines, l.scale) + 2 * kPaddingFontPx * l.scale > width) --l.scale;
  const int pad = kPaddingFontPx * l.scale;
  const int margin = EvenUp(pad);
  l.band.width = std::min(EvenUp(TextWidthPx(lines, l.scale) + 2 * pad), width - margin) & ~1;
  l.band.height = std::min(EvenUp(TextHeightPx(lines, l.scale) + 2 * pad), height - margin) & ~1;
  l.band.x = margin;
  l.band.y = std::max(0, (height - margin - l.band.height) & ~1);
  l.text_x = l.band.x + pad;
  l.text_y = l.band.y + pad;
  return l;
}

std::vector<std::string> WatermarkLines(const std::string& export_id, const std::string& requester) {
  return {Printable("CUSTOS EXPORT " + export_id), Printable("FOR " + requester)};
}

std::string NewExportId() {
  std::random_device rd;  // the OS's random source on Linux
  char text[17];
  std::snprintf(text, sizeof text, "%08x%08x", rd(), rd());
  return text;
}

Watermarker::Watermarker(std::vector<std::string> lines) : lines_(std::move(lines)) {}

void Watermarker::Prepare(int width, int height) {
  width_ = width;
  height_ = height;
  layout_ = LayoutWatermark(lines_, width, height);
  text_ = RenderText(lines_, layout_.scale);
}

void Watermarker::Apply(I420Frame& f) {
  if (f.width != width_ || f.height != height_) Prepare(f.width, f.height);
  const PixelBox& b = layout_.band;
  if (b.width <= 0 || b.height <= 0) return;
  for (int y = b.y; y < b.y + b.height; ++y) {
    uint8_t* row = &f.y[static_cast<size_t>(y) * f.width];
    const int ty = y - layout_.text_y;
    for (int x = b.x; x < b.x + b.width; ++x) {
      const int tx = x - layout_.text_x;
      const bool ink = ty >= 0 && ty < text_.height && tx >= 0 && tx < text_.width && text_.At(tx, ty);
      row[x] = ink ? uint8_t{235} : static_cast<uint8_t>((row[x] * 3 + 16 * 5) / 8);
    }
  }
  const int cw = f.ChromaWidth();
  for (int y = b.y / 2; y < (b.y + b.height) / 2; ++y) {
    for (int x = b.x / 2; x < (b.x + b.width) / 2; ++x) {
      const size_t i = static_cast<size_t>(y) * cw + x;
      f.u[i] = static_cast<uint8_t>((f.u[i] * 3 + 128 * 5) / 8);
      f.v[i] = static_cast<uint8_t>((f.v[i] * 3 + 128 * 5) / 8);
    }
  }
}

}  // namespace custos::privacy
