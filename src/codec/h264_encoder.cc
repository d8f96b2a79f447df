#include "codec/h264_encoder.h"

#include <cstring>

extern "C" {
#include <libavutil/opt.h>
}

#include "media/h264.h"
#include "media/nal.h"

namespace custos::codec {

namespace {

constexpr uint8_t kSps = 7, kPps = 8, kAud = 9;

void AppendLengthPrefixed(Bytes& out, ByteSpan nal) {
  const auto n = static_cast<uint32_t>(nal.size());
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<uint8_t>(n >> shift));
  out.insert(out.end(), nal.begin(), nal.end());
}

// The SPS and PPS in libx264's Annex B extradata, as VideoParams (avcC, codec string).
Result<VideoParams> ParamsFromExtradata(const AVCodecContext& ctx) {
  if (ctx.extradata == nullptr || ctx.extradata_size <= 0) return Err(Internal("libx264 wrote no SPS/PPS header"));
  ByteSpan sps, pps;
  for (ByteSpan nal : SplitAnnexB(ByteSpan(ctx.extradata, static_cast<size_t>(ctx.extradata_size)))) {
    if (nal.empty()) continue;
    if (H264NalType(nal[0]) == kSps && sps.empty()) sps = nal;
    if (H264NalType(nal[0]) == kPps && pps.empty()) pps = nal;
  }
  if (sps.empty() || pps.empty()) return Err(Internal("libx264's header lacks an SPS or a PPS"));
  return MakeH264Params(sps, pps);
}

}  // namespace

Result<std::unique_ptr<H264Encoder>> H264Encoder::Open(const H264EncoderOptions& o) {
  if (o.width < 16 || o.height < 16 || o.width % 2 != 0 || o.height % 2 != 0) {
    return Err(InvalidArgument("the H.264 output size must be even and at least 16x16, not " +
                               std::to_string(o.width) + "x" + std::to_string(o.height)));
  }
  if (o.max_gop_frames < 1 || o.frame_rate_hint < 1) return Err(InvalidArgument("GOP and frame rate must be positive"));
  QuietFfmpegLogs();
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) return Err(Internal("libavcodec was built without libx264: H.264 encoding is unavailable"));
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return Err(Internal("out of memory allocating the H.264 encoder"));
  ctx->width = o.width;
  ctx->height = o.height;
  ctx->pix_fmt = AV_PIX_FMT_YUV420P;
  ctx->time_base = AVRational{1, 90000};
  ctx->framerate = AVRational{o.frame_rate_hint, 1};
  ctx->gop_size = o.max_gop_frames;
  ctx->keyint_min = 1;
  ctx->max_b_frames = 0;
  ctx->thread_count = 1;  // many streams share few cores; frame threads add latency
  ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (o.max_rate_kbps > 0) {
    ctx->rc_max_rate = int64_t{o.max_rate_kbps} * 1000;
    ctx->rc_buffer_size = o.max_rate_kbps * 1000;
  }
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "preset", o.preset.c_str(), 0);
  if (o.zero_latency) av_dict_set(&opts, "tune", "zerolatency", 0);
  av_dict_set(&opts, "crf", std::to_string(o.crf).c_str(), 0);
  av_dict_set(&opts, "forced-idr", "1", 0);  // a forced key frame is an IDR, not an open-GOP I
  av_dict_set(&opts, "sc_threshold", "0", 0);  // no scene-cut key frames: GOPs follow the source
  const int rc = avcodec_open2(ctx.get(), codec, &opts);
  av_dict_free(&opts);
  if (rc < 0) return Err(AvStatus(rc, "opening libx264 (preset " + o.preset + ")"));
  Result<VideoParams> params = ParamsFromExtradata(*ctx);
  if (!params) return Err(params.error().With("reading libx264's header"));
  Result<PacketPtr> packet = NewPacket();
  if (!packet) return Err(packet.error());
  return std::unique_ptr<H264Encoder>(new H264Encoder(std::move(ctx), std::move(*packet), std::move(*params)));
}

