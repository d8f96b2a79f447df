#include "codec/decoder.h"

#include <cstring>

namespace custos::codec {

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::Open(const VideoParams& params) {
  if (params.decoder_config.empty()) return Err(InvalidArgument("the video parameters have no avcC/hvcC record"));
  QuietFfmpegLogs();
  const AVCodecID id = params.codec == VideoCodec::kH264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC;
  const AVCodec* codec = avcodec_find_decoder(id);
  if (codec == nullptr) return Err(Internal(std::string("libavcodec has no ") + avcodec_get_name(id) + " decoder"));
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return Err(Internal("out of memory allocating a decoder"));
  const size_t n = params.decoder_config.size();
  ctx->extradata = static_cast<uint8_t*>(av_mallocz(n + AV_INPUT_BUFFER_PADDING_SIZE));
  if (ctx->extradata == nullptr) return Err(Internal("out of memory copying the decoder configuration"));
  std::memcpy(ctx->extradata, params.decoder_config.data(), n);
  ctx->extradata_size = static_cast<int>(n);
  ctx->time_base = AVRational{1, 90000};
  ctx->pkt_timebase = AVRational{1, 90000};
  ctx->thread_count = 1;  // callers run many decoders on few cores; frame threads add delay
  int rc = avcodec_open2(ctx.get(), codec, nullptr);
  if (rc < 0) return Err(AvStatus(rc, std::string("opening the ") + codec->name + " decoder"));
  Result<PacketPtr> packet = NewPacket();
  if (!packet) return Err(packet.error());
  return std::unique_ptr<VideoDecoder>(new VideoDecoder(std::move(ctx), std::move(*packet)));
}

Result<std::vector<FramePtr>> VideoDecoder::Receive() {
  std::vector<FramePtr> out;
  for (;;) {
    Result<FramePtr> frame = NewFrame();
    if (!frame) return Err(frame.error());
    int rc = avcodec_receive_frame(ctx_.get(), frame->get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return out;
    if (rc < 0) return Err(AvStatus(rc, "decoding"));
    out.push_back(std::move(*frame));
  }
}

Result<std::vector<FramePtr>> VideoDecoder::Decode(ByteSpan sample, int64_t pts_90k) {
  if (sample.empty()) return Err(InvalidArgument("an empty sample"));
  // libavcodec reads up to AV_INPUT_BUFFER_PADDING_SIZE bytes past the end: copy into a
  // padded packet rather than handing it the caller's buffer.
  int rc = av_new_packet(packet_.get(), static_cast<int>(sample.size()));
  if (rc < 0) return Err(AvStatus(rc, "allocating a packet"));
  std::memcpy(packet_->data, sample.data(), sample.size());
  packet_->pts = pts_90k;
  packet_->dts = AV_NOPTS_VALUE;
  rc = avcodec_send_packet(ctx_.get(), packet_.get());
  av_packet_unref(packet_.get());
  if (rc < 0 && rc != AVERROR(EAGAIN)) return Err(AvStatus(rc, "decoding a sample"));
  return Receive();
}

Result<std::vector<FramePtr>> VideoDecoder::Flush() {
  int rc = avcodec_send_packet(ctx_.get(), nullptr);
  if (rc < 0 && rc != AVERROR_EOF) return Err(AvStatus(rc, "flushing the decoder"));
  return Receive();
}

}  // namespace custos::codec
