// h264_encoder.h: encodes pictures to H.264 with libx264 (through libavcodec), as Frames
// and VideoParams that the fMP4 writers (src/mp4) package like a camera's own stream.
// Used to transcode H.265 cameras for browsers that cannot play H.265 (issue "View").
//
// The encoder runs with the global-header flag: SPS/PPS are in the extradata, from which
// params() holds the avcC record and the MSE codec string; the packets are converted to
// length-prefixed NAL units without parameter sets or access unit delimiters. No B-frames,
// so output order is input order. A key frame (IDR) is made exactly where the caller asks
// (force_key) and otherwise only every `max_gop_frames` pictures (no scene-cut I frames),
// so a transcoded stream keeps the source's GOPs and viewers can join at the same points.
// Pictures of another size or pixel format (10-bit H.265) are converted with swscale.
//
// Thread-safety: one H264Encoder per thread at a time. CPU-bound: never on an event loop.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "codec/av_ptr.h"
#include "media/frame.h"

namespace custos::codec {

struct H264EncoderOptions {
  int width = 0;   // output size in pixels (even); the input is scaled when it differs
  int height = 0;
  std::string preset = "veryfast";  // x264 preset: ultrafast .. veryslow
  bool zero_latency = true;         // tune=zerolatency: one packet out per picture in, no lookahead
  int crf = 23;                     // constant rate factor (quality; lower = better, bigger)
  int max_rate_kbps = 0;            // VBV cap (0 = none)
  int max_gop_frames = 250;         // a key frame at least this often even if none is forced
  int frame_rate_hint = 25;         // for rate control only; timestamps come with each picture
};

class H264Encoder {
 public:
  // InvalidArgument for odd or missing sizes; Internal when libavcodec has no libx264 or
  // refuses the options.
  static Result<std::unique_ptr<H264Encoder>> Open(const H264EncoderOptions& options);
  ~H264Encoder();

  // avcC record, SPS/PPS, size and codec string ("avc1.64001e"...) of what Encode returns.
  const VideoParams& params() const { return params_; }

  // Encodes one decoded picture with presentation time `pts_90k` (strictly increasing).
  // `force_key` makes it an IDR. Returns the frames completed: with zero_latency exactly
  // one per picture. Frame::timestamp_90k is the picture's pts; params_generation is 0.
  Result<std::vector<Frame>> Encode(const AVFrame& picture, int64_t pts_90k, bool force_key);
  // Drains what the encoder still holds; it is then finished.
  Result<std::vector<Frame>> Flush();

 private:
  H264Encoder(CodecContextPtr ctx, PacketPtr packet, VideoParams params)
      : ctx_(std::move(ctx)), packet_(std::move(packet)), params_(std::move(params)) {}
  Result<const AVFrame*> Convert(const AVFrame& picture);
  Result<std::vector<Frame>> Receive();

  CodecContextPtr ctx_;
  PacketPtr packet_;
  VideoParams params_;
  SwsPtr sws_;
  FramePtr scaled_;  // swscale output, reused
  int sws_src_w_ = 0, sws_src_h_ = 0, sws_src_fmt_ = -1;
};

}  // namespace custos::codec
