#include "sim/clip.h"

#include <algorithm>
#include <memory>
#include <utility>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

#include "media/h264.h"
#include "media/h265.h"
#include "media/nal.h"
#include "media/packetizer.h"

namespace custos::sim {

namespace {

constexpr AVRational k90kHz = {1, 90000};
constexpr int64_t kFallbackFrameDuration90k = 3600;  // 25 fps, when nothing says better

struct FormatCloser {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;

struct PacketFreer {
  void operator()(AVPacket* pkt) const { av_packet_free(&pkt); }
};
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;

std::string AvErrorText(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof(buf));
  return buf;
}

Result<FormatPtr> OpenInput(const std::string& path) {
  AVFormatContext* raw = nullptr;
  int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (err < 0) {
    std::string msg = "cannot open clip '" + path + "': " + AvErrorText(err) + "; " + kMakeClipHint;
    return Err(err == AVERROR(ENOENT) ? NotFound(msg) : InvalidArgument(msg));
  }
  FormatPtr ctx(raw);
  err = avformat_find_stream_info(ctx.get(), nullptr);
  if (err < 0) {
    return Err(InvalidArgument("cannot read the streams of clip '" + path + "': " + AvErrorText(err)));
  }
  return ctx;
}

// Bytes of a parameter-set array entry list: u16 count then count × (u16 length, bytes).
bool ReadNalList(ByteReader& r, uint16_t count, Bytes& first) {
  for (uint16_t i = 0; i < count; ++i) {
    uint16_t n = 0;
    ByteSpan nal;
    if (!r.ReadU16(n) || !r.ReadSpan(n, nal)) return false;
    if (first.empty()) first.assign(nal.begin(), nal.end());
  }
  return true;
}

Result<DecoderConfig> ParseAvcC(ByteReader r) {
  DecoderConfig cfg;
  uint8_t version = 0, length_size = 0, sps_count = 0, pps_count = 0;
  if (!r.ReadU8(version) || version != 1 || !r.Skip(3) || !r.ReadU8(length_size) || !r.ReadU8(sps_count)) {
    return Err(InvalidArgument("avcC record truncated or not version 1"));
  }
  cfg.nal_length_bytes = (length_size & 3) + 1;
  if (!ReadNalList(r, sps_count & 0x1f, cfg.sps) || !r.ReadU8(pps_count) || !ReadNalList(r, pps_count, cfg.pps)) {
    return Err(InvalidArgument("avcC record truncated in its parameter sets"));
  }
  return cfg;
}

Result<DecoderConfig> ParseHvcC(ByteReader r) {
  DecoderConfig cfg;
  uint8_t version = 0, length_size = 0, arrays = 0;
  if (!r.ReadU8(version) || version != 1 || !r.Skip(20) || !r.ReadU8(length_size) || !r.ReadU8(arrays)) {
    return Err(InvalidArgument("hvcC record truncated or not version 1"));
  }
  cfg.nal_length_bytes = (length_size & 3) + 1;
  for (uint8_t i = 0; i < arrays; ++i) {
    uint8_t type_byte = 0;
    uint16_t count = 0;
    if (!r.ReadU8(type_byte) || !r.ReadU16(count)) return Err(InvalidArgument("hvcC array truncated"));
    const uint8_t type = type_byte & 0x3f;
    Bytes ignored;
    Bytes& dest = type == kH265NalVps ? cfg.vps : type == kH265NalSps ? cfg.sps : type == kH265NalPps ? cfg.pps : ignored;
    if (!ReadNalList(r, count, dest)) return Err(InvalidArgument("hvcC NAL unit list truncated"));
  }
  return cfg;
}

bool LooksAnnexB(ByteSpan data) {
  return (data.size() >= 3 && data[0] == 0 && data[1] == 0 && data[2] == 1) ||
         (data.size() >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 1);
}

enum class NalRole { kFrame, kVps, kSps, kPps, kDrop };

NalRole RoleOf(VideoCodec codec, ByteSpan nal) {
  if (codec == VideoCodec::kH264) {
    switch (H264NalType(nal[0])) {
      case kH264NalSps: return NalRole::kSps;
      case kH264NalPps: return NalRole::kPps;
      case kH264NalAud: return NalRole::kDrop;
      default: return NalRole::kFrame;
    }
  }
  if (nal.size() < 2) return NalRole::kDrop;
  switch (H265NalType(nal[0])) {
    case kH265NalVps: return NalRole::kVps;
    case kH265NalSps: return NalRole::kSps;
    case kH265NalPps: return NalRole::kPps;
    case kH265NalAud: return NalRole::kDrop;
    default: return NalRole::kFrame;
  }
}

// Sorts one NAL unit: parameter sets fill the clip's (first one wins), the rest go to
// the frame.
void TakeNal(ByteSpan nal, Clip& clip, ClipFrame& frame) {
  if (nal.empty()) return;
  auto keep_first = [&](Bytes& dest) {
    if (dest.empty()) dest.assign(nal.begin(), nal.end());
  };
  switch (RoleOf(clip.codec, nal)) {
    case NalRole::kFrame: frame.nals.emplace_back(nal.begin(), nal.end()); break;
    case NalRole::kVps: keep_first(clip.vps); break;
    case NalRole::kSps: keep_first(clip.sps); break;
    case NalRole::kPps: keep_first(clip.pps); break;
    case NalRole::kDrop: break;
  }
}

// How packets of this stream carry NAL units: `nal_length_bytes` > 0 for length prefixes,
// 0 for Annex B start codes.
Status TakeExtradata(const AVCodecParameters& par, Clip& clip, int& nal_length_bytes) {
  ByteSpan extra(par.extradata, static_cast<size_t>(par.extradata_size));
  nal_length_bytes = 0;
  if (extra.empty()) return Status::Ok();  // parameter sets must then come in-band
  if (LooksAnnexB(extra)) {
    ClipFrame ignored;
    for (ByteSpan nal : SplitAnnexB(extra)) TakeNal(nal, clip, ignored);
    return Status::Ok();
  }
  Result<DecoderConfig> cfg = ParseDecoderConfig(clip.codec, extra);
  if (!cfg) return cfg.error().With("reading the clip's codec configuration");
  if (cfg->nal_length_bytes != 4) {
    return Unimplemented("the clip uses " + std::to_string(cfg->nal_length_bytes) +
                         "-byte NAL lengths; re-encode it: " + kMakeClipHint);
  }
  clip.vps = std::move(cfg->vps);
  clip.sps = std::move(cfg->sps);
  clip.pps = std::move(cfg->pps);
  nal_length_bytes = 4;
  return Status::Ok();
}

struct StreamReader {
  AVStream* stream = nullptr;
  int nal_length_bytes = 0;
  int64_t default_duration_90k = kFallbackFrameDuration90k;
  int64_t last_dts_90k = AV_NOPTS_VALUE;
  int64_t last_duration_90k = kFallbackFrameDuration90k;
};

Status AddPacket(StreamReader& s, const AVPacket& pkt, Clip& clip) {
  ByteSpan data(pkt.data, static_cast<size_t>(pkt.size));
  ClipFrame frame;
  frame.is_key = (pkt.flags & AV_PKT_FLAG_KEY) != 0;
  if (s.nal_length_bytes == 0) {
    for (ByteSpan nal : SplitAnnexB(data)) TakeNal(nal, clip, frame);
  } else {
    Result<std::vector<ByteSpan>> nals = SplitLengthPrefixed(data);
    if (!nals) return nals.error().With("frame " + std::to_string(clip.frames.size()) + " of the clip");
    for (ByteSpan nal : *nals) TakeNal(nal, clip, frame);
  }
  const AVRational tb = s.stream->time_base;
  const int64_t duration_90k = pkt.duration > 0 ? av_rescale_q(pkt.duration, tb, k90kHz) : s.default_duration_90k;
  int64_t dts_90k = pkt.dts != AV_NOPTS_VALUE ? av_rescale_q(pkt.dts, tb, k90kHz)
                    : s.last_dts_90k != AV_NOPTS_VALUE ? s.last_dts_90k + s.last_duration_90k
                                                       : 0;
  if (s.last_dts_90k != AV_NOPTS_VALUE && dts_90k < s.last_dts_90k) dts_90k = s.last_dts_90k;
  const int64_t pts_90k = pkt.pts != AV_NOPTS_VALUE ? av_rescale_q(pkt.pts, tb, k90kHz) : dts_90k;
  s.last_dts_90k = dts_90k;
  s.last_duration_90k = duration_90k;
  if (frame.nals.empty()) return Status::Ok();  // only parameter sets or delimiters
  if (clip.frames.empty() && !frame.is_key) return Status::Ok();  // undecodable lead-in
  frame.dts_90k = dts_90k;
  frame.pts_90k = std::max(pts_90k, dts_90k);
  clip.frames.push_back(std::move(frame));
  return Status::Ok();
}

// Moves the time origin to the first frame's dts and sets the loop period.
void Normalize(const StreamReader& s, Clip& clip) {
  const int64_t origin_90k = clip.frames.front().dts_90k;
  for (ClipFrame& f : clip.frames) {
    f.dts_90k -= origin_90k;
    f.pts_90k -= origin_90k;
  }
  clip.duration_90k = clip.frames.back().dts_90k + std::max<int64_t>(s.last_duration_90k, 1);
}

Status CheckComplete(const std::string& path, const Clip& clip) {
  if (clip.frames.empty()) {
    return FailedPrecondition("clip '" + path + "' has no key frame in its video stream; " + kMakeClipHint);
  }
  const bool missing = clip.sps.empty() || clip.pps.empty() || (clip.codec == VideoCodec::kH265 && clip.vps.empty());
  if (missing) {
    return FailedPrecondition("clip '" + path + "' lacks its parameter sets (SPS/PPS" +
                              std::string(clip.codec == VideoCodec::kH265 ? "/VPS" : "") + "); " + kMakeClipHint);
  }
  return Status::Ok();
}

Result<StreamReader> SelectVideo(AVFormatContext& ctx, const std::string& path, Clip& clip) {
  const int index = av_find_best_stream(&ctx, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return Err(InvalidArgument("clip '" + path + "' has no video stream; " + kMakeClipHint));
  StreamReader s;
  s.stream = ctx.streams[index];
  const AVCodecParameters& par = *s.stream->codecpar;
  if (par.codec_id == AV_CODEC_ID_H264) {
    clip.codec = VideoCodec::kH264;
  } else if (par.codec_id == AV_CODEC_ID_HEVC) {
    clip.codec = VideoCodec::kH265;
  } else {
    return Err(Unimplemented("clip '" + path + "' has video codec '" + avcodec_get_name(par.codec_id) +
                             "'; the simulator serves H.264 or H.265: re-encode with ffmpeg -i IN -c:v libx264 "
                             "-g 50 OUT.mp4"));
  }
  clip.width = static_cast<uint16_t>(par.width);
  clip.height = static_cast<uint16_t>(par.height);
  const AVRational rate = s.stream->avg_frame_rate;
  if (rate.num > 0 && rate.den > 0) s.default_duration_90k = std::max<int64_t>(1, av_rescale_q(1, av_inv_q(rate), k90kHz));
  s.last_duration_90k = s.default_duration_90k;
  Status st = TakeExtradata(par, clip, s.nal_length_bytes);
  if (!st.ok()) return Err(st.With("clip '" + path + "'"));
  return s;
}

}  // namespace

Result<DecoderConfig> ParseDecoderConfig(VideoCodec codec, ByteSpan record) {
  return codec == VideoCodec::kH264 ? ParseAvcC(ByteReader(record)) : ParseHvcC(ByteReader(record));
}

Result<Clip> LoadClip(const std::string& path) {
  Result<FormatPtr> ctx = OpenInput(path);
  if (!ctx) return Err(ctx.error());
  Clip clip;
  Result<StreamReader> reader = SelectVideo(**ctx, path, clip);
  if (!reader) return Err(reader.error());
  PacketPtr pkt(av_packet_alloc());
  if (!pkt) return Err(ResourceExhausted("out of memory allocating a packet"));
  for (;;) {
    const int err = av_read_frame(ctx->get(), pkt.get());
    if (err == AVERROR_EOF) break;
    if (err < 0) return Err(DataLoss("reading clip '" + path + "': " + AvErrorText(err)));
    Status st = Status::Ok();
    if (pkt->stream_index == reader->stream->index) st = AddPacket(*reader, *pkt, clip);
    av_packet_unref(pkt.get());
    if (!st.ok()) return Err(st.With("clip '" + path + "'"));
  }
  if (Status st = CheckComplete(path, clip); !st.ok()) return Err(st);
  Normalize(*reader, clip);
  return clip;
}

}  // namespace custos::sim
