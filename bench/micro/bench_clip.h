// bench_clip.h: the real clip the micro-benchmarks replay, loaded once per process.
//
// Provides BenchDir() (where bench/run.sh caches clips and databases: CUSTOS_BENCH_DIR, or
// build/bench) and GetBenchClip(): the clip (CUSTOS_BENCH_CLIP, or the 720p 4 Mbit/s clip
// run.sh makes) packetised by the simulator's own RtpProgram, exactly the bytes `custos
// sim` puts on the wire for one loop, plus the frames a depacketizer makes of them.
// Thread-safety: GetBenchClip() initialises once (function-local static); the result is
// immutable.
#pragma once

#include <string>
#include <vector>

#include "base/bytes.h"
#include "media/frame.h"

namespace custos::bench {

std::string BenchDir();

struct BenchClip {
  std::string path;
  std::string error;      // non-empty if the clip could not be loaded
  double seconds = 0;     // one loop of the clip
  int64_t duration_90k = 0;
  std::vector<Bytes> sdp_nals;  // SPS and PPS, as an SDP's sprop-parameter-sets gives them
  Bytes interleaved;            // one loop as sent over RTSP/TCP: '$' ch len RTP ...
  std::vector<ByteSpan> rtp;    // each RTP packet of `interleaved` (framing stripped)
  uint64_t rtp_payload_bytes = 0;
  std::vector<Frame> frames;    // the depacketized access units of one loop
  VideoParams params;           // what the depacketizer made of the parameter sets
};

const BenchClip& GetBenchClip();

}  // namespace custos::bench
