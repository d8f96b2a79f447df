#include "codec/av_ptr.h"

#include <mutex>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace custos::codec {

void QuietFfmpegLogs() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_FATAL); });
}

Result<FramePtr> NewFrame() {
  FramePtr f(av_frame_alloc());
  if (!f) return Err(Internal("out of memory allocating an AVFrame"));
  return f;
}

Result<PacketPtr> NewPacket() {
  PacketPtr p(av_packet_alloc());
  if (!p) return Err(Internal("out of memory allocating an AVPacket"));
  return p;
}

Status AvStatus(int av_error, const std::string& what) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(av_error, text, sizeof text);
  const std::string message = what + ": " + text;
  if (av_error == AVERROR_INVALIDDATA) return DataLoss(message);
  if (av_error == AVERROR(ENOMEM)) return ResourceExhausted(message);
  return Internal(message);
}

}  // namespace custos::codec
