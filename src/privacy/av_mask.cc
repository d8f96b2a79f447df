#include "privacy/av_mask.h"

namespace custos::privacy {

namespace {

bool Is420(int format) { return format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P; }

Result<codec::FramePtr> To420(const AVFrame& in) {
  codec::SwsPtr sws(sws_getContext(in.width, in.height, static_cast<AVPixelFormat>(in.format), in.width, in.height,
                                   AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!sws) return Err(Internal("swscale cannot convert pixel format " + std::to_string(in.format) + " to yuv420p"));
  Result<codec::FramePtr> out = codec::NewFrame();
  if (!out) return Err(out.error());
  (*out)->format = AV_PIX_FMT_YUV420P;
  (*out)->width = in.width;
  (*out)->height = in.height;
  int rc = av_frame_get_buffer(out->get(), 0);
  if (rc < 0) return Err(codec::AvStatus(rc, "allocating the picture to mask"));
  rc = av_frame_copy_props(out->get(), &in);
  if (rc < 0) return Err(codec::AvStatus(rc, "copying the picture's properties"));
  sws_scale(sws.get(), in.data, in.linesize, 0, in.height, (*out)->data, (*out)->linesize);
  return out;
}

PlaneView View(AVFrame& f, int plane, int width, int height) {
  return PlaneView{f.data[plane], width, height, f.linesize[plane]};
}

}  // namespace

Status MaskPicture(codec::FramePtr& picture, const Masker& masker) {
  if (!masker.has_zones()) return Status::Ok();
  if (!picture || picture->width < 1 || picture->height < 1) return InvalidArgument("no picture to mask");
  if (!Is420(picture->format)) {
    Result<codec::FramePtr> converted = To420(*picture);
    if (!converted) return converted.error();
    picture = std::move(*converted);
  } else {
    const int rc = av_frame_make_writable(picture.get());
    if (rc < 0) return codec::AvStatus(rc, "copying the picture to mask");
  }
  AVFrame& f = *picture;
  const int cw = (f.width + 1) / 2, ch = (f.height + 1) / 2;
  masker.FillZones(View(f, 0, f.width, f.height), View(f, 1, cw, ch), View(f, 2, cw, ch));
  return Status::Ok();
}

Result<Bytes> MaskedStillJpeg(const VideoParams& params, std::span<const Bytes> samples,
                              const std::vector<PrivacyZone>& zones, const codec::JpegOptions& options) {
  Result<codec::FramePtr> picture = codec::StillPicture(params, samples);
  if (!picture) return Err(picture.error());
  Status masked = MaskPicture(*picture, Masker(zones));
  if (!masked.ok()) return Err(masked.With("masking the privacy zones"));
  return codec::EncodeJpeg(**picture, options);
}

}  // namespace custos::privacy
