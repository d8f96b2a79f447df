// fuzz_depacketizer_common.h: the input format shared by fuzz_h264 and fuzz_h265.
//
// The input is a series of records: [control byte][length byte][length bytes of RTP
// payload]. Control bit 0 sets the RTP marker, bit 1 advances the RTP timestamp by 3000,
// bit 2 skips a sequence number (a loss), bit 3 repeats the previous one (a duplicate),
// bit 4 jumps the timestamp backwards, bit 5 moves the timestamp near its 32-bit wrap.
// A truncated last record is used as far as it goes. After every packet the frames are
// drained and checked: each must be a valid sequence of length-prefixed NAL units no
// larger than the frame limit, and the current params must re-parse.
// Thread-safety: single-threaded fuzz harness.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "media/depacketizer.h"
#include "media/packetizer.h"

namespace custos::fuzz {

// `per_payload` sees every payload (for direct SPS parsing); `check_params` every new params.
inline void RunDepacketizer(VideoCodec codec, const uint8_t* data, size_t size,
                            const std::function<void(ByteSpan)>& per_payload,
                            const std::function<void(const VideoParams&)>& check_params) {
  auto d = Depacketizer::Create(codec, {});
  if (!d) __builtin_trap();
  uint16_t seq = 0xfff0;
  uint32_t ts = 0;
  uint32_t generation = 0;
  size_t pos = 0;
  while (pos + 2 <= size) {
    const uint8_t control = data[pos];
    size_t len = data[pos + 1];
    pos += 2;
    if (len > size - pos) len = size - pos;
    RtpPacket pkt;
    pkt.payload_type = 96;
    pkt.marker = control & 1;
    if (control & 2) ts += 3000;
    if (control & 4) ++seq;
    if (!(control & 8)) ++seq;
    if (control & 16) ts -= 6000;
    if (control & 32) ts = 0xffffffffu - 1000;
    pkt.sequence = seq;
    pkt.timestamp = ts;
    pkt.payload = ByteSpan(data + pos, len);
    pos += len;
    per_payload(pkt.payload);
    Status ignored = (*d)->Push(pkt);  // errors are expected on fuzz input
    (void)ignored;
    while (auto frame = (*d)->Pop()) {
      if (frame->data.empty() || frame->data.size() > (16u << 20)) __builtin_trap();
      if (!SplitLengthPrefixed(frame->data)) __builtin_trap();
      if (frame->params_generation > (*d)->params_generation()) __builtin_trap();
    }
    if ((*d)->params_generation() != generation) {
      generation = (*d)->params_generation();
      if ((*d)->params() == nullptr) __builtin_trap();
      check_params(*(*d)->params());
    }
  }
  const Depacketizer::Stats stats = (*d)->stats();
  if (stats.frames > stats.packets) __builtin_trap();
}

}  // namespace custos::fuzz
