// transcoded_export.h: an export (mp4::ExportPlan) of an H.265 recording re-encoded to
// H.264 as a fragmented MP4, for export.mp4?codec=h264 (browsers without H.265).
//
// It reads the plan's own output (export_reader.h) box by box: the moov gives the source
// parameters, each moof+mdat its samples, which are decoded (codec::VideoDecoder) and
// encoded (codec::H264Encoder, preset veryfast, tune zerolatency, a key frame at each source key frame, on
// the same timeline). The output is an init segment with the plan's duration and edit
// list (so playback starts at the asked instant, as for the original), then one fragment
// per source fragment. Next() hands out one piece at a time, so a caller can stream it;
// the size is not known until the end (no Content-Length, no Range). `zones` are filled
// in every picture before it is encoded (privacy/av_mask.h; none: the original picture).
// Thread-safety: one thread at a time (the HTTP layer calls Next() on successive worker
// tasks, never two at once); CPU-bound: call it on a worker.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/status.h"
#include "mp4/export_writer.h"
#include "privacy/zone.h"

namespace custos::api {

class TranscodedExport {
 public:
  TranscodedExport(std::shared_ptr<const mp4::ExportPlan> plan, std::vector<privacy::PrivacyZone> zones);
  ~TranscodedExport();
  TranscodedExport(const TranscodedExport&) = delete;
  TranscodedExport& operator=(const TranscodedExport&) = delete;

  // The next piece of output (the init segment first, then fragments); nullopt at the end.
  // DataLoss when the recording cannot be read or decoded; Internal without libx264.
  Result<std::optional<Bytes>> Next();
  // The MSE codec string of the output ("avc1.64001e"); empty before the first Next().
  std::string codec_string() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace custos::api
