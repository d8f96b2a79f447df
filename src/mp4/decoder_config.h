// decoder_config.h: reads the codec configuration records that MP4 sample entries carry
// (avcC for H.264, ISO/IEC 14496-15 5.3.3; hvcC for H.265, 8.3.3) back into VideoParams.
//
// The init segment writer checks decoder_config with this parser and the scanner fills
// VideoParams with it, so a file Custos writes is a file Custos can read. Input may be
// arbitrary bytes: errors are DataLoss, never asserts. Thread-safety: pure functions.
#pragma once

#include "base/status.h"
#include "media/frame.h"

namespace custos::mp4 {

// From params.codec and params.decoder_config, sets params.sps and params.pps (the first
// of each the record lists), params.vps for H.265, and params.rfc6381_codec
// ("avc1.64001f", "hvc1.1.6.L93.B0"). DataLoss if the record is malformed or lacks an
// SPS or PPS (or VPS). Leaves width and height alone.
Status FillFromDecoderConfig(VideoParams& params);

}  // namespace custos::mp4
