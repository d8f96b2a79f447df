// fragment.h: builds the header of one fragment of a Custos recording (prft + moof + the
// mdat header), and converts wall time to and from the NTP timestamps prft carries.
//
// The sample data, concatenated in decode order, follows the returned header in the file,
// so a writer can writev(header, data) without copying the data:
//
//   [prft]  moof(mfhd traf(tfhd tfdt trun))  mdat-header  | sample 0 | sample 1 | ...
//
// tfhd has default-base-is-moof, so the trun data offset (moof start to first sample) is
// relative and the fragment can be copied anywhere (exports do). Thread-safety: pure
// functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.h"
#include "base/status.h"
#include "base/ntp.h"
#include "base/time.h"

namespace custos::mp4 {

struct SampleInfo {
  uint32_t duration_90k = 0;
  uint32_t size_bytes = 0;
  bool is_key = false;  // a sync sample: IDR (H.264) or IRAP (H.265)
  // Presentation time minus decode time; non-zero only for streams with B-frames. When
  // any sample of a fragment has one, its trun is version 1 (signed offsets).
  int32_t composition_offset_90k = 0;

  bool operator==(const SampleInfo&) const = default;
};

// NTP conversions (WallTimeToNtp64, Ntp64ToWallTime) live in base/ntp.h.

// Sum of the samples' sizes: the mdat payload of a fragment.
uint64_t SumSampleBytes(std::span<const SampleInfo> samples);

// prft (when wall_time is given: version 1, flags 0, reference track 1, the NTP time of
// the first sample, media_time = base_media_decode_time_90k), then moof, then the 8-byte
// mdat header (16 bytes if the payload needs a 64-bit size).
// InvalidArgument, and no bytes, when: no samples or more than kMaxSamplesPerFragment;
// an empty sample (which also bounds a reader's memory by the file's size); the sizes do not sum to mdat_payload_bytes; the decode time is negative or
// >= kMaxDecodeTime90k; the wall time is not representable in NTP.
Result<Bytes> BuildFragmentHeader(uint32_t sequence_number, int64_t base_media_decode_time_90k,
                                  std::optional<WallTime90k> wall_time,
                                  std::span<const SampleInfo> samples, uint64_t mdat_payload_bytes);

}  // namespace custos::mp4
