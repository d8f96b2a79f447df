#include "codec/still.h"

#include "codec/decoder.h"

namespace custos::codec {

Result<Bytes> StillJpeg(const VideoParams& params, std::span<const Bytes> samples, const JpegOptions& options) {
  Result<FramePtr> picture = StillPicture(params, samples);
  if (!picture) return Err(picture.error());
  return EncodeJpeg(**picture, options);
}

Result<FramePtr> StillPicture(const VideoParams& params, std::span<const Bytes> samples) {
  if (samples.empty()) return Err(InvalidArgument("no samples to decode"));
  Result<std::unique_ptr<VideoDecoder>> decoder = VideoDecoder::Open(params);
  if (!decoder) return Err(decoder.error());
  FramePtr last;
  Status first_error = Status::Ok();
  auto keep = [&](Result<std::vector<FramePtr>> frames) {
    if (!frames) {
      if (first_error.ok()) first_error = frames.error();
      return;
    }
    for (FramePtr& f : *frames) last = std::move(f);
  };
  for (size_t i = 0; i < samples.size(); ++i) keep((*decoder)->Decode(samples[i], static_cast<int64_t>(i)));
  keep((*decoder)->Flush());
  if (!last) {
    Status why = first_error.ok() ? DataLoss("no picture decoded") : first_error;
    return Err(why.With("decoding " + std::to_string(samples.size()) + " samples from the key frame"));
  }
  return last;
}

}  // namespace custos::codec
