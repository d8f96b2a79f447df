// ingest_bench.cc: the recorder's per-packet and per-frame work, without kernel or disk.
//
// BM_DepacketizeH264: ParseRtp + Depacketizer::Push/Pop over one loop of the real clip's
//   RTP packets (FU-A, 1,400-byte payloads), as the camera session does. Reports packets/s.
// BM_RecordingBuilder: RecordingBuilder::AddFrame for the clip's frames with a sink that
//   drops every job: fragment assembly (one copy of each frame), moof/prft headers,
//   rotation and the frame index encoding at each minute. Reports frames/s.
// BM_IngestPipeline: what one camera costs on the event loop per second of video, from the
//   bytes of the TCP stream to the storage jobs: RtspStreamParser (framing), ParseRtp,
//   depacketizer, RecordingBuilder, fed in 64 KiB reads. The `ms_cpu_per_stream_s` counter
//   is comparable to the race's figure minus the kernel (socket reads, writes) and the
//   disk writer thread.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <variant>

#include "base/clock.h"
#include "bench_clip.h"
#include "ingest/recording_builder.h"
#include "media/depacketizer.h"
#include "media/rtp.h"
#include "rtsp/stream_parser.h"
#include "storage/jobs.h"

namespace custos::bench {
namespace {

// Accepts and drops every job, counting what a disk writer would have written.
class NullSink final : public StorageSink {
 public:
  Status Submit(StorageJob job) override {
    ++jobs;
    if (const auto* a = std::get_if<AppendFragmentJob>(&job)) bytes += a->header.size() + a->data.size();
    return Status::Ok();
  }
  uint64_t jobs = 0;
  uint64_t bytes = 0;
};

// Seconds of CPU per second of video, shown by Google Benchmark in SI units (e.g. "95.2u"
// = 95.2 µs of CPU per stream-second).
void ReportPerStreamSecond(benchmark::State& state, double stream_seconds_per_iteration) {
  state.counters["cpu_s_per_stream_s"] =
      benchmark::Counter(stream_seconds_per_iteration, benchmark::Counter::kIsIterationInvariantRate |
                                                           benchmark::Counter::kInvert);
}

bool SkipWithoutClip(benchmark::State& state, const BenchClip& clip) {
  if (clip.error.empty()) return false;
  state.SkipWithError(clip.error.c_str());
  return true;
}

void BM_DepacketizeH264(benchmark::State& state) {
  const BenchClip& clip = GetBenchClip();
  if (SkipWithoutClip(state, clip)) return;
  uint64_t frames = 0;
  for (auto _ : state) {
    // A fresh depacketizer per loop of the clip, so sequence numbers and timestamps stay
    // continuous within it; creating one costs a few µs against ~9,000 packets.
    auto d = Depacketizer::Create(VideoCodec::kH264, clip.sdp_nals);
    for (ByteSpan pkt : clip.rtp) {
      auto rtp = ParseRtp(pkt);
      if (!rtp) continue;
      (void)(*d)->Push(*rtp);
      while (auto f = (*d)->Pop()) {
        ++frames;
        benchmark::DoNotOptimize(f->data.data());
      }
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * clip.rtp.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * clip.rtp_payload_bytes));
  state.counters["packets_per_loop"] = static_cast<double>(clip.rtp.size());
  state.counters["frames_per_loop"] = static_cast<double>(frames) / static_cast<double>(state.iterations());
  ReportPerStreamSecond(state, clip.seconds);
}
BENCHMARK(BM_DepacketizeH264)->Unit(benchmark::kMillisecond);

void BM_RecordingBuilder(benchmark::State& state) {
  const BenchClip& clip = GetBenchClip();
  if (SkipWithoutClip(state, clip)) return;
  FakeClock clock(WallTime90k{SecondsTo90k(1.8e9)});
  NullSink sink;
  RecordingBuilder builder("c000", clock, sink);
  int64_t loop = 0;
  std::vector<Frame> batch;
  for (auto _ : state) {
    state.PauseTiming();
    batch = clip.frames;  // the depacketizer hands over frames it allocated; copy them here
    for (Frame& f : batch) f.timestamp_90k += loop * clip.duration_90k;
    ++loop;
    state.ResumeTiming();
    int64_t prev_ts = batch.front().timestamp_90k;
    for (Frame& f : batch) {
      clock.Advance(f.timestamp_90k - prev_ts);
      prev_ts = f.timestamp_90k;
      f.arrival_mono_ns = clock.MonotonicNanos();
      builder.AddFrame(std::move(f), clip.params);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * clip.frames.size()));
  state.counters["fragments_per_loop"] =
      static_cast<double>(sink.jobs) / static_cast<double>(state.iterations());  // includes open/close
  state.counters["recordings"] = static_cast<double>(builder.stats().recordings);
  ReportPerStreamSecond(state, clip.seconds);
}
BENCHMARK(BM_RecordingBuilder)->Unit(benchmark::kMillisecond);

// One camera's event-loop work for one loop of the clip, from TCP bytes to storage jobs,
// mirroring RtspClient::Impl::DispatchItems and CameraSession::OnRtp.
void BM_IngestPipeline(benchmark::State& state) {
  const BenchClip& clip = GetBenchClip();
  if (SkipWithoutClip(state, clip)) return;
  const size_t read_bytes = static_cast<size_t>(state.range(0));
  FakeClock clock(WallTime90k{SecondsTo90k(1.8e9)});
  NullSink sink;
  RecordingBuilder builder("c000", clock, sink);
  // The stream continues across iterations: patch nothing, but restart the depacketizer at
  // each loop (the clip's sequence numbers restart) and offset frame times.
  int64_t loop = 0;
  uint64_t frames = 0;
  for (auto _ : state) {
    RtspStreamParser parser;
    auto d = Depacketizer::Create(VideoCodec::kH264, clip.sdp_nals);
    const int64_t offset_90k = loop++ * clip.duration_90k;
    size_t pos = 0;
    while (pos < clip.interleaved.size()) {
      std::span<uint8_t> buf = parser.PrepareWrite();
      const size_t n = std::min({buf.size(), read_bytes, clip.interleaved.size() - pos});
      std::memcpy(buf.data(), clip.interleaved.data() + pos, n);  // stands for the kernel's copy
      parser.CommitWrite(n);
      pos += n;
      clock.Advance(static_cast<int64_t>(n) * clip.duration_90k / static_cast<int64_t>(clip.interleaved.size()));
      const int64_t arrival_ns = clock.MonotonicNanos();
      for (;;) {
        auto item = parser.Next();
        if (!item || std::holds_alternative<RtspNeedMore>(*item)) break;
        const auto* frame = std::get_if<InterleavedFrame>(&*item);
        if (frame == nullptr || frame->channel != 0) continue;
        auto rtp = ParseRtp(frame->payload);
        if (!rtp) continue;
        (void)(*d)->Push(*rtp);
        while (auto f = (*d)->Pop()) {
          f->timestamp_90k += offset_90k;
          f->arrival_mono_ns = arrival_ns;
          const VideoParams* params = (*d)->params();
          if (params == nullptr) continue;
          builder.AddFrame(std::move(*f), *params);
          ++frames;
        }
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * clip.interleaved.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * clip.rtp.size()));
  state.counters["frames_per_loop"] = static_cast<double>(frames) / static_cast<double>(state.iterations());
  state.counters["stored_bytes_per_loop"] = static_cast<double>(sink.bytes) / static_cast<double>(state.iterations());
  ReportPerStreamSecond(state, clip.seconds);
}
// The read size: what one async_read_some returns. 64 KiB is a few packets' worth at
// 4 Mbit/s with 20 ms sender ticks; 4 KiB shows the cost of small reads.
BENCHMARK(BM_IngestPipeline)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace custos::bench
