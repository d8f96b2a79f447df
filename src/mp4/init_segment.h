// init_segment.h: builds the init segment (ftyp + moov) of a Custos fragmented MP4.
//
// One video track (ID 1), timescale 90 000, an avc1 (H.264) or hvc1 (H.265) sample entry
// whose avcC/hvcC payload is VideoParams::decoder_config, empty sample tables (samples
// live in fragments) and mvex/trex. Recordings leave the duration 0 (unknown while
// writing); exports, whose length is known, set it so that players show it. An export
// that starts before the asked instant (at the key frame at or before it) carries an
// edit list (trak/edts/elst) so that players begin presenting at that instant.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos::mp4 {

struct InitSegmentOptions {
  // Total media duration (the samples' durations summed); 0 = unknown (no mehd). mvhd,
  // tkhd and mehd get the presented duration: duration_90k - edit_media_time_90k.
  int64_t duration_90k = 0;
  // > 0: write one edit (trak/edts/elst) that presents the media from this composition
  // time on, for duration_90k - edit_media_time_90k; the samples before it are decoded
  // but not shown. Needs 0 < edit_media_time_90k < duration_90k. 0: no edit list.
  int64_t edit_media_time_90k = 0;
  // Pixel aspect ratio (pasp box), each at most 65535; both 0 = not written (players then
  // use the SPS's).
  uint32_t pixel_aspect_h_spacing = 0;
  uint32_t pixel_aspect_v_spacing = 0;
};

// Checks what the init segment needs: a decoder_config of at most kMaxDecoderConfigBytes
// that FillFromDecoderConfig accepts (so the scanner can read the file back), and non-zero
// width and height. InvalidArgument otherwise.
Status CheckVideoParams(const VideoParams& params);

// The ftyp + moov bytes. InvalidArgument when CheckVideoParams fails or an option is
// out of range (negative duration, half a pixel aspect ratio).
Result<Bytes> BuildInitSegment(const VideoParams& params, const InitSegmentOptions& options = {});

}  // namespace custos::mp4
