// h264.h: H.264 (ITU-T H.264 / ISO/IEC 14496-10) NAL helpers and parameter sets.
//
// Provides: NAL unit type constants and predicates, sequence parameter set parsing (size
// with cropping, profile/constraints/level, chroma format and bit depths, all profiles),
// the AVCDecoderConfigurationRecord (avcC payload, ISO/IEC 14496-15 5.3.3), the RFC 6381
// codec string, and MakeH264Params, which fills a VideoParams from one SPS and one PPS.
// NAL units here are raw: header byte first, no start code, no length prefix.
// Thread-safety: pure functions on values.
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos {

inline constexpr uint8_t kH264NalSlice = 1;
inline constexpr uint8_t kH264NalPartitionA = 2;
inline constexpr uint8_t kH264NalIdr = 5;
inline constexpr uint8_t kH264NalSei = 6;
inline constexpr uint8_t kH264NalSps = 7;
inline constexpr uint8_t kH264NalPps = 8;
inline constexpr uint8_t kH264NalAud = 9;
inline constexpr uint8_t kH264NalFiller = 12;
// RTP payload structures (RFC 6184), which share the type field.
inline constexpr uint8_t kH264NalStapA = 24;
inline constexpr uint8_t kH264NalStapB = 25;
inline constexpr uint8_t kH264NalMtap16 = 26;
inline constexpr uint8_t kH264NalMtap24 = 27;
inline constexpr uint8_t kH264NalFuA = 28;
inline constexpr uint8_t kH264NalFuB = 29;

inline uint8_t H264NalType(uint8_t header) { return header & 0x1f; }
// Slices and slice data partitions (types 1..5).
inline bool H264IsVcl(uint8_t type) { return type >= 1 && type <= 5; }

// The fields of a sequence parameter set that Custos uses.
struct H264Sps {
  uint8_t profile_idc = 0;
  uint8_t constraint_flags = 0;  // constraint_set0..5 flags and reserved bits: SPS byte 2
  uint8_t level_idc = 0;
  uint32_t sps_id = 0;
  uint32_t chroma_format_idc = 1;  // 0 = monochrome, 1 = 4:2:0, 2 = 4:2:2, 3 = 4:4:4
  bool separate_colour_plane = false;
  uint32_t bit_depth_luma = 8;
  uint32_t bit_depth_chroma = 8;
  bool frame_mbs_only = true;
  uint16_t width = 0;  // pixels after cropping
  uint16_t height = 0;
};

// Parses the SPS NAL unit `nal` (header byte included, emulation prevention present).
Result<H264Sps> ParseH264Sps(ByteSpan nal);

// Builds the avcC payload for one SPS and one PPS, with 4-byte NAL lengths; for the high
// profiles (100, 110, 122, 244) it includes the chroma format and bit-depth extension.
Result<Bytes> BuildAvcC(ByteSpan sps, ByteSpan pps);

// "avc1.PPCCLL": profile_idc, constraint byte, level_idc as two lower-case hex digits each.
std::string H264CodecString(const H264Sps& sps);

// Fills every field of a VideoParams (codec, sps, pps, size, codec string, avcC).
Result<VideoParams> MakeH264Params(ByteSpan sps, ByteSpan pps);

}  // namespace custos
