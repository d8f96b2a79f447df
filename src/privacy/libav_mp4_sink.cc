// FrameSink: libx264 through libavcodec, muxed into MP4 by libavformat.
#include <algorithm>
#include <cstring>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
}

#include "privacy/av_util.h"
#include "privacy/pipeline.h"

namespace custos::privacy {

namespace {

class LibavMp4Sink final : public FrameSink {
 public:
  ~LibavMp4Sink() override {
    if (fmt_ != nullptr && !(fmt_->oformat->flags & AVFMT_NOFILE)) avio_closep(&fmt_->pb);
    avformat_free_context(fmt_);
    av_frame_free(&frame_);
    av_packet_free(&packet_);
    avcodec_free_context(&enc_);
  }

  Status Open(const std::string& path, const StreamInfo& info, const EncodeOptions& options) {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (codec == nullptr) return Unimplemented("this FFmpeg has no libx264 encoder; install libavcodec with libx264");
    int err = avformat_alloc_output_context2(&fmt_, nullptr, "mp4", path.c_str());
    if (err < 0 || fmt_ == nullptr) return AvError(err, "create the MP4 muxer");
    enc_ = avcodec_alloc_context3(codec);
    if (enc_ == nullptr) return ResourceExhausted("allocating the encoder");
    enc_->width = info.width;
    enc_->height = info.height;
    enc_->pix_fmt = AV_PIX_FMT_YUV420P;
    enc_->time_base = AVRational{info.time_base_num, info.time_base_den};
    enc_->framerate = AVRational{info.frame_rate_num, info.frame_rate_den};
    frame_duration_ = std::max<int64_t>(1, av_rescale_q(1, AVRational{info.frame_rate_den, info.frame_rate_num},
                                                         enc_->time_base));
    enc_->gop_size = 2 * info.frame_rate_num / std::max(1, info.frame_rate_den);
    enc_->thread_count = options.threads;
    if (fmt_->oformat->flags & AVFMT_GLOBALHEADER) enc_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    av_opt_set(enc_->priv_data, "preset", options.preset.c_str(), 0);
    av_opt_set_int(enc_->priv_data, "crf", options.crf, 0);
    err = avcodec_open2(enc_, codec, nullptr);
    if (err < 0) return AvError(err, "open libx264 (preset " + options.preset + ")");
    stream_ = avformat_new_stream(fmt_, nullptr);
    if (stream_ == nullptr) return ResourceExhausted("allocating the output stream");
    stream_->time_base = enc_->time_base;
    err = avcodec_parameters_from_context(stream_->codecpar, enc_);
    if (err < 0) return AvError(err, "output stream parameters");
    err = avio_open(&fmt_->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (err < 0) return AvError(err, "create " + path);
    err = avformat_write_header(fmt_, nullptr);
    if (err < 0) return AvError(err, "write the MP4 header");
    frame_ = av_frame_alloc();
    packet_ = av_packet_alloc();
    if (frame_ == nullptr || packet_ == nullptr) return ResourceExhausted("allocating frames");
    frame_->format = AV_PIX_FMT_YUV420P;
    frame_->width = info.width;
    frame_->height = info.height;
    return Status::Ok();
  }

  Status Write(const StagedFrame& in) override {
    const I420Frame& f = in.frame;
    if (f.width != enc_->width || f.height != enc_->height) return Internal("frame size differs from the encoder's");
    // The encoder may keep references to earlier frames; give it its own buffer each time.
    int err = av_frame_get_buffer(frame_, 0);
    if (err < 0) return AvError(err, "allocating an encoder frame");
    CopyPlane(f.y.data(), f.width, frame_->data[0], frame_->linesize[0], f.height);
    CopyPlane(f.u.data(), f.ChromaWidth(), frame_->data[1], frame_->linesize[1], f.ChromaHeight());
    CopyPlane(f.v.data(), f.ChromaWidth(), frame_->data[2], frame_->linesize[2], f.ChromaHeight());
    // Timestamps must rise strictly; a repeated one (broken source) is nudged forward.
    frame_->pts = in.pts > last_pts_ ? in.pts : last_pts_ + 1;
    last_pts_ = frame_->pts;
    err = avcodec_send_frame(enc_, frame_);
    av_frame_unref(frame_);
    frame_->format = AV_PIX_FMT_YUV420P;
    frame_->width = enc_->width;
    frame_->height = enc_->height;
    if (err < 0) return AvError(err, "encode");
    return Drain();
  }

  Status Finish() override {
    int err = avcodec_send_frame(enc_, nullptr);
    if (err < 0) return AvError(err, "flush the encoder");
    CUSTOS_RETURN_IF_ERROR(Drain());
    err = av_write_trailer(fmt_);
    if (err < 0) return AvError(err, "finish the MP4");
    err = avio_closep(&fmt_->pb);
    if (err < 0) return AvError(err, "close the MP4");
    return Status::Ok();
  }

 private:
  Status Drain() {
    for (;;) {
      int err = avcodec_receive_packet(enc_, packet_);
      if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return Status::Ok();
      if (err < 0) return AvError(err, "encode");
      // Without a duration the MP4's edit list would end at the last frame's start and cut it.
      if (packet_->duration <= 0) packet_->duration = frame_duration_;
      av_packet_rescale_ts(packet_, enc_->time_base, stream_->time_base);
      packet_->stream_index = stream_->index;
      err = av_interleaved_write_frame(fmt_, packet_);
      if (err < 0) return AvError(err, "write to the MP4");
    }
  }

  static void CopyPlane(const uint8_t* src, int w, uint8_t* dst, int dst_stride, int h) {
    for (int row = 0; row < h; ++row) std::memcpy(dst + static_cast<ptrdiff_t>(row) * dst_stride, src + static_cast<size_t>(row) * w, w);
  }

  AVFormatContext* fmt_ = nullptr;
  AVCodecContext* enc_ = nullptr;
  AVStream* stream_ = nullptr;
  AVFrame* frame_ = nullptr;
  AVPacket* packet_ = nullptr;
  int64_t last_pts_ = INT64_MIN;
  int64_t frame_duration_ = 1;  // in the encoder's time base
};

}  // namespace

Result<std::unique_ptr<FrameSink>> OpenLibavMp4Sink(const std::string& path, const StreamInfo& info,
                                                    const EncodeOptions& options) {
  auto sink = std::make_unique<LibavMp4Sink>();
  CUSTOS_RETURN_IF_ERROR(sink->Open(path, info, options));
  return std::unique_ptr<FrameSink>(std::move(sink));
}

}  // namespace custos::privacy
