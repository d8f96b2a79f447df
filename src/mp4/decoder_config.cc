#include "mp4/decoder_config.h"

#include <cstdio>
#include <string>

namespace custos::mp4 {
namespace {

constexpr size_t kHvccFixedBytes = 22;  // up to, not including, numOfArrays
constexpr uint8_t kHevcVps = 32, kHevcSps = 33, kHevcPps = 34;

// Reads `count` length-prefixed NAL units; keeps the first in `first` if it is empty.
bool ReadNalUnits(ByteReader& r, size_t count, Bytes& first) {
  for (size_t i = 0; i < count; ++i) {
    uint16_t length = 0;
    ByteSpan nal;
    if (!r.ReadU16(length) || !r.ReadSpan(length, nal)) return false;
    if (first.empty()) first.assign(nal.begin(), nal.end());
  }
  return true;
}

Status FillFromAvcc(VideoParams& p) {
  ByteReader r(p.decoder_config);
  uint8_t version = 0, profile = 0, compat = 0, level = 0, length_size = 0, num_sps = 0, num_pps = 0;
  if (!r.ReadU8(version) || !r.ReadU8(profile) || !r.ReadU8(compat) || !r.ReadU8(level) ||
      !r.ReadU8(length_size) || !r.ReadU8(num_sps)) {
    return DataLoss("avcC record is truncated");
  }
  if (version != 1) return DataLoss("avcC configurationVersion " + std::to_string(version) + " is not 1");
  p.sps.clear();
  p.pps.clear();
  p.vps.clear();
  if (!ReadNalUnits(r, num_sps & 0x1f, p.sps) || !r.ReadU8(num_pps) || !ReadNalUnits(r, num_pps, p.pps)) {
    return DataLoss("avcC parameter set list is truncated");
  }
  if (p.sps.empty() || p.pps.empty()) return DataLoss("avcC record lacks an SPS or a PPS");
  char codec[16];
  std::snprintf(codec, sizeof codec, "avc1.%02x%02x%02x", profile, compat, level);
  p.rfc6381_codec = codec;
  return Status::Ok();
}

uint32_t ReverseBits32(uint32_t v) {
  uint32_t out = 0;
  for (int i = 0; i < 32; ++i, v >>= 1) out = (out << 1) | (v & 1);
  return out;
}

// ISO/IEC 14496-15 Annex E.3: hvc1.[A-C]<profile>.<compat, bit-reversed>.<L|H><level>
// followed by the constraint bytes, trailing zero bytes omitted.
std::string HevcCodecString(ByteSpan fixed) {
  uint8_t ptl = fixed[1];
  static constexpr const char* kSpace[] = {"", "A", "B", "C"};
  char buf[96];
  int n = std::snprintf(buf, sizeof buf, "hvc1.%s%u.%X.%c%u", kSpace[ptl >> 6], ptl & 0x1fu,
                        ReverseBits32(LoadBE32(&fixed[2])), (ptl & 0x20) ? 'H' : 'L', unsigned{fixed[12]});
  std::string s(buf, static_cast<size_t>(n));
  size_t last = 6;  // constraint bytes are fixed[6..11]
  while (last > 0 && fixed[6 + last - 1] == 0) --last;
  for (size_t i = 0; i < last; ++i) {
    std::snprintf(buf, sizeof buf, ".%02X", unsigned{fixed[6 + i]});
    s += buf;
  }
  return s;
}

Status FillFromHvcc(VideoParams& p) {
  ByteReader r(p.decoder_config);
  ByteSpan fixed;
  uint8_t num_arrays = 0;
  if (!r.ReadSpan(kHvccFixedBytes, fixed) || !r.ReadU8(num_arrays)) return DataLoss("hvcC record is truncated");
  if (fixed[0] != 1) return DataLoss("hvcC configurationVersion " + std::to_string(fixed[0]) + " is not 1");
  p.vps.clear();
  p.sps.clear();
  p.pps.clear();
  for (size_t i = 0; i < num_arrays; ++i) {
    uint8_t type = 0;
    uint16_t count = 0;
    if (!r.ReadU8(type) || !r.ReadU16(count)) return DataLoss("hvcC NAL unit array is truncated");
    Bytes ignored;
    Bytes* first = &ignored;
    switch (type & 0x3f) {
      case kHevcVps: first = &p.vps; break;
      case kHevcSps: first = &p.sps; break;
      case kHevcPps: first = &p.pps; break;
      default: break;  // SEI and others: kept in decoder_config, not in VideoParams
    }
    if (!ReadNalUnits(r, count, *first)) return DataLoss("hvcC NAL unit array is truncated");
  }
  if (p.vps.empty() || p.sps.empty() || p.pps.empty()) return DataLoss("hvcC record lacks a VPS, SPS or PPS");
  p.rfc6381_codec = HevcCodecString(fixed);
  return Status::Ok();
}

}  // namespace

Status FillFromDecoderConfig(VideoParams& params) {
  return params.codec == VideoCodec::kH264 ? FillFromAvcc(params) : FillFromHvcc(params);
}

}  // namespace custos::mp4
