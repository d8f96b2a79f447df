// A masked export: decode a video file, mask every frame, optionally burn in a watermark,
// encode H.264 (libx264), write MP4. Detection runs on its own thread (DetectionWorker); the
// rest on the caller's thread (libavcodec and libx264 have their own worker threads).
// Decoding and encoding sit behind FrameSource / FrameSink so src/codec's wrappers can replace
// the minimal libav* ones here without touching the masking.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "privacy/masking_stage.h"
#include "privacy/zone.h"

namespace custos::privacy {

struct StreamInfo {
  int width = 0;
  int height = 0;
  int time_base_num = 1;  // of the pts of the frames
  int time_base_den = 90000;
  int frame_rate_num = 25;  // nominal, for the encoder's rate control
  int frame_rate_den = 1;
  int64_t duration_pts = 0;  // 0 when unknown
  int64_t start_pts = 0;
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual const StreamInfo& info() const = 0;
  // false at the end of the stream.
  virtual Result<bool> Next(StagedFrame& out) = 0;
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual Status Write(const StagedFrame& frame) = 0;
  virtual Status Finish() = 0;
};

struct EncodeOptions {
  std::string preset = "veryfast";  // libx264 preset
  int crf = 23;
  int threads = 0;  // 0 = libx264's choice
};

// The first video stream of `path` (any container and codec libavformat/libavcodec read).
Result<std::unique_ptr<FrameSource>> OpenLibavSource(const std::string& path);
// H.264 in MP4 at `path`, same size and timestamps as `info`.
Result<std::unique_ptr<FrameSink>> OpenLibavMp4Sink(const std::string& path, const StreamInfo& info,
                                                    const EncodeOptions& options);

struct MaskedExportOptions {
  std::vector<PrivacyZone> zones;
  bool detect = true;  // faces and plates, on a thread of their own (DetectionWorker)
  DetectorOptions detector;
  StageOptions stage;
  EncodeOptions encode;
  // Burnt in after masking when not empty (watermark.h: WatermarkLines).
  std::vector<std::string> watermark_lines;
};

struct MaskedExportStats {
  int64_t frames = 0;
  int64_t detections = 0;
  int64_t frames_with_regions = 0;
  double seconds = 0;  // wall-clock time taken
};

// Called now and then with 0..100.
using ProgressFn = std::function<void(double percent)>;

Result<MaskedExportStats> MaskedExport(FrameSource& source, FrameSink& sink, const MaskedExportOptions& options,
                                       const ProgressFn& progress = {});
// Convenience: file to file with the libav* source and sink. The output is removed on error.
Result<MaskedExportStats> MaskedExportFile(const std::string& input, const std::string& output,
                                           const MaskedExportOptions& options, const ProgressFn& progress = {});

}  // namespace custos::privacy
