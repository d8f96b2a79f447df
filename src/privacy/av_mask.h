// av_mask.h: privacy zones on a decoded libavcodec picture: what stills (api/still_handlers.cc,
// `custos still`) and masked live view (ingest/live_transcoder.h) apply before encoding.
// Thread-safety: pure function on the caller's picture; CPU-bound (never on an event loop).
#pragma once

#include "base/status.h"
#include "codec/av_ptr.h"
#include "codec/still.h"
#include "privacy/masker.h"

namespace custos::privacy {

// Fills the masker's zones in `picture` (nothing to do without zones). The picture's
// buffers are made writable first: a decoder keeps its reference pictures, so those are
// copied, never changed under it. A picture that is not 8-bit 4:2:0 (e.g. 10-bit H.265)
// is converted to yuv420p and replaced. Internal / ResourceExhausted when FFmpeg cannot
// allocate or convert; the caller must then not show the picture.
Status MaskPicture(codec::FramePtr& picture, const Masker& masker);

// codec::StillJpeg with `zones` filled (none: the original picture). The one still path of
// the API (still.jpg, live.jpg) and `custos still`.
Result<Bytes> MaskedStillJpeg(const VideoParams& params, std::span<const Bytes> samples,
                              const std::vector<PrivacyZone>& zones, const codec::JpegOptions& options = {});

}  // namespace custos::privacy
