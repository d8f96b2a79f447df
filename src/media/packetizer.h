// packetizer.h: access units to RTP payloads, the inverse of Depacketizer.
//
// Provides PacketizeAccessUnit (H.264 per RFC 6184: single NAL unit, FU-A, optionally
// STAP-A; H.265 per RFC 7798: single, FU, optionally AP), used by the RTSP simulator and
// by tests, and SplitLengthPrefixed, which turns an MP4 sample (4-byte lengths) into NAL
// unit spans. RTP headers are the caller's: see SerializeRtp in rtp.h.
// Thread-safety: pure functions on values.
#pragma once

#include <cstddef>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos {

struct RtpPayload {
  Bytes data;
  bool marker = false;  // set on the last payload of the access unit
};

struct PacketizerOptions {
  size_t max_payload_bytes = 1400;
  // Pack runs of NAL units that fit together into STAP-A (H.264) or AP (H.265) packets.
  bool aggregate = false;
};

// Packetizes one access unit given as raw NAL units (header first, no start code or length).
// NAL units larger than max_payload_bytes are fragmented. InvalidArgument for an empty
// access unit, a NAL unit shorter than its header, or max_payload_bytes below 8.
Result<std::vector<RtpPayload>> PacketizeAccessUnit(VideoCodec codec, const std::vector<ByteSpan>& nals,
                                                    const PacketizerOptions& options = {});

// Splits an MP4 sample (each NAL unit preceded by its 4-byte big-endian length) into spans
// pointing into `sample`. InvalidArgument for a zero length or a length past the end.
Result<std::vector<ByteSpan>> SplitLengthPrefixed(ByteSpan sample);

}  // namespace custos
