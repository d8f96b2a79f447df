// clip.h: a video clip loaded into memory for the RTSP simulator.
//
// Provides LoadClip, which demuxes (never decodes) any container libavformat reads,
// typically an .mp4 with H.264 or H.265, into a Clip: the codec, the parameter sets
// (from the avcC/hvcC record, an Annex B extradata, or in-band), and every frame in decode
// order as raw NAL units with its times in 90 kHz. Also ParseDecoderConfig, the avcC/hvcC
// reader, exposed for tests. Errors say what to do, e.g. how to make a usable clip.
// Thread-safety: pure functions returning values; a Clip is a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"

namespace custos::sim {

// The command that makes a clip the simulator accepts; quoted in error messages.
inline constexpr const char* kMakeClipHint =
    "make a clip with: ffmpeg -f lavfi -i testsrc2=size=1280x720:rate=25 -c:v libx264 -g 50 "
    "-b:v 4M -t 20 clip.mp4";

struct ClipFrame {
  // Times from the clip's start. dts_90k (decode order, nondecreasing) says when to send
  // the frame; pts_90k (>= dts_90k) is its RTP timestamp.
  int64_t dts_90k = 0;
  int64_t pts_90k = 0;
  bool is_key = false;
  // Raw NAL units (header first, no start code or length), without parameter sets and
  // access unit delimiters, which the RTP program puts back in its own way.
  std::vector<Bytes> nals;
};

struct Clip {
  VideoCodec codec = VideoCodec::kH264;
  Bytes vps;  // H.265 only
  Bytes sps;
  Bytes pps;
  uint16_t width = 0;  // pixels, as the container reports them
  uint16_t height = 0;
  std::vector<ClipFrame> frames;  // decode order; the first is a key frame
  // Last frame's dts + its duration: the period of the replay loop.
  int64_t duration_90k = 0;
};

// Loads the video stream of `path`. Frames before the first key frame are dropped.
// NotFound (no file), InvalidArgument (no video stream, bad data), Unimplemented (codec
// other than H.264/H.265), FailedPrecondition (no parameter sets or key frame).
Result<Clip> LoadClip(const std::string& path);

// The parameter sets in a codec configuration record, and its NAL length size.
struct DecoderConfig {
  Bytes vps;
  Bytes sps;
  Bytes pps;
  int nal_length_bytes = 4;
};

// Reads an avcC (H.264) or hvcC (H.265) record; the first unit of each kind is kept.
// InvalidArgument if the record is truncated.
Result<DecoderConfig> ParseDecoderConfig(VideoCodec codec, ByteSpan record);

}  // namespace custos::sim
