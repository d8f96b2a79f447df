// fuzz_rtp: libFuzzer target for ParseRtp and ParseRtcpCompound (src/media/rtp.h).
//
// The input is one datagram, tried both as RTP and as compound RTCP, as a camera's UDP
// socket or an interleaved RTSP channel would deliver it.
#include <cstddef>
#include <cstdint>

#include "base/ntp.h"
#include "media/rtp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const custos::ByteSpan in(data, size);
  auto rtp = custos::ParseRtp(in);
  if (rtp) {
    // The payload must lie inside the input.
    const uint8_t* p = rtp->payload.data();
    const size_t n = rtp->payload.size();
    if (n > size || (n > 0 && (p < data || p + n > data + size))) __builtin_trap();
    custos::Bytes out;
    custos::SerializeRtp(*rtp, out);
    auto again = custos::ParseRtp(out);
    if (!again || again->sequence != rtp->sequence || again->payload.size() != rtp->payload.size()) __builtin_trap();
  }
  auto rtcp = custos::ParseRtcpCompound(in);
  if (rtcp) {
    for (const custos::RtcpSenderReport& sr : rtcp->sender_reports) {
      (void)custos::Ntp64ToWallTime(sr.ntp_timestamp);
    }
  }
  return 0;
}
