// box.h: the vocabulary shared by the MP4 writers and readers of src/mp4.
//
// Box types as 32-bit FourCCs, the fixed choices of a Custos recording (one video track,
// timescale 90 000) and the limits both sides enforce, so that anything the writer
// accepts the scanner reads back. Thread-safety: constants and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace custos::mp4 {

// "moov" -> 0x6d6f6f76.
constexpr uint32_t FourCC(const char (&s)[5]) {
  return (uint32_t{static_cast<uint8_t>(s[0])} << 24) | (uint32_t{static_cast<uint8_t>(s[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[2])} << 8) | uint32_t{static_cast<uint8_t>(s[3])};
}

// Printable form for messages: "moov", or "0x00000000" when a byte is not printable ASCII.
std::string FourCCToString(uint32_t type);

// Every Custos recording has exactly one track, the video track.
inline constexpr uint32_t kTrackId = 1;
inline constexpr uint32_t kTimescale90k = 90000;

// Sample flags (ISO/IEC 14496-12 8.8.3.1): a sync sample depends on no other sample; a
// non-sync sample depends on others and has sample_is_non_sync_sample set.
inline constexpr uint32_t kSampleFlagsSync = 0x02000000;
inline constexpr uint32_t kSampleFlagsNonSync = 0x01010000;
inline constexpr uint32_t kSampleIsNonSyncBit = 0x00010000;

// Limits. A fragment holds one GOP or less (docs/design/storage.md), far below these.
inline constexpr size_t kMaxSamplesPerFragment = 100000;
inline constexpr size_t kMaxDecoderConfigBytes = 64 * 1024;
inline constexpr uint64_t kMaxMoovBytes = 1024 * 1024;
inline constexpr uint64_t kMaxMoofBytes = 4 * 1024 * 1024;
// Decode times stay below 2^62 ticks (50 000 years) so that sums never overflow int64.
inline constexpr int64_t kMaxDecodeTime90k = int64_t{1} << 62;

}  // namespace custos::mp4
