// fragment_parser.h: reads a fragment's prft and moof back (the inverse of fragment.h).
//
// Accepts what fragment.h writes and the usual variations (tfhd defaults, base data
// offset, trun without per-sample fields, version 0 tfdt), but exactly one traf with one
// trun for the track. Input may be arbitrary bytes: errors are DataLoss with a message
// saying what is wrong, never asserts. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "base/time.h"
#include "mp4/fragment.h"
#include "mp4/init_parser.h"

namespace custos::mp4 {

struct ParsedPrft {
  uint32_t reference_track_id = 0;
  WallTime90k wall_time;
  uint64_t media_time_90k = 0;
};

// `payload` is the prft box without its header.
Result<ParsedPrft> ParsePrft(ByteSpan payload);

struct ParsedMoof {
  uint32_t sequence_number = 0;
  int64_t base_media_decode_time_90k = 0;
  uint64_t data_offset = 0;  // absolute file offset of the first sample
  std::vector<SampleInfo> samples;
};

// `payload` is the moof box without its header; the box starts at file offset
// `moof_offset` (the default base of data offsets).
Result<ParsedMoof> ParseMoof(ByteSpan payload, uint64_t moof_offset, const TrackDefaults& defaults);

}  // namespace custos::mp4
