// Applies privacy to one decoded picture: privacy zones filled opaquely (no trace of the
// pixels below), detected regions pixelated coarsely and then blurred so that neither a face
// nor a plate can be read back.
#pragma once

#include <vector>

#include "privacy/frame.h"
#include "privacy/zone.h"

namespace custos::privacy {

struct MaskStyle {
  uint8_t zone_luma = 16;     // opaque fill: black
  int pixel_blocks = 6;       // a region is reduced to at most this many blocks across
  int min_block_px = 8;       // ... each at least this many pixels wide
};

class Masker {
 public:
  explicit Masker(std::vector<PrivacyZone> zones, MaskStyle style = {});

  // Fills the zones, then pixelates `regions` (clipped to the picture).
  void Apply(I420Frame& frame, const std::vector<PixelBox>& regions) const;
  void FillZones(I420Frame& frame) const;
  // The same fill on a 4:2:0 picture held elsewhere (the chroma planes half the size).
  void FillZones(PlaneView y, PlaneView u, PlaneView v) const;
  bool has_zones() const { return !zones_.empty(); }
  void Pixelate(I420Frame& frame, const PixelBox& region) const;

 private:
  std::vector<PrivacyZone> zones_;
  MaskStyle style_;
};

// `box` clipped to a width × height picture; width or height 0 when nothing is left.
PixelBox ClipBox(const PixelBox& box, int width, int height);

}  // namespace custos::privacy
