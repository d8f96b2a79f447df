// av_ptr.h: RAII owners for the FFmpeg objects src/codec uses (AVCodecContext, AVFrame,
// AVPacket, SwsContext) and the one mapping of FFmpeg error codes into Status.
//
// Each owner frees its object with the matching FFmpeg call; none is copyable.
// Thread-safety: an object belongs to one thread at a time, as FFmpeg requires.
#pragma once

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "base/status.h"

namespace custos::codec {

struct CodecContextDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsDeleter {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;

// FFmpeg logs every damaged slice to stderr; a camera with packet loss would flood the
// daemon's log. Decoders call this once; errors reach callers as Status instead.
void QuietFfmpegLogs();

// Allocate, or Internal ("out of memory") when FFmpeg returns null.
Result<FramePtr> NewFrame();
Result<PacketPtr> NewPacket();

// An FFmpeg error code (negative AVERROR) as a Status with its text and `what`:
// AVERROR_INVALIDDATA → DataLoss (the stream is damaged), ENOMEM → ResourceExhausted,
// anything else → Internal.
Status AvStatus(int av_error, const std::string& what);

}  // namespace custos::codec
