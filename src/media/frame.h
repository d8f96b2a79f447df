// frame.h: the video vocabulary shared by depacketizers, the MP4 writer and ingest.
//
// A Frame is one access unit in MP4 form: each NAL unit prefixed by its 4-byte big-endian
// length, with parameter sets (VPS/SPS/PPS) removed and kept in VideoParams instead. A
// change of VideoParams starts a new recording (a new MP4 init segment).
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"

namespace custos {

enum class VideoCodec { kH264, kH265 };

std::string_view VideoCodecName(VideoCodec c);  // "h264" / "h265"

struct VideoParams {
  VideoCodec codec = VideoCodec::kH264;
  Bytes vps;  // H.265 only; raw NAL unit, no start code, no length prefix
  Bytes sps;
  Bytes pps;
  uint16_t width = 0;   // pixels, from the SPS (after cropping)
  uint16_t height = 0;
  std::string rfc6381_codec;  // "avc1.42c01f", "hvc1.1.6.L93.B0": for MSE and manifests
  // The sample entry's codec configuration record: the payload of the avcC or hvcC box.
  Bytes decoder_config;

  bool operator==(const VideoParams&) const = default;
};

struct Frame {
  // RTP timestamp extended to 64 bits (unwrapped), 90 kHz; the origin is arbitrary.
  int64_t timestamp_90k = 0;
  bool is_key = false;        // an IDR (H.264) or IRAP (H.265) access unit
  bool loss_before = false;   // RTP packets were lost since the previous complete frame
  // Monotonic receive time (Clock::MonotonicNanos) of the frame's first packet; set by ingest.
  int64_t arrival_mono_ns = 0;
  // Which VideoParams this frame was coded with: Depacketizer::params_generation() at the
  // time the frame completed. A frame whose generation differs from the open recording's
  // starts a new recording.
  uint32_t params_generation = 0;
  Bytes data;  // length-prefixed NAL units (4-byte lengths)
};

}  // namespace custos
