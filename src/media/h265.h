// h265.h: H.265 (ITU-T H.265 / ISO/IEC 23008-2) NAL helpers and parameter sets.
//
// Provides: NAL unit type constants and predicates, sequence parameter set parsing
// (profile_tier_level including sub-layers, size after the conformance window, chroma
// format, bit depths), the HEVCDecoderConfigurationRecord (hvcC payload, ISO/IEC 14496-15
// 8.3.3) with one complete array each for VPS, SPS and PPS, the RFC 6381 codec string, and
// MakeH265Params. NAL units are raw: 2-byte header first, no start code, no length prefix.
// Thread-safety: pure functions on values.
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos {

inline constexpr uint8_t kH265NalBlaWLp = 16;  // first IRAP type
inline constexpr uint8_t kH265NalIdrWRadl = 19;
inline constexpr uint8_t kH265NalIdrNLp = 20;
inline constexpr uint8_t kH265NalCra = 21;
inline constexpr uint8_t kH265NalIrapLast = 23;  // RSV_IRAP_VCL23
inline constexpr uint8_t kH265NalVps = 32;
inline constexpr uint8_t kH265NalSps = 33;
inline constexpr uint8_t kH265NalPps = 34;
inline constexpr uint8_t kH265NalAud = 35;
inline constexpr uint8_t kH265NalEos = 36;
inline constexpr uint8_t kH265NalEob = 37;
inline constexpr uint8_t kH265NalFiller = 38;
inline constexpr uint8_t kH265NalPrefixSei = 39;
inline constexpr uint8_t kH265NalSuffixSei = 40;
// RTP payload structures (RFC 7798), which share the type field.
inline constexpr uint8_t kH265NalAp = 48;
inline constexpr uint8_t kH265NalFu = 49;
inline constexpr uint8_t kH265NalPaci = 50;

// nal_unit_type from the first header byte.
inline uint8_t H265NalType(uint8_t header0) { return (header0 >> 1) & 0x3f; }
inline bool H265IsVcl(uint8_t type) { return type < 32; }
inline bool H265IsIrap(uint8_t type) { return type >= kH265NalBlaWLp && type <= kH265NalIrapLast; }

// The fields of a sequence parameter set that Custos uses.
struct H265Sps {
  // general profile_tier_level
  uint8_t profile_space = 0;
  bool tier = false;  // false = Main tier, true = High tier
  uint8_t profile_idc = 0;
  uint32_t profile_compatibility_flags = 0;  // flag j is bit (31 - j)
  uint64_t constraint_flags = 0;             // the 48 bits from general_progressive_source_flag
  uint8_t level_idc = 0;
  uint8_t max_sub_layers = 1;  // sps_max_sub_layers_minus1 + 1
  bool temporal_id_nesting = false;
  uint32_t sps_id = 0;
  uint32_t chroma_format_idc = 1;  // 0 = monochrome, 1 = 4:2:0, 2 = 4:2:2, 3 = 4:4:4
  bool separate_colour_plane = false;
  uint32_t bit_depth_luma = 8;
  uint32_t bit_depth_chroma = 8;
  uint16_t width = 0;  // pixels after the conformance window
  uint16_t height = 0;
};

// Parses the SPS NAL unit `nal` (2-byte header included, emulation prevention present).
Result<H265Sps> ParseH265Sps(ByteSpan nal);

// Builds the hvcC payload: 4-byte NAL lengths, arrays VPS, SPS, PPS with
// array_completeness = 1. min_spatial_segmentation_idc, parallelismType and the frame
// rate fields are written as 0 (unknown), which the format allows.
Result<Bytes> BuildHvcC(ByteSpan vps, ByteSpan sps, ByteSpan pps);

// ISO/IEC 14496-15 Annex E: "hvc1.1.6.L93.B0" = profile space letter and profile_idc,
// compatibility flags bit-reversed in hex, tier letter and level_idc, then the constraint
// bytes in upper-case hex with trailing zero bytes left out.
std::string H265CodecString(const H265Sps& sps);

// Fills every field of a VideoParams (codec, vps, sps, pps, size, codec string, hvcC).
Result<VideoParams> MakeH265Params(ByteSpan vps, ByteSpan sps, ByteSpan pps);

}  // namespace custos
