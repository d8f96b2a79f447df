#include "media/h265.h"

#include <cstdio>

#include "media/nal.h"

namespace custos {

namespace {

// profile_tier_level(1, max_sub_layers_minus1), 7.3.3: keeps the general part.
void ParseProfileTierLevel(BitReader& br, H265Sps& sps) {
  sps.profile_space = static_cast<uint8_t>(br.Bits(2));
  sps.tier = br.Flag();
  sps.profile_idc = static_cast<uint8_t>(br.Bits(5));
  sps.profile_compatibility_flags = br.Bits(32);
  uint64_t high = br.Bits(16);
  sps.constraint_flags = (high << 32) | br.Bits(32);
  sps.level_idc = static_cast<uint8_t>(br.Bits(8));
  int sub_layers_minus1 = sps.max_sub_layers - 1;
  bool profile_present[8] = {};
  bool level_present[8] = {};
  for (int i = 0; i < sub_layers_minus1; ++i) {
    profile_present[i] = br.Flag();
    level_present[i] = br.Flag();
  }
  if (sub_layers_minus1 > 0) br.Skip(2 * static_cast<size_t>(8 - sub_layers_minus1));  // reserved_zero_2bits
  for (int i = 0; i < sub_layers_minus1; ++i) {
    if (profile_present[i]) br.Skip(88);  // space, tier, idc, compatibility, constraint flags
    if (level_present[i]) br.Skip(8);     // sub_layer_level_idc
  }
}

// Reads chroma format, size, conformance window and bit depths (7.3.2.2.1).
Status ParseFormat(BitReader& br, H265Sps& sps) {
  sps.chroma_format_idc = br.Ue();
  if (sps.chroma_format_idc > 3) return InvalidArgument("chroma_format_idc > 3");
  if (sps.chroma_format_idc == 3) sps.separate_colour_plane = br.Flag();
  uint64_t width = br.Ue();
  uint64_t height = br.Ue();
  uint64_t win[4] = {0, 0, 0, 0};  // left, right, top, bottom
  if (br.Flag()) {
    for (uint64_t& w : win) w = br.Ue();
  }
  uint32_t luma_minus8 = br.Ue();
  uint32_t chroma_minus8 = br.Ue();
  if (!br.ok()) return InvalidArgument("SPS truncated");
  // The syntax allows 16 bits (minus8 = 8), but hvcC has only 3 bits for it.
  if (luma_minus8 > 7 || chroma_minus8 > 7) return InvalidArgument("bit depth above 15 not supported");
  sps.bit_depth_luma = luma_minus8 + 8;
  sps.bit_depth_chroma = chroma_minus8 + 8;
  uint32_t chroma_array_type = sps.separate_colour_plane ? 0 : sps.chroma_format_idc;
  uint64_t sub_width = (chroma_array_type == 1 || chroma_array_type == 2) ? 2 : 1;
  uint64_t sub_height = chroma_array_type == 1 ? 2 : 1;
  uint64_t crop_x = sub_width * (win[0] + win[1]);
  uint64_t crop_y = sub_height * (win[2] + win[3]);
  if (width == 0 || height == 0) return InvalidArgument("zero picture size");
  if (crop_x >= width || crop_y >= height) return InvalidArgument("conformance window exceeds the picture");
  width -= crop_x;
  height -= crop_y;
  if (width > 0xffff || height > 0xffff) return InvalidArgument("picture too large");
  sps.width = static_cast<uint16_t>(width);
  sps.height = static_cast<uint16_t>(height);
  return Status::Ok();
}

Status CheckType(ByteSpan nal, uint8_t type, const char* what) {
  if (nal.size() < 3 || H265NalType(nal[0]) != type) return InvalidArgument(std::string("not an H.265 ") + what);
  if (nal.size() > 0xffff) return InvalidArgument(std::string("H.265 ") + what + " too large");
  return Status::Ok();
}

void WriteArray(ByteWriter& w, uint8_t type, ByteSpan nal) {
  w.U8(0x80 | type);  // array_completeness = 1, reserved = 0, NAL_unit_type
  w.U16(1);           // numNalus
  w.U16(static_cast<uint16_t>(nal.size()));
  w.Append(nal);
}

Result<Bytes> WriteHvcC(const H265Sps& s, ByteSpan vps, ByteSpan sps, ByteSpan pps) {
  Status st = CheckType(vps, kH265NalVps, "VPS");
  if (st.ok()) st = CheckType(sps, kH265NalSps, "SPS");
  if (st.ok()) st = CheckType(pps, kH265NalPps, "PPS");
  if (!st.ok()) return Err(st);
  Bytes out;
  ByteWriter w(out);
  w.U8(1);  // configurationVersion
  w.U8(static_cast<uint8_t>((s.profile_space << 6) | (s.tier ? 0x20 : 0) | s.profile_idc));
  w.U32(s.profile_compatibility_flags);
  w.U16(static_cast<uint16_t>(s.constraint_flags >> 32));
  w.U32(static_cast<uint32_t>(s.constraint_flags));
  w.U8(s.level_idc);
  w.U16(0xf000);  // reserved, min_spatial_segmentation_idc = 0
  w.U8(0xfc);     // reserved, parallelismType = 0
  w.U8(static_cast<uint8_t>(0xfc | s.chroma_format_idc));
  w.U8(static_cast<uint8_t>(0xf8 | (s.bit_depth_luma - 8)));
  w.U8(static_cast<uint8_t>(0xf8 | (s.bit_depth_chroma - 8)));
  w.U16(0);  // avgFrameRate
  // constantFrameRate = 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne = 3.
  w.U8(static_cast<uint8_t>((s.max_sub_layers << 3) | (s.temporal_id_nesting ? 4 : 0) | 3));
  w.U8(3);  // numOfArrays
  WriteArray(w, kH265NalVps, vps);
  WriteArray(w, kH265NalSps, sps);
  WriteArray(w, kH265NalPps, pps);
  return out;
}

}  // namespace

Result<H265Sps> ParseH265Sps(ByteSpan nal) {
  if (nal.size() < 3) return Err(InvalidArgument("H.265 SPS too short"));
  if (H265NalType(nal[0]) != kH265NalSps) return Err(InvalidArgument("not an H.265 SPS"));
  Bytes rbsp = RemoveEmulationPrevention(nal.subspan(2));
  BitReader br(rbsp);
  H265Sps sps;
  br.Skip(4);  // sps_video_parameter_set_id
  uint32_t sub_layers_minus1 = br.Bits(3);
  if (sub_layers_minus1 > 6) return Err(InvalidArgument("H.265 SPS: sps_max_sub_layers_minus1 > 6"));
  sps.max_sub_layers = static_cast<uint8_t>(sub_layers_minus1 + 1);
  sps.temporal_id_nesting = br.Flag();
  ParseProfileTierLevel(br, sps);
  sps.sps_id = br.Ue();
  if (!br.ok()) return Err(InvalidArgument("H.265 SPS truncated"));
  if (sps.sps_id > 15) return Err(InvalidArgument("H.265 SPS: sps_seq_parameter_set_id > 15"));
  Status st = ParseFormat(br, sps);
  if (!st.ok()) return Err(st.With("H.265 SPS"));
  return sps;
}

Result<Bytes> BuildHvcC(ByteSpan vps, ByteSpan sps, ByteSpan pps) {
  auto parsed = ParseH265Sps(sps);
  if (!parsed) return Err(parsed.error());
  return WriteHvcC(*parsed, vps, sps, pps);
}

std::string H265CodecString(const H265Sps& sps) {
  static constexpr const char* kSpace[] = {"", "A", "B", "C"};
  uint32_t reversed = 0;
  for (int i = 0; i < 32; ++i) {
    if (sps.profile_compatibility_flags & (1u << i)) reversed |= 1u << (31 - i);
  }
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "hvc1.%s%u.%X.%c%u", kSpace[sps.profile_space & 3],
                        unsigned{sps.profile_idc}, reversed, sps.tier ? 'H' : 'L', unsigned{sps.level_idc});
  std::string out(buf, static_cast<size_t>(n));
  int last_nonzero = -1;
  for (int i = 0; i < 6; ++i) {
    if ((sps.constraint_flags >> (40 - 8 * i)) & 0xff) last_nonzero = i;
  }
  for (int i = 0; i <= last_nonzero; ++i) {
    std::snprintf(buf, sizeof buf, ".%02X", static_cast<unsigned>((sps.constraint_flags >> (40 - 8 * i)) & 0xff));
    out += buf;
  }
  return out;
}

Result<VideoParams> MakeH265Params(ByteSpan vps, ByteSpan sps, ByteSpan pps) {
  auto parsed = ParseH265Sps(sps);
  if (!parsed) return Err(parsed.error());
  auto hvcc = WriteHvcC(*parsed, vps, sps, pps);
  if (!hvcc) return Err(hvcc.error());
  VideoParams p;
  p.codec = VideoCodec::kH265;
  p.vps.assign(vps.begin(), vps.end());
  p.sps.assign(sps.begin(), sps.end());
  p.pps.assign(pps.begin(), pps.end());
  p.width = parsed->width;
  p.height = parsed->height;
  p.rfc6381_codec = H265CodecString(*parsed);
  p.decoder_config = std::move(*hvcc);
  return p;
}

}  // namespace custos
