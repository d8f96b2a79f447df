// still.h: a still picture from stored samples: decode from a key frame through the
// frame wanted, encode that last picture as JPEG.
// Thread-safety: pure function; CPU-bound (run it on a worker, never an event loop).
#pragma once

#include <span>

#include "base/bytes.h"
#include "base/status.h"
#include "codec/jpeg_encoder.h"
#include "media/frame.h"

namespace custos::codec {

// `samples` in decode order, the first a key frame, the last the picture wanted (any
// pictures the last one depends on are decoded too; B-frames are not expected from
// cameras). DataLoss when nothing decodes; InvalidArgument for no samples.
Result<Bytes> StillJpeg(const VideoParams& params, std::span<const Bytes> samples, const JpegOptions& options = {});

// The same without the JPEG: the last decoded picture, e.g. to mask privacy zones in it
// (privacy/av_mask.h) before EncodeJpeg.
Result<FramePtr> StillPicture(const VideoParams& params, std::span<const Bytes> samples);

}  // namespace custos::codec
