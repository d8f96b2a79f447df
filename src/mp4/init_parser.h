// init_parser.h: reads the moov of a Custos recording back: the video parameters and the
// track's fragment defaults (trex).
//
// Accepts what init_segment.h writes and the reasonable variations of other writers
// (any track ID, 64-bit times, extra boxes), but only one video track with timescale
// 90 000 and an avc1 or hvc1 sample entry. Input may be arbitrary bytes: errors are
// DataLoss. Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos::mp4 {

// What a fragment's tfhd falls back to (from mvex/trex).
struct TrackDefaults {
  uint32_t track_id = 0;
  uint32_t sample_description_index = 1;
  uint32_t sample_duration_90k = 0;
  uint32_t sample_size_bytes = 0;
  uint32_t sample_flags = 0;
};

struct ParsedInit {
  VideoParams params;  // codec, decoder_config, width, height, and FillFromDecoderConfig's fields
  TrackDefaults defaults;
};

// `moov_payload` is the moov box without its 8- or 16-byte header.
Result<ParsedInit> ParseMoov(ByteSpan moov_payload);

}  // namespace custos::mp4
