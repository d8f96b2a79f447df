// ingest_test_util.h: small fixtures shared by the ingest tests. Test-only.
#pragma once

#include <cstdint>

#include "media/frame.h"

namespace custos::testing {

inline constexpr int64_t kFrame90k = 3600;  // 25 fps

// H.264 parameters that the MP4 writer accepts; `tag` makes distinct generations.
inline VideoParams H264Params(uint8_t tag = 0) {
  VideoParams p;
  p.codec = VideoCodec::kH264;
  p.sps = {0x67, 0x42, 0xc0, 0x1f, tag};
  p.pps = {0x68, 0xce, 0x3c, 0x80};
  p.width = 1280;
  p.height = 720;
  p.rfc6381_codec = "avc1.42c01f";
  p.decoder_config = {1, 0x42, 0xc0, 0x1f, 0xff, 0xe1, 0, 5, 0x67, 0x42, 0xc0, 0x1f, tag, 1, 0, 4, 0x68, 0xce, 0x3c, 0x80};
  return p;
}

}  // namespace custos::testing
