#include "media/h264.h"

#include <cstdio>

#include "media/nal.h"

namespace custos {

namespace {

// Profiles whose SPS carries chroma_format_idc, bit depths and scaling lists (7.3.2.1.1).
bool HasChromaInfo(uint8_t profile_idc) {
  switch (profile_idc) {
    case 100: case 110: case 122: case 244: case 44: case 83: case 86:
    case 118: case 128: case 138: case 139: case 134: case 135:
      return true;
    default:
      return false;
  }
}

// Profiles whose avcC carries the chroma/bit-depth extension (ISO/IEC 14496-15 5.3.3.1).
bool HasAvcCExtension(uint8_t profile_idc) {
  return profile_idc == 100 || profile_idc == 110 || profile_idc == 122 || profile_idc == 144 ||
         profile_idc == 244;
}

void SkipScalingList(BitReader& br, int size) {
  int last_scale = 8;
  int next_scale = 8;
  for (int j = 0; j < size && br.ok(); ++j) {
    if (next_scale != 0) next_scale = (last_scale + br.Se() + 256) % 256;
    if (next_scale != 0) last_scale = next_scale;
  }
}

// Reads chroma_format_idc .. seq_scaling_matrix of the high profiles.
Status ParseChromaInfo(BitReader& br, H264Sps& sps) {
  sps.chroma_format_idc = br.Ue();
  if (sps.chroma_format_idc > 3) return InvalidArgument("chroma_format_idc > 3");
  if (sps.chroma_format_idc == 3) sps.separate_colour_plane = br.Flag();
  uint32_t luma_minus8 = br.Ue();
  uint32_t chroma_minus8 = br.Ue();
  if (luma_minus8 > 6 || chroma_minus8 > 6) return InvalidArgument("bit depth > 14");
  sps.bit_depth_luma = luma_minus8 + 8;
  sps.bit_depth_chroma = chroma_minus8 + 8;
  br.Skip(1);  // qpprime_y_zero_transform_bypass_flag
  if (br.Flag()) {  // seq_scaling_matrix_present_flag
    int lists = sps.chroma_format_idc != 3 ? 8 : 12;
    for (int i = 0; i < lists && br.ok(); ++i) {
      if (br.Flag()) SkipScalingList(br, i < 6 ? 16 : 64);
    }
  }
  return Status::Ok();
}

// Skips log2_max_frame_num .. gaps_in_frame_num_value_allowed_flag.
Status SkipFrameNumAndPoc(BitReader& br) {
  if (br.Ue() > 12) return InvalidArgument("log2_max_frame_num_minus4 > 12");
  uint32_t poc_type = br.Ue();
  if (poc_type == 0) {
    if (br.Ue() > 12) return InvalidArgument("log2_max_pic_order_cnt_lsb_minus4 > 12");
  } else if (poc_type == 1) {
    br.Skip(1);  // delta_pic_order_always_zero_flag
    br.Se();     // offset_for_non_ref_pic
    br.Se();     // offset_for_top_to_bottom_field
    uint32_t cycle = br.Ue();
    if (cycle > 255) return InvalidArgument("num_ref_frames_in_pic_order_cnt_cycle > 255");
    for (uint32_t i = 0; i < cycle && br.ok(); ++i) br.Se();
  } else if (poc_type != 2) {
    return InvalidArgument("pic_order_cnt_type > 2");
  }
  br.Ue();     // max_num_ref_frames
  br.Skip(1);  // gaps_in_frame_num_value_allowed_flag
  return Status::Ok();
}

// Reads the picture size and cropping and fills width/height (7.4.2.1.1, equations 7-19..7-22).
Status ParseSize(BitReader& br, H264Sps& sps) {
  uint32_t width_mbs = br.Ue() + 1;
  uint32_t height_map_units = br.Ue() + 1;
  sps.frame_mbs_only = br.Flag();
  if (!sps.frame_mbs_only) br.Skip(1);  // mb_adaptive_frame_field_flag
  br.Skip(1);                           // direct_8x8_inference_flag
  uint32_t crop[4] = {0, 0, 0, 0};      // left, right, top, bottom
  if (br.Flag()) {
    for (uint32_t& c : crop) c = br.Ue();
  }
  if (!br.ok()) return InvalidArgument("SPS truncated");
  if (width_mbs > 4096 || height_map_units > 4096) return InvalidArgument("picture too large");
  uint32_t chroma_array_type = sps.separate_colour_plane ? 0 : sps.chroma_format_idc;
  uint32_t sub_width = (chroma_array_type == 1 || chroma_array_type == 2) ? 2 : 1;
  uint32_t sub_height = chroma_array_type == 1 ? 2 : 1;
  uint32_t field_factor = sps.frame_mbs_only ? 1 : 2;
  uint64_t width = uint64_t{width_mbs} * 16;
  uint64_t height = uint64_t{height_map_units} * 16 * field_factor;
  uint64_t crop_x = uint64_t{sub_width} * (uint64_t{crop[0]} + crop[1]);
  uint64_t crop_y = uint64_t{sub_height} * field_factor * (uint64_t{crop[2]} + crop[3]);
  if (crop_x >= width || crop_y >= height) return InvalidArgument("cropping exceeds the picture");
  width -= crop_x;
  height -= crop_y;
  if (width > 0xffff || height > 0xffff) return InvalidArgument("picture too large");
  sps.width = static_cast<uint16_t>(width);
  sps.height = static_cast<uint16_t>(height);
  return Status::Ok();
}

// Writes the avcC payload for an SPS already parsed into `parsed`.
Result<Bytes> WriteAvcC(const H264Sps& parsed, ByteSpan sps, ByteSpan pps) {
  if (pps.empty() || H264NalType(pps[0]) != kH264NalPps) return Err(InvalidArgument("not an H.264 PPS"));
  if (sps.size() > 0xffff || pps.size() > 0xffff) return Err(InvalidArgument("parameter set too large"));
  Bytes out;
  ByteWriter w(out);
  w.U8(1);  // configurationVersion
  w.U8(parsed.profile_idc);
  w.U8(parsed.constraint_flags);
  w.U8(parsed.level_idc);
  w.U8(0xfc | 3);  // reserved, lengthSizeMinusOne = 3
  w.U8(0xe0 | 1);  // reserved, numOfSequenceParameterSets = 1
  w.U16(static_cast<uint16_t>(sps.size()));
  w.Append(sps);
  w.U8(1);  // numOfPictureParameterSets
  w.U16(static_cast<uint16_t>(pps.size()));
  w.Append(pps);
  if (HasAvcCExtension(parsed.profile_idc)) {
    w.U8(static_cast<uint8_t>(0xfc | parsed.chroma_format_idc));
    w.U8(static_cast<uint8_t>(0xf8 | (parsed.bit_depth_luma - 8)));
    w.U8(static_cast<uint8_t>(0xf8 | (parsed.bit_depth_chroma - 8)));
    w.U8(0);  // numOfSequenceParameterSetExt
  }
  return out;
}

}  // namespace

Result<H264Sps> ParseH264Sps(ByteSpan nal) {
  if (nal.size() < 4) return Err(InvalidArgument("H.264 SPS too short"));
  if (H264NalType(nal[0]) != kH264NalSps) return Err(InvalidArgument("not an H.264 SPS"));
  Bytes rbsp = RemoveEmulationPrevention(nal.subspan(1));
  BitReader br(rbsp);
  H264Sps sps;
  sps.profile_idc = static_cast<uint8_t>(br.Bits(8));
  sps.constraint_flags = static_cast<uint8_t>(br.Bits(8));
  sps.level_idc = static_cast<uint8_t>(br.Bits(8));
  sps.sps_id = br.Ue();
  if (sps.sps_id > 31) return Err(InvalidArgument("H.264 SPS: seq_parameter_set_id > 31"));
  Status st;
  if (HasChromaInfo(sps.profile_idc)) st = ParseChromaInfo(br, sps);
  if (st.ok()) st = SkipFrameNumAndPoc(br);
  if (st.ok()) st = ParseSize(br, sps);
  if (st.ok() && !br.ok()) st = InvalidArgument("SPS truncated");
  if (!st.ok()) return Err(st.With("H.264 SPS"));
  return sps;
}

Result<Bytes> BuildAvcC(ByteSpan sps, ByteSpan pps) {
  auto parsed = ParseH264Sps(sps);
  if (!parsed) return Err(parsed.error());
  return WriteAvcC(*parsed, sps, pps);
}

std::string H264CodecString(const H264Sps& sps) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "avc1.%02x%02x%02x", sps.profile_idc, sps.constraint_flags,
                sps.level_idc);
  return buf;
}

Result<VideoParams> MakeH264Params(ByteSpan sps, ByteSpan pps) {
  auto parsed = ParseH264Sps(sps);
  if (!parsed) return Err(parsed.error());
  auto avcc = WriteAvcC(*parsed, sps, pps);
  if (!avcc) return Err(avcc.error());
  VideoParams p;
  p.codec = VideoCodec::kH264;
  p.sps.assign(sps.begin(), sps.end());
  p.pps.assign(pps.begin(), pps.end());
  p.width = parsed->width;
  p.height = parsed->height;
  p.rfc6381_codec = H264CodecString(*parsed);
  p.decoder_config = std::move(*avcc);
  return p;
}

}  // namespace custos
