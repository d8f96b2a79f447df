#include "media/packetizer.h"

#include <algorithm>

#include "media/h264.h"
#include "media/h265.h"

namespace custos {

namespace {

constexpr size_t kMinPayloadBytes = 8;

size_t HeaderBytes(VideoCodec codec) { return codec == VideoCodec::kH264 ? 1 : 2; }

// FU-A (H.264) or FU (H.265) packets for one NAL unit.
void Fragment(VideoCodec codec, ByteSpan nal, size_t max_payload, std::vector<RtpPayload>& out) {
  const size_t header_bytes = HeaderBytes(codec);
  Bytes prefix;  // payload header(s) and FU header; the S/E bits are set per packet
  if (codec == VideoCodec::kH264) {
    prefix = {static_cast<uint8_t>((nal[0] & 0xe0) | kH264NalFuA), H264NalType(nal[0])};
  } else {
    prefix = {static_cast<uint8_t>((nal[0] & 0x81) | (kH265NalFu << 1)), nal[1], H265NalType(nal[0])};
  }
  const size_t chunk = max_payload - prefix.size();
  ByteSpan rest = nal.subspan(header_bytes);
  for (size_t off = 0; off < rest.size(); off += chunk) {
    const size_t n = std::min(chunk, rest.size() - off);
    RtpPayload p;
    p.data = prefix;
    if (off == 0) p.data.back() |= 0x80;
    if (off + n == rest.size()) p.data.back() |= 0x40;
    p.data.insert(p.data.end(), rest.begin() + static_cast<ptrdiff_t>(off),
                  rest.begin() + static_cast<ptrdiff_t>(off + n));
    out.push_back(std::move(p));
  }
}

// The header of an aggregation packet holding `group` (RFC 6184 5.7.1, RFC 7798 4.4.2).
Bytes AggregateHeader(VideoCodec codec, const std::vector<ByteSpan>& group) {
  if (codec == VideoCodec::kH264) {
    uint8_t f = 0, nri = 0;
    for (ByteSpan n : group) {
      f |= n[0] & 0x80;
      nri = std::max<uint8_t>(nri, n[0] & 0x60);
    }
    return {static_cast<uint8_t>(f | nri | kH264NalStapA)};
  }
  uint8_t f = 0;
  uint16_t layer_tid = 0xffff;  // the lowest LayerId, then the lowest TID
  for (ByteSpan n : group) {
    f |= n[0] & 0x80;
    layer_tid = std::min<uint16_t>(layer_tid, static_cast<uint16_t>(((n[0] & 1) << 8) | n[1]));
  }
  return {static_cast<uint8_t>(f | (kH265NalAp << 1) | (layer_tid >> 8)), static_cast<uint8_t>(layer_tid)};
}

void EmitGroup(VideoCodec codec, const std::vector<ByteSpan>& group, std::vector<RtpPayload>& out) {
  RtpPayload p;
  if (group.size() == 1) {
    p.data.assign(group[0].begin(), group[0].end());
  } else {
    p.data = AggregateHeader(codec, group);
    ByteWriter w(p.data);
    for (ByteSpan n : group) {
      w.U16(static_cast<uint16_t>(n.size()));
      w.Append(n);
    }
  }
  out.push_back(std::move(p));
}

}  // namespace

Result<std::vector<RtpPayload>> PacketizeAccessUnit(VideoCodec codec, const std::vector<ByteSpan>& nals,
                                                    const PacketizerOptions& options) {
  const size_t max = options.max_payload_bytes;
  if (max < kMinPayloadBytes) return Err(InvalidArgument("max_payload_bytes below 8"));
  if (nals.empty()) return Err(InvalidArgument("empty access unit"));
  std::vector<RtpPayload> out;
  std::vector<ByteSpan> group;
  size_t group_bytes = HeaderBytes(codec);  // size of the group as an aggregation packet
  for (ByteSpan nal : nals) {
    if (nal.size() < HeaderBytes(codec)) return Err(InvalidArgument("NAL unit shorter than its header"));
    const bool fits_group = options.aggregate && group_bytes + 2 + nal.size() <= max;
    if (!group.empty() && !fits_group) {
      EmitGroup(codec, group, out);
      group.clear();
      group_bytes = HeaderBytes(codec);
    }
    if (nal.size() > max) {
      Fragment(codec, nal, max, out);
    } else if (options.aggregate && group_bytes + 2 + nal.size() <= max) {
      group.push_back(nal);
      group_bytes += 2 + nal.size();
    } else {
      EmitGroup(codec, {nal}, out);
    }
  }
  if (!group.empty()) EmitGroup(codec, group, out);
  out.back().marker = true;
  return out;
}

Result<std::vector<ByteSpan>> SplitLengthPrefixed(ByteSpan sample) {
  std::vector<ByteSpan> nals;
  ByteReader r(sample);
  while (!r.empty()) {
    uint32_t n = 0;
    ByteSpan nal;
    if (!r.ReadU32(n) || n == 0 || !r.ReadSpan(n, nal)) {
      return Err(InvalidArgument("length-prefixed NAL unit truncated or empty"));
    }
    nals.push_back(nal);
  }
  return nals;
}

}  // namespace custos
