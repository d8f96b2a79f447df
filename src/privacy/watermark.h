// A visible watermark burnt into decoded pictures of an export: a semi-transparent dark band
// at the bottom left with white text (the export id and the requester), so that a leaked
// copy shows where it came from. Text is drawn with our own bitmap font (bitmap_font.h),
// scaled to the picture height. Applied after masking, so it is never blurred away.
// Thread-safety: Watermarker belongs to one thread; the free functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "privacy/frame.h"

namespace custos::privacy {

// Text as ink: 1 where a glyph pixel is, 0 elsewhere; `scale` picture pixels per font pixel.
struct TextBitmap {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> ink;  // width × height, row-major
  bool At(int x, int y) const { return ink[static_cast<size_t>(y) * width + x] != 0; }
};

TextBitmap RenderText(const std::vector<std::string>& lines, int scale);

// Where the watermark goes in a picture of width × height.
struct WatermarkLayout {
  PixelBox band;   // the darkened band (even coordinates and sizes, for 4:2:0 chroma)
  int scale = 1;   // picture pixels per font pixel
  int text_x = 0;  // top left of the text bitmap in the picture
  int text_y = 0;
};

// The font scale is height / 240 (4 at 1080p, 3 at 720p), made smaller when the longest
// line would not fit the width; a line longer than the picture even at scale 1 is clipped.
WatermarkLayout LayoutWatermark(const std::vector<std::string>& lines, int width, int height);

// The watermark's two lines: "CUSTOS EXPORT <id>" and "FOR <requester>" (non-printable
// characters become '?', so what is burnt in is what the manifest says).
std::vector<std::string> WatermarkLines(const std::string& export_id, const std::string& requester);

// A random export id: 16 hex digits from the OS's random source.
std::string NewExportId();

class Watermarker {
 public:
  explicit Watermarker(std::vector<std::string> lines);

  // Darkens the band to 3/8 of its brightness (chroma towards grey) and writes the text in
  // white (luma 235). The layout is computed for the first picture and on a size change.
  void Apply(I420Frame& frame);
  const WatermarkLayout& layout() const { return layout_; }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  void Prepare(int width, int height);

  std::vector<std::string> lines_;
  int width_ = 0;
  int height_ = 0;
  WatermarkLayout layout_;
  TextBitmap text_;
};

}  // namespace custos::privacy