H264Encoder::~H264Encoder() = default;

Result<const AVFrame*> H264Encoder::Convert(const AVFrame& in) {
  if (in.width == ctx_->width && in.height == ctx_->height &&
      (in.format == AV_PIX_FMT_YUV420P || in.format == AV_PIX_FMT_YUVJ420P)) {
    return &in;
  }
  if (!sws_ || in.width != sws_src_w_ || in.height != sws_src_h_ || in.format != sws_src_fmt_) {
    sws_.reset(sws_getContext(in.width, in.height, static_cast<AVPixelFormat>(in.format), ctx_->width, ctx_->height,
                              AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!sws_) return Err(Internal("swscale cannot convert pixel format " + std::to_string(in.format) + " to yuv420p"));
    sws_src_w_ = in.width;
    sws_src_h_ = in.height;
    sws_src_fmt_ = in.format;
    Result<FramePtr> out = NewFrame();
    if (!out) return Err(out.error());
    scaled_ = std::move(*out);
    scaled_->format = AV_PIX_FMT_YUV420P;
    scaled_->width = ctx_->width;
    scaled_->height = ctx_->height;
    const int rc = av_frame_get_buffer(scaled_.get(), 0);
    if (rc < 0) return Err(AvStatus(rc, "allocating the scaled picture"));
  }
  const int rc = av_frame_make_writable(scaled_.get());  // the encoder may still hold the last one
  if (rc < 0) return Err(AvStatus(rc, "allocating the scaled picture"));
  sws_scale(sws_.get(), in.data, in.linesize, 0, in.height, scaled_->data, scaled_->linesize);
  return scaled_.get();
}

Result<std::vector<Frame>> H264Encoder::Encode(const AVFrame& picture, int64_t pts_90k, bool force_key) {
  if (picture.width < 2 || picture.height < 2) return Err(InvalidArgument("the picture is empty"));
  Result<const AVFrame*> converted = Convert(picture);
  if (!converted) return Err(converted.error());
  // A reference to the picture's buffers, so that pts and pict_type can be set without
  // touching the caller's frame.
  Result<FramePtr> frame = NewFrame();
  if (!frame) return Err(frame.error());
  int rc = av_frame_ref(frame->get(), *converted);
  if (rc < 0) return Err(AvStatus(rc, "referencing the picture"));
  (*frame)->pts = pts_90k;
  (*frame)->pict_type = force_key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  rc = avcodec_send_frame(ctx_.get(), frame->get());
  if (rc < 0) return Err(AvStatus(rc, "encoding H.264"));
  return Receive();
}

Result<std::vector<Frame>> H264Encoder::Flush() {
  const int rc = avcodec_send_frame(ctx_.get(), nullptr);
  if (rc < 0 && rc != AVERROR_EOF) return Err(AvStatus(rc, "flushing the H.264 encoder"));
  return Receive();
}

Result<std::vector<Frame>> H264Encoder::Receive() {
  std::vector<Frame> out;
  for (;;) {
    const int rc = avcodec_receive_packet(ctx_.get(), packet_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return out;
    if (rc < 0) return Err(AvStatus(rc, "encoding H.264"));
    Frame f;
    f.timestamp_90k = packet_->pts;
    f.is_key = (packet_->flags & AV_PKT_FLAG_KEY) != 0;
    for (ByteSpan nal : SplitAnnexB(ByteSpan(packet_->data, static_cast<size_t>(packet_->size)))) {
      if (nal.empty()) continue;
      const uint8_t type = H264NalType(nal[0]);
      if (type == kSps || type == kPps || type == kAud) continue;  // in the avcC instead
      AppendLengthPrefixed(f.data, nal);
    }
    av_packet_unref(packet_.get());
    if (!f.data.empty()) out.push_back(std::move(f));
  }
}

}  // namespace custos::codec
