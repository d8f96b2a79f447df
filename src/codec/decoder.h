// decoder.h: decodes H.264 / H.265 samples as Custos stores them (length-prefixed NAL
// units, with the avcC / hvcC record of VideoParams as the decoder's configuration) into
// pictures, with libavcodec.
//
// Thread-safety: one VideoDecoder per thread at a time. It is CPU-bound: never call it on
// an event loop (the API runs it on its worker pool).
#pragma once

#include <memory>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "codec/av_ptr.h"
#include "media/frame.h"

namespace custos::codec {

class VideoDecoder {
 public:
  // InvalidArgument for a codec other than H.264/H.265 or an empty configuration;
  // Internal when libavcodec lacks the decoder or refuses the configuration.
  static Result<std::unique_ptr<VideoDecoder>> Open(const VideoParams& params);

  // Sends one sample; returns the pictures it completed (zero or more, in presentation
  // order). A damaged sample is DataLoss; the decoder stays usable (resume at a key frame).
  Result<std::vector<FramePtr>> Decode(ByteSpan sample, int64_t pts_90k);
  // Drains the pictures still held back (reordering); the decoder is then finished.
  Result<std::vector<FramePtr>> Flush();

 private:
  explicit VideoDecoder(CodecContextPtr ctx, PacketPtr packet) : ctx_(std::move(ctx)), packet_(std::move(packet)) {}
  Result<std::vector<FramePtr>> Receive();

  CodecContextPtr ctx_;
  PacketPtr packet_;
};

}  // namespace custos::codec
