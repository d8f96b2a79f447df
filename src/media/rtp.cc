#include "media/rtp.h"

namespace custos {

namespace {

constexpr size_t kRtpHeaderBytes = 12;
constexpr uint8_t kRtcpSenderReport = 200;
constexpr uint8_t kRtcpBye = 203;
constexpr size_t kSenderInfoBytes = 24;  // SSRC + NTP + RTP timestamp + two counts

RtcpSenderReport ReadSenderReport(const uint8_t* p) {
  RtcpSenderReport sr;
  sr.ssrc = LoadBE32(p);
  sr.ntp_timestamp = (uint64_t{LoadBE32(p + 4)} << 32) | LoadBE32(p + 8);
  sr.rtp_timestamp = LoadBE32(p + 12);
  sr.packet_count = LoadBE32(p + 16);
  sr.octet_count = LoadBE32(p + 20);
  return sr;
}

}  // namespace

Result<RtpPacket> ParseRtp(ByteSpan packet) {
  if (packet.size() < kRtpHeaderBytes) return Err(InvalidArgument("RTP packet shorter than its header"));
  const uint8_t b0 = packet[0];
  if ((b0 >> 6) != 2) return Err(InvalidArgument("RTP version is not 2"));
  RtpPacket pkt;
  pkt.marker = (packet[1] & 0x80) != 0;
  pkt.payload_type = packet[1] & 0x7f;
  pkt.sequence = LoadBE16(&packet[2]);
  pkt.timestamp = LoadBE32(&packet[4]);
  pkt.ssrc = LoadBE32(&packet[8]);
  size_t offset = kRtpHeaderBytes + 4 * size_t{b0 & 0x0fu};
  if (offset > packet.size()) return Err(InvalidArgument("RTP CSRC list past the end"));
  if (b0 & 0x10) {
    if (packet.size() - offset < 4) return Err(InvalidArgument("RTP header extension past the end"));
    size_t ext_bytes = 4 + 4 * size_t{LoadBE16(&packet[offset + 2])};
    if (packet.size() - offset < ext_bytes) return Err(InvalidArgument("RTP header extension past the end"));
    offset += ext_bytes;
  }
  size_t end = packet.size();
  if (b0 & 0x20) {
    size_t padding = packet.back();
    if (padding == 0 || padding > end - offset) return Err(InvalidArgument("RTP padding count invalid"));
    end -= padding;
  }
  pkt.payload = packet.subspan(offset, end - offset);
  return pkt;
}

void SerializeRtp(const RtpPacket& pkt, Bytes& out) {
  ByteWriter w(out);
  w.U8(0x80);
  w.U8(static_cast<uint8_t>((pkt.marker ? 0x80 : 0) | (pkt.payload_type & 0x7f)));
  w.U16(pkt.sequence);
  w.U32(pkt.timestamp);
  w.U32(pkt.ssrc);
  w.Append(pkt.payload);
}

Result<RtcpCompound> ParseRtcpCompound(ByteSpan data) {
  if (data.empty()) return Err(InvalidArgument("empty RTCP packet"));
  RtcpCompound out;
  ByteReader r(data);
  while (!r.empty()) {
    uint8_t b0 = 0, type = 0;
    uint16_t length_words = 0;
    if (!r.ReadU8(b0) || !r.ReadU8(type) || !r.ReadU16(length_words)) {
      return Err(InvalidArgument("RTCP trailing bytes"));
    }
    if ((b0 >> 6) != 2) return Err(InvalidArgument("RTCP version is not 2"));
    ByteSpan body;
    if (!r.ReadSpan(size_t{length_words} * 4, body)) return Err(InvalidArgument("RTCP length past the end"));
    if (type == kRtcpSenderReport) {
      if (body.size() < kSenderInfoBytes) return Err(InvalidArgument("RTCP sender report truncated"));
      out.sender_reports.push_back(ReadSenderReport(body.data()));
    } else if (type == kRtcpBye) {
      out.bye = true;
    }
  }
  return out;
}

void SerializeRtcpSenderReport(const RtcpSenderReport& sr, Bytes& out) {
  ByteWriter w(out);
  w.U8(0x80);  // version 2, no padding, no report blocks
  w.U8(kRtcpSenderReport);
  w.U16(6);  // length in 32-bit words minus one
  w.U32(sr.ssrc);
  w.U64(sr.ntp_timestamp);
  w.U32(sr.rtp_timestamp);
  w.U32(sr.packet_count);
  w.U32(sr.octet_count);
}

}  // namespace custos
