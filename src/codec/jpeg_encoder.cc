#include "codec/jpeg_encoder.h"

#include <algorithm>
#include <string>

namespace custos::codec {

namespace {

Result<FramePtr> ToYuvj420p(const AVFrame& in, PictureSize size) {
  SwsPtr sws(sws_getContext(in.width, in.height, static_cast<AVPixelFormat>(in.format), size.width, size.height,
                            AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws) return Err(Internal("swscale cannot convert pixel format " + std::to_string(in.format) + " to yuvj420p"));
  // Full-range output; the input range as the decoder says (cameras use limited range).
  const int* coefficients = sws_getCoefficients(SWS_CS_DEFAULT);
  const int src_full = in.color_range == AVCOL_RANGE_JPEG ? 1 : 0;
  sws_setColorspaceDetails(sws.get(), coefficients, src_full, coefficients, 1, 0, 1 << 16, 1 << 16);
  Result<FramePtr> out = NewFrame();
  if (!out) return Err(out.error());
  AVFrame* o = out->get();
  o->format = AV_PIX_FMT_YUVJ420P;
  o->width = size.width;
  o->height = size.height;
  o->color_range = AVCOL_RANGE_JPEG;
  int rc = av_frame_get_buffer(o, 0);
  if (rc < 0) return Err(AvStatus(rc, "allocating the JPEG picture"));
  sws_scale(sws.get(), in.data, in.linesize, 0, in.height, o->data, o->linesize);
  return out;
}

Result<CodecContextPtr> OpenMjpeg(PictureSize size, int qscale) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return Err(Internal("libavcodec has no mjpeg encoder"));
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return Err(Internal("out of memory allocating the JPEG encoder"));
  ctx->width = size.width;
  ctx->height = size.height;
  ctx->pix_fmt = AV_PIX_FMT_YUVJ420P;
  ctx->color_range = AVCOL_RANGE_JPEG;
  ctx->time_base = AVRational{1, 25};
  ctx->flags |= AV_CODEC_FLAG_QSCALE;
  ctx->global_quality = FF_QP2LAMBDA * qscale;
  ctx->thread_count = 1;
  int rc = avcodec_open2(ctx.get(), codec, nullptr);
  if (rc < 0) return Err(AvStatus(rc, "opening the mjpeg encoder"));
  return ctx;
}

}  // namespace

PictureSize ScaledSize(int src_width, int src_height, int width) {
  if (width <= 0 || width >= src_width) width = src_width;
  width &= ~1;
  int height = static_cast<int>((int64_t{src_height} * width + src_width / 2) / src_width) & ~1;
  return {width, std::max(height, 2)};
}

Result<Bytes> EncodeJpeg(const AVFrame& picture, const JpegOptions& options) {
  if (picture.width < 2 || picture.height < 2) return Err(InvalidArgument("the picture is empty"));
  if (options.width != 0 && options.width < 16) return Err(InvalidArgument("width must be at least 16 pixels"));
  if (options.qscale < 2 || options.qscale > 31) return Err(InvalidArgument("qscale must be within 2..31"));
  const PictureSize size = ScaledSize(picture.width, picture.height, options.width);
  Result<FramePtr> yuv = ToYuvj420p(picture, size);
  if (!yuv) return Err(yuv.error());
  Result<CodecContextPtr> ctx = OpenMjpeg(size, options.qscale);
  if (!ctx) return Err(ctx.error());
  (*yuv)->quality = (*ctx)->global_quality;
  (*yuv)->pts = 0;
  int rc = avcodec_send_frame(ctx->get(), yuv->get());
  if (rc >= 0) rc = avcodec_send_frame(ctx->get(), nullptr);
  if (rc < 0) return Err(AvStatus(rc, "encoding JPEG"));
  Result<PacketPtr> packet = NewPacket();
  if (!packet) return Err(packet.error());
  rc = avcodec_receive_packet(ctx->get(), packet->get());
  if (rc < 0) return Err(AvStatus(rc, "encoding JPEG"));
  return Bytes((*packet)->data, (*packet)->data + (*packet)->size);
}

}  // namespace custos::codec
