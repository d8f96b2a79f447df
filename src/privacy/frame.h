// A decoded picture as the masker sees it: 8-bit YUV 4:2:0 planes, tightly packed. Kept free
// of libavcodec so any decoder (src/privacy's own pipeline today, src/codec later) can fill it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace custos::privacy {

struct I420Frame {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> y;  // width × height
  std::vector<uint8_t> u;  // ChromaWidth() × ChromaHeight()
  std::vector<uint8_t> v;

  int ChromaWidth() const { return (width + 1) / 2; }
  int ChromaHeight() const { return (height + 1) / 2; }
  void Allocate(int w, int h) {
    width = w;
    height = h;
    y.assign(static_cast<size_t>(w) * h, 16);
    u.assign(static_cast<size_t>(ChromaWidth()) * ChromaHeight(), 128);
    v.assign(u.size(), 128);
  }
};

// One 8-bit plane of somebody else's picture (e.g. an AVFrame's), rows `stride_bytes` apart.
struct PlaneView {
  uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  int stride_bytes = 0;
};

// A region in pixels of the full picture.
struct PixelBox {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  bool operator==(const PixelBox&) const = default;
};

}  // namespace custos::privacy
