#include "bench_clip.h"

#include <cstdlib>
#include <memory>

#include "media/depacketizer.h"
#include "media/rtp.h"
#include "sim/clip.h"
#include "sim/rtp_program.h"

namespace custos::bench {

namespace {

// The clip bench/run.sh makes (same file name there).
constexpr const char* kDefaultClip = "clip-1280x720-25fps-4M-g50.mp4";

BenchClip Load() {
  BenchClip c;
  const char* env = std::getenv("CUSTOS_BENCH_CLIP");
  c.path = env != nullptr && *env != '\0' ? env : BenchDir() + "/" + kDefaultClip;
  auto clip = sim::LoadClip(c.path);
  if (!clip) {
    c.error = "cannot load the clip " + c.path + " (" + clip.error().ToString() +
              "): run bench/run.sh once (it makes the clip), or set CUSTOS_BENCH_CLIP";
    return c;
  }
  auto program = sim::RtpProgram::Build(*clip);
  if (!program) {
    c.error = "cannot packetise " + c.path + ": " + program.error().ToString();
    return c;
  }
  c.duration_90k = program->duration_90k();
  c.seconds = static_cast<double>(c.duration_90k) / 90000.0;
  if (!clip->vps.empty()) c.sdp_nals.push_back(clip->vps);
  c.sdp_nals.push_back(clip->sps);
  c.sdp_nals.push_back(clip->pps);
  sim::RtpStreamState state;
  state.ssrc = 0x12345678;
  state.next_sequence = 1000;
  state.timestamp_base = 90000;
  program->AppendPackets(0, program->packet_count(), 0, state, c.interleaved);
  // Walk the framing ('$', channel, 16-bit length) to find each RTP packet.
  size_t pos = 0;
  while (pos + 4 <= c.interleaved.size()) {
    const size_t len = (size_t{c.interleaved[pos + 2]} << 8) | c.interleaved[pos + 3];
    ByteSpan pkt(c.interleaved.data() + pos + 4, len);
    c.rtp.push_back(pkt);
    pos += 4 + len;
  }
  auto d = Depacketizer::Create(program->codec(), c.sdp_nals);
  if (!d) {
    c.error = "depacketizer: " + d.error().ToString();
    return c;
  }
  for (ByteSpan pkt : c.rtp) {
    auto rtp = ParseRtp(pkt);
    if (!rtp) continue;
    c.rtp_payload_bytes += rtp->payload.size();
    (void)(*d)->Push(*rtp);
    while (auto f = (*d)->Pop()) c.frames.push_back(std::move(*f));
  }
  if ((*d)->params() != nullptr) c.params = *(*d)->params();
  if (c.frames.empty() || c.params.decoder_config.empty()) c.error = "the clip gave no frames or no parameters";
  return c;
}

}  // namespace

std::string BenchDir() {
  const char* env = std::getenv("CUSTOS_BENCH_DIR");
  return env != nullptr && *env != '\0' ? env : CUSTOS_BENCH_DEFAULT_DIR;
}

const BenchClip& GetBenchClip() {
  static const BenchClip clip = Load();
  return clip;
}

}  // namespace custos::bench
