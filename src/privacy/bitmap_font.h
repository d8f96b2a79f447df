// A small bitmap font of our own for burnt-in text (watermarks): printable ASCII, each glyph
// 5 × 7 pixels in a 6 × 9 cell (one column and two rows of spacing). Designed for Custos, not
// taken from any font file; the glyphs are drawn as text in bitmap_font.cc. Scaled up by
// whole pixels, it stays legible after H.264 compression from about 3 px per font pixel.
// Thread-safety: read-only tables, safe from any thread.
#pragma once

#include <array>
#include <cstdint>

namespace custos::privacy {

inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;
inline constexpr int kCellWidth = 6;   // glyph + one column of spacing
inline constexpr int kCellHeight = 9;  // glyph + two rows between lines

// Row r (0 = top) of the glyph for `c`; bit 4 is the leftmost pixel. Characters outside
// printable ASCII (0x20..0x7e) are drawn as '?'.
uint8_t GlyphRow(char c, int row);

// True when every printable ASCII character has a well-formed glyph (checked by the tests).
bool FontTableIsComplete();

}  // namespace custos::privacy
