// depacketizer.h: RTP video payloads in, access units (Frames) out.
//
// Provides the Depacketizer interface and its factory. Implementations: H.264 per RFC 6184
// (single NAL unit, STAP-A, FU-A; non-interleaved mode only) in h264_depacketizer.cc and
// H.265 per RFC 7798 (single, AP, FU; no DONL, no PACI) in h265_depacketizer.cc, sharing
// depacketizer_base.{h,cc}.
//
// Behaviour, common to both codecs:
//  - An access unit ends at the RTP marker bit, at a change of RTP timestamp (for cameras
//    that never set the marker) or before an access unit delimiter.
//  - Frames are in MP4 form (4-byte length per NAL unit). Parameter sets are removed from
//    frames and tracked as VideoParams; in-band ones override those from the SDP; a real
//    change bumps params_generation, identical repeats do not. AUD and filler data NAL
//    units are dropped; SEI is kept.
//  - Any sequence discontinuity (gap, duplicate, late packet) discards the partly assembled
//    access unit and sets Frame::loss_before on the next frame; a late or duplicate packet
//    is itself dropped. After a discontinuity, and at the start of the session, the next
//    access unit is kept only if its first packet visibly starts it (a parameter set,
//    SEI, AUD, or the first slice).
//  - A frame over 16 MiB, or one with a malformed packet, is dropped and counted as
//    malformed. Frames completed before any parameter set was seen have generation 0.
//  - Assembly buffers are reused, so steady state needs one allocation per frame (the
//    Frame's own data) and none per packet.
//
// Thread-safety: none; one owner (the camera session's event loop) calls every method.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"
#include "media/rtp.h"

namespace custos {

class Depacketizer {
 public:
  // initial_nals: parameter sets from the SDP (sprop-parameter-sets, sprop-vps/sps/pps), raw
  // NAL units. NAL units that are not parameter sets are ignored, and parameter sets that do
  // not parse leave params() null until good ones arrive in band: a camera with a broken
  // SDP can still be recorded.
  static Result<std::unique_ptr<Depacketizer>> Create(VideoCodec codec, const std::vector<Bytes>& initial_nals);
  virtual ~Depacketizer() = default;

  // Feeds one RTP packet of this stream. A non-ok Status describes a malformed or
  // unexpected packet (the caller counts/logs it); it is never fatal, state stays
  // consistent. Call Pop() until it returns nullopt after each Push().
  virtual Status Push(const RtpPacket& pkt) = 0;
  // Takes the next completed frame (FIFO), if any.
  virtual std::optional<Frame> Pop() = 0;
  // Current parameters, nullptr until all needed parameter sets have been seen (SDP or
  // in-band). The pointer stays valid until the next Push().
  virtual const VideoParams* params() const = 0;
  // +1 whenever params change (starts at 0 = none, 1 = first).
  virtual uint32_t params_generation() const = 0;

  struct Stats {
    uint64_t packets = 0;       // RTP packets pushed
    uint64_t lost_packets = 0;  // sequence gaps, plus late or duplicate packets
    uint64_t frames = 0;        // frames completed
    uint64_t malformed = 0;     // frames dropped as malformed or oversized
  };
  virtual Stats stats() const = 0;
};

}  // namespace custos
