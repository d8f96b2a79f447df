// rtp.h: RTP and RTCP packet parsing (RFC 3550), and NTP time conversion.
//
// Provides ParseRtp (one RTP packet: version, CSRCs, header extension and padding, all
// bounds-checked), SerializeRtp (a plain 12-byte header plus payload, for simulators and
// tests), ParseRtcpCompound (the sender reports and BYE of a compound RTCP packet; other
// packet types are skipped) (NTP conversions: base/ntp.h). Nothing here trusts a length field.
// Thread-safety: pure functions on values; an RtpPacket's payload points into the caller's
// buffer and is valid only as long as that buffer.
#pragma once

#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "base/time.h"

namespace custos {

struct RtpPacket {
  uint8_t payload_type = 0;
  bool marker = false;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  ByteSpan payload;  // after CSRCs and the header extension, without padding
};

// Parses one RTP packet. Errors (InvalidArgument) name the violated rule: short header,
// version other than 2, CSRC list or extension past the end, bad padding count.
Result<RtpPacket> ParseRtp(ByteSpan packet);

// Appends a 12-byte RTP header (version 2, no CSRC, no extension, no padding) and the
// payload to `out`.
void SerializeRtp(const RtpPacket& pkt, Bytes& out);

struct RtcpSenderReport {
  uint32_t ssrc = 0;
  uint64_t ntp_timestamp = 0;  // 32.32 fixed point seconds since 1900; 0 = camera has no clock
  uint32_t rtp_timestamp = 0;  // the RTP clock at the same instant
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
};

struct RtcpCompound {
  std::vector<RtcpSenderReport> sender_reports;
  bool bye = false;
};

// Walks every packet of a compound RTCP packet. Unknown packet types are skipped; a
// version other than 2, a length past the end, stray trailing bytes or a truncated sender
// report make the whole compound InvalidArgument.
Result<RtcpCompound> ParseRtcpCompound(ByteSpan data);

// Appends an RTCP SR packet without report blocks, for simulators and tests.
void SerializeRtcpSenderReport(const RtcpSenderReport& sr, Bytes& out);

// NTP timestamps of sender reports convert with base/ntp.h.

}  // namespace custos
