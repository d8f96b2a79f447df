// libFuzzer target: ParseRtspInput and ParseCameraUri on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/rtsp_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  custos::sim::RtspLimits limits;
  limits.max_header_bytes = 512;
  limits.max_body_bytes = 256;
  const custos::sim::RtspInput in = custos::sim::ParseRtspInput(input, limits);
  if (in.kind == custos::sim::RtspInput::Kind::kRequest) {
    if (in.consumed_bytes > size) __builtin_trap();
    custos::sim::ParseCameraUri(in.request.uri);
  }
  custos::sim::ParseCameraUri(input);
  return 0;
}
