#include "privacy/pipeline.h"

#include <chrono>
#include <cstdio>
#include <optional>

#include "privacy/detection_worker.h"
#include "privacy/watermark.h"

namespace custos::privacy {

namespace {

double Percent(const StreamInfo& info, int64_t pts) {
  if (info.duration_pts <= 0) return 0;
  const double p = 100.0 * static_cast<double>(pts - info.start_pts) / static_cast<double>(info.duration_pts);
  return p < 0 ? 0 : (p > 100 ? 100 : p);
}

}  // namespace

Result<MaskedExportStats> MaskedExport(FrameSource& source, FrameSink& sink, const MaskedExportOptions& options,
                                       const ProgressFn& progress) {
  CUSTOS_RETURN_IF_ERROR(ValidateZones(options.zones));
  const auto started = std::chrono::steady_clock::now();
  std::unique_ptr<DetectionWorker> worker;
  if (options.detect) {
    auto created = Detector::Create(options.detector);
    if (!created) return Err(created.error());
    worker = std::make_unique<DetectionWorker>(std::move(*created));
  }
  MaskingStage stage = worker ? MaskingStage(*worker, Masker(options.zones), options.stage)
                              : MaskingStage(static_cast<Detector*>(nullptr), Masker(options.zones), options.stage);
  std::optional<Watermarker> watermark;
  if (!options.watermark_lines.empty()) watermark.emplace(options.watermark_lines);
  MaskedExportStats stats;
  std::vector<StagedFrame> ready;
  std::vector<StagedFrame> spare;  // written frames whose buffers the decoder fills again
  int last_percent = -1;
  auto write_ready = [&]() -> Status {
    for (StagedFrame& f : ready) {
      if (watermark) watermark->Apply(f.frame);
      CUSTOS_RETURN_IF_ERROR(sink.Write(f));
      ++stats.frames;
      const int percent = static_cast<int>(Percent(source.info(), f.pts));
      if (progress && percent != last_percent) {
        last_percent = percent;
        progress(percent);
      }
      if (spare.size() < 2) spare.push_back(std::move(f));
    }
    ready.clear();
    return Status::Ok();
  };
  StagedFrame in;
  for (;;) {
    if (!spare.empty()) {
      in = std::move(spare.back());
      spare.pop_back();
    }
    Result<bool> more = source.Next(in);
    if (!more) return Err(more.error());
    if (!*more) break;
    stage.Push(std::move(in), ready);
    CUSTOS_RETURN_IF_ERROR(stage.status());
    in = StagedFrame{};
    CUSTOS_RETURN_IF_ERROR(write_ready());
  }
  stage.Flush(ready);
  CUSTOS_RETURN_IF_ERROR(stage.status());
  CUSTOS_RETURN_IF_ERROR(write_ready());
  CUSTOS_RETURN_IF_ERROR(sink.Finish());
  if (progress) progress(100);
  stats.detections = stage.detections();
  stats.frames_with_regions = stage.frames_masked_by_detection();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

Result<MaskedExportStats> MaskedExportFile(const std::string& input, const std::string& output,
                                           const MaskedExportOptions& options, const ProgressFn& progress) {
  auto source = OpenLibavSource(input);
  if (!source) return Err(source.error());
  Result<MaskedExportStats> stats = [&]() -> Result<MaskedExportStats> {
    auto sink = OpenLibavMp4Sink(output, (*source)->info(), options.encode);
    if (!sink) return Err(sink.error());
    return MaskedExport(**source, **sink, options, progress);
  }();
  if (!stats) std::remove(output.c_str());
  return stats;
}

}  // namespace custos::privacy
