// FrameSource over libavformat + libavcodec (+ libswscale for pictures not in 8-bit 4:2:0).
#include <cstring>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include "privacy/av_util.h"
#include "privacy/pipeline.h"

namespace custos::privacy {

namespace {

class LibavSource final : public FrameSource {
 public:
  ~LibavSource() override {
    sws_freeContext(sws_);
    av_frame_free(&frame_);
    av_packet_free(&packet_);
    avcodec_free_context(&dec_);
    avformat_close_input(&fmt_);
  }

  Status Open(const std::string& path) {
    int err = avformat_open_input(&fmt_, path.c_str(), nullptr, nullptr);
    if (err < 0) return AvError(err, "open " + path);
    err = avformat_find_stream_info(fmt_, nullptr);
    if (err < 0) return AvError(err, "read the streams of " + path);
    const AVCodec* codec = nullptr;
    stream_ = av_find_best_stream(fmt_, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (stream_ < 0 || codec == nullptr) return InvalidArgument(path + " has no video stream this build can decode");
    AVStream* st = fmt_->streams[stream_];
    dec_ = avcodec_alloc_context3(codec);
    if (dec_ == nullptr) return ResourceExhausted("allocating a decoder");
    err = avcodec_parameters_to_context(dec_, st->codecpar);
    if (err < 0) return AvError(err, "decoder parameters");
    dec_->thread_count = 0;  // automatic: frame threads on the machine's cores
    err = avcodec_open2(dec_, codec, nullptr);
    if (err < 0) return AvError(err, "open the decoder");
    frame_ = av_frame_alloc();
    packet_ = av_packet_alloc();
    if (frame_ == nullptr || packet_ == nullptr) return ResourceExhausted("allocating frames");
    info_.width = dec_->width;
    info_.height = dec_->height;
    if (info_.width <= 0 || info_.height <= 0) return InvalidArgument(path + ": the video has no picture size");
    info_.time_base_num = st->time_base.num;
    info_.time_base_den = st->time_base.den;
    AVRational rate = av_guess_frame_rate(fmt_, st, nullptr);
    if (rate.num > 0 && rate.den > 0) {
      info_.frame_rate_num = rate.num;
      info_.frame_rate_den = rate.den;
    }
    info_.start_pts = st->start_time == AV_NOPTS_VALUE ? 0 : st->start_time;
    if (st->duration > 0) {
      info_.duration_pts = st->duration;
    } else if (fmt_->duration > 0) {
      info_.duration_pts = av_rescale_q(fmt_->duration, AV_TIME_BASE_Q, st->time_base);
    }
    return Status::Ok();
  }

  const StreamInfo& info() const override { return info_; }

  Result<bool> Next(StagedFrame& out) override {
    for (;;) {
      int err = avcodec_receive_frame(dec_, frame_);
      if (err == 0) {
        Status s = Convert(out);
        av_frame_unref(frame_);
        if (!s.ok()) return Err(s);
        return true;
      }
      if (err == AVERROR_EOF) return false;
      if (err != AVERROR(EAGAIN)) return Err(AvError(err, "decode"));
      CUSTOS_RETURN_IF_ERROR(Feed());
    }
  }

 private:
  Status Feed() {
    if (eof_) return Status::Ok();  // the decoder was already drained into; receive reports EOF
    for (;;) {
      int err = av_read_frame(fmt_, packet_);
      if (err == AVERROR_EOF) {
        eof_ = true;
        err = avcodec_send_packet(dec_, nullptr);
        return err < 0 && err != AVERROR_EOF ? AvError(err, "flush the decoder") : Status::Ok();
      }
      if (err < 0) return AvError(err, "read");
      if (packet_->stream_index != stream_) {
        av_packet_unref(packet_);
        continue;
      }
      err = avcodec_send_packet(dec_, packet_);
      av_packet_unref(packet_);
      // A damaged packet costs a frame, not the export.
      if (err < 0 && err != AVERROR(EAGAIN) && err != AVERROR_INVALIDDATA) return AvError(err, "decode");
      return Status::Ok();
    }
  }

  Status Convert(StagedFrame& out) {
    out.pts = frame_->best_effort_timestamp != AV_NOPTS_VALUE ? frame_->best_effort_timestamp : frame_->pts;
    if (out.pts == AV_NOPTS_VALUE) out.pts = last_pts_ + 1;
    last_pts_ = out.pts;
    I420Frame& f = out.frame;
    if (f.width != info_.width || f.height != info_.height) f.Allocate(info_.width, info_.height);
    if (frame_->width != info_.width || frame_->height != info_.height) {
      return Unimplemented("the picture size changes in the middle of the clip; export the parts separately");
    }
    const auto fmt = static_cast<AVPixelFormat>(frame_->format);
    if (fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_YUVJ420P) {
      CopyPlane(frame_->data[0], frame_->linesize[0], f.y.data(), f.width, f.height);
      CopyPlane(frame_->data[1], frame_->linesize[1], f.u.data(), f.ChromaWidth(), f.ChromaHeight());
      CopyPlane(frame_->data[2], frame_->linesize[2], f.v.data(), f.ChromaWidth(), f.ChromaHeight());
      return Status::Ok();
    }
    sws_ = sws_getCachedContext(sws_, f.width, f.height, fmt, f.width, f.height, AV_PIX_FMT_YUV420P, SWS_BILINEAR,
                                nullptr, nullptr, nullptr);
    if (sws_ == nullptr) return Unimplemented("cannot convert the decoded pixel format to YUV 4:2:0");
    uint8_t* dst[4] = {f.y.data(), f.u.data(), f.v.data(), nullptr};
    int dst_stride[4] = {f.width, f.ChromaWidth(), f.ChromaWidth(), 0};
    sws_scale(sws_, frame_->data, frame_->linesize, 0, f.height, dst, dst_stride);
    return Status::Ok();
  }

  static void CopyPlane(const uint8_t* src, int src_stride, uint8_t* dst, int w, int h) {
    for (int row = 0; row < h; ++row) std::memcpy(dst + static_cast<size_t>(row) * w, src + static_cast<ptrdiff_t>(row) * src_stride, w);
  }

  AVFormatContext* fmt_ = nullptr;
  AVCodecContext* dec_ = nullptr;
  AVFrame* frame_ = nullptr;
  AVPacket* packet_ = nullptr;
  SwsContext* sws_ = nullptr;
  int stream_ = -1;
  bool eof_ = false;
  int64_t last_pts_ = -1;
  StreamInfo info_;
};

}  // namespace

Result<std::unique_ptr<FrameSource>> OpenLibavSource(const std::string& path) {
  auto source = std::make_unique<LibavSource>();
  CUSTOS_RETURN_IF_ERROR(source->Open(path));
  return std::unique_ptr<FrameSource>(std::move(source));
}

}  // namespace custos::privacy
