// rtp_program.h: a clip packetised into RTP once, replayed by every session.
//
// Provides RtpProgram: one contiguous buffer holding every RTP packet of the clip, each
// already framed for RTSP interleaved TCP ('$', channel, 16-bit length; RFC 2326 10.12)
// with a 12-byte RTP header whose sequence number, timestamp and SSRC are left zero. In-band
// parameter sets (VPS/)SPS/PPS precede every key frame, as cameras send them; the marker
// bit is set on the last packet of each frame. A session copies runs of due packets into
// its send buffer with AppendPackets, which patches the per-session header fields while
// copying: no per-packet allocation, one memcpy per run.
// Thread-safety: immutable after Build, so one program may be shared by all sessions and
// threads; RtpStreamState belongs to its session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"
#include "sim/clip.h"

namespace custos::sim {

// The per-session values patched into each packet's header.
struct RtpStreamState {
  uint32_t ssrc = 0;
  uint16_t next_sequence = 0;  // continues across loops; also advanced by dropped packets
  uint32_t timestamp_base = 0;  // RTP timestamp of presentation time 0 of loop 0
  uint8_t channel = 0;          // interleaved channel of RTP (RTCP is channel + 1)
};

struct RtpProgramOptions {
  size_t max_payload_bytes = 1400;
  uint8_t payload_type = 96;
};

class RtpProgram {
 public:
  static constexpr size_t kFramingBytes = 4;     // '$', channel, 16-bit length
  static constexpr size_t kRtpHeaderBytes = 12;  // no CSRC, no extension

  // Packetises every frame of `clip`. InvalidArgument if a frame cannot be packetised or
  // the options are out of range.
  static Result<RtpProgram> Build(const Clip& clip, const RtpProgramOptions& options = {});

  VideoCodec codec() const { return codec_; }
  const Bytes& vps() const { return vps_; }
  const Bytes& sps() const { return sps_; }
  const Bytes& pps() const { return pps_; }
  uint16_t width() const { return width_; }
  uint16_t height() const { return height_; }
  uint8_t payload_type() const { return payload_type_; }

  size_t packet_count() const { return send_90k_.size(); }
  // The replay period: a loop's times are the clip's plus loop × duration_90k.
  int64_t duration_90k() const { return duration_90k_; }
  // When packet i is due, from the start of its loop (the frame's decode time).
  int64_t send_90k(size_t i) const { return send_90k_[i]; }
  // Packet i's RTP timestamp minus the stream's base, in loop 0 (the frame's pts).
  int64_t pts_90k(size_t i) const { return pts_90k_[i]; }
  // Packet i as framed for interleaved TCP; the RTP packet starts kFramingBytes in.
  ByteSpan framed_packet(size_t i) const;
  // Bytes of packets [first, last) as framed.
  size_t framed_bytes(size_t first, size_t last) const { return offsets_[last] - offsets_[first]; }
  // Presentation delay of the clip: pts - dts of its first frame (B-frame reordering).
  int64_t pts_delay_90k() const { return pts_delay_90k_; }

  // The first packet of the first frame sent at or after `offset_90k` (taken modulo the
  // duration); 0 if that is past the last frame.
  size_t FrameStartAt(int64_t offset_90k) const;
  // The end of the run of packets from `first` that are due by `due_90k` (loop-relative):
  // the first index >= first whose send time is later, or packet_count().
  size_t DueEnd(size_t first, int64_t due_90k) const;

  // Appends packets [first, last) of loop `loop` to `out`, patching channel, sequence
  // number, timestamp and SSRC from `state`, whose next_sequence advances.
  void AppendPackets(size_t first, size_t last, int64_t loop, RtpStreamState& state, Bytes& out) const;

 private:
  RtpProgram() = default;
  Status AddFrame(const ClipFrame& frame, const RtpProgramOptions& options);

  VideoCodec codec_ = VideoCodec::kH264;
  Bytes vps_, sps_, pps_;
  uint16_t width_ = 0;
  uint16_t height_ = 0;
  uint8_t payload_type_ = 96;
  int64_t duration_90k_ = 0;
  int64_t pts_delay_90k_ = 0;
  Bytes data_;                         // all framed packets, back to back
  std::vector<uint32_t> offsets_;      // packet i is data_[offsets_[i], offsets_[i+1])
  std::vector<int64_t> send_90k_;      // per packet, nondecreasing
  std::vector<int64_t> pts_90k_;       // per packet
  std::vector<uint32_t> frame_starts_;  // index of each frame's first packet
};

}  // namespace custos::sim
