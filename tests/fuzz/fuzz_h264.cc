// fuzz_h264: libFuzzer target for the H.264 depacketizer and SPS parsing.
// Input format: see fuzz_depacketizer_common.h.
#include "fuzz_depacketizer_common.h"
#include "media/h264.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint8_t kPps[] = {0x68, 0xce, 0x3c, 0x80};
  custos::fuzz::RunDepacketizer(
      custos::VideoCodec::kH264, data, size,
      [](custos::ByteSpan payload) {
        // Any payload that parses as an SPS must also make complete params.
        if (payload.empty() || custos::H264NalType(payload[0]) != custos::kH264NalSps) return;
        auto sps = custos::ParseH264Sps(payload);
        if (sps && !custos::MakeH264Params(payload, kPps)) __builtin_trap();
      },
      [](const custos::VideoParams& p) {
        auto sps = custos::ParseH264Sps(p.sps);
        if (!sps || sps->width != p.width || sps->height != p.height) __builtin_trap();
        if (p.decoder_config.size() < 11 || p.rfc6381_codec.size() != 11) __builtin_trap();
      });
  return 0;
}
