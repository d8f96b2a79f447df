// fuzz_h265: libFuzzer target for the H.265 depacketizer and SPS parsing.
// Input format: see fuzz_depacketizer_common.h.
#include "fuzz_depacketizer_common.h"
#include "media/h265.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint8_t kVps[] = {0x40, 0x01, 0x0c, 0x01, 0xff, 0xff};
  static const uint8_t kPps[] = {0x44, 0x01, 0xc1, 0x72};
  custos::fuzz::RunDepacketizer(
      custos::VideoCodec::kH265, data, size,
      [](custos::ByteSpan payload) {
        if (payload.size() < 2 || custos::H265NalType(payload[0]) != custos::kH265NalSps) return;
        auto sps = custos::ParseH265Sps(payload);
        if (sps && !custos::MakeH265Params(kVps, payload, kPps)) __builtin_trap();
      },
      [](const custos::VideoParams& p) {
        auto sps = custos::ParseH265Sps(p.sps);
        if (!sps || sps->width != p.width || sps->height != p.height) __builtin_trap();
        if (p.decoder_config.size() < 23 || p.rfc6381_codec.rfind("hvc1.", 0) != 0) __builtin_trap();
      });
  return 0;
}
