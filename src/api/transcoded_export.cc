#include "api/transcoded_export.h"

#include <deque>

#include "api/export_reader.h"
#include "codec/decoder.h"
#include "codec/h264_encoder.h"
#include "mp4/box.h"
#include "mp4/box_reader.h"
#include "mp4/fragment.h"
#include "mp4/fragment_parser.h"
#include "mp4/init_parser.h"
#include "mp4/init_segment.h"
#include "privacy/av_mask.h"

namespace custos::api {

namespace {

constexpr uint32_t Fourcc(const char (&s)[5]) {
  return (uint32_t{static_cast<uint8_t>(s[0])} << 24) | (uint32_t{static_cast<uint8_t>(s[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(s[2])} << 8) | static_cast<uint8_t>(s[3]);
}

struct Encoded {
  Frame frame;
  uint32_t source_duration_90k = 0;
};

}  // namespace

struct TranscodedExport::State {
  std::shared_ptr<const mp4::ExportPlan> plan;
  uint64_t next_read = 0;  // output offset of the plan read so far
  Bytes buf;               // unread bytes, starting at output offset buf_offset
  uint64_t buf_offset = 0;
  mp4::TrackDefaults defaults;
  std::unique_ptr<codec::VideoDecoder> decoder;
  std::unique_ptr<codec::H264Encoder> encoder;
  std::optional<privacy::Masker> masker;  // the zones filled in every picture
  bool init_sent = false, flushed = false;
  uint32_t sequence = 0;
  std::deque<Encoded> pending;                 // encoded, not yet in a fragment
  std::deque<std::pair<int64_t, mp4::SampleInfo>> sources;  // decoded-not-yet-output: pts, sample

  // Makes the box at buf's start complete in buf; false at the end of the plan.
  Result<bool> NextBox(mp4::BoxHeader& h) {
    for (;;) {
      Status error;
      if (mp4::ParseBoxHeader(buf, h, error) && h.size_bytes != 0 && buf.size() >= h.size_bytes) return true;
      if (!error.ok()) return Err(error);
      if (next_read >= plan->total_bytes) {
        if (buf.empty()) return false;
        return Err(DataLoss("the export ends inside a box"));
      }
      const uint64_t end = std::min(plan->total_bytes, next_read + kExportChunkBytes);
      auto bytes = ReadExportBytes(*plan, next_read, end);
      if (!bytes) return Err(bytes.error());
      buf.insert(buf.end(), bytes->begin(), bytes->end());
      next_read = end;
    }
  }
  void Consume(uint64_t n) {
    buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    buf_offset += n;
  }

  Status Encode(codec::FramePtr& decoded) {
    CUSTOS_RETURN_IF_ERROR(privacy::MaskPicture(decoded, *masker));
    const AVFrame& picture = *decoded;
    const int64_t pts = picture.best_effort_timestamp != AV_NOPTS_VALUE ? picture.best_effort_timestamp : picture.pts;
    mp4::SampleInfo source{};
    while (!sources.empty() && sources.front().first <= pts) {
      if (sources.front().first == pts) source = sources.front().second;
      sources.pop_front();
    }
    if (!encoder) {
      auto e = codec::H264Encoder::Open({.width = picture.width & ~1, .height = picture.height & ~1,
                                         .preset = "veryfast", .zero_latency = true});
      if (!e) return e.error();
      encoder = std::move(*e);
    }
    auto frames = encoder->Encode(picture, pts, source.is_key);
    if (!frames) return frames.error();
    for (Frame& f : *frames) pending.push_back(Encoded{std::move(f), source.duration_90k});
    return Status::Ok();
  }

  Status Decode(const mp4::ParsedMoof& moof, ByteSpan mdat_payload, uint64_t mdat_payload_offset) {
    if (moof.data_offset < mdat_payload_offset) return DataLoss("a fragment's samples start before its mdat");
    uint64_t at = moof.data_offset - mdat_payload_offset;
    int64_t dts = moof.base_media_decode_time_90k;
    for (const mp4::SampleInfo& s : moof.samples) {
      if (at + s.size_bytes > mdat_payload.size()) return DataLoss("a sample runs past its mdat");
      const int64_t pts = dts + s.composition_offset_90k;
      sources.emplace_back(pts, s);
      auto pictures = decoder->Decode(mdat_payload.subspan(at, s.size_bytes), pts);
      if (!pictures) return pictures.error().With("decoding the recording");
      for (codec::FramePtr& p : *pictures) CUSTOS_RETURN_IF_ERROR(Encode(p));
      at += s.size_bytes;
      dts += s.duration_90k;
    }
    return Status::Ok();
  }

  // A fragment of the pending frames, keeping the last `keep` (their durations are not
  // known yet); nullopt when there is nothing to emit.
  Result<std::optional<Bytes>> Fragment(size_t keep) {
    if (pending.size() <= keep) return std::optional<Bytes>();
    const size_t n = pending.size() - keep;
    std::vector<mp4::SampleInfo> samples;
    uint64_t bytes = 0;
    for (size_t i = 0; i < n; ++i) {
      const Frame& f = pending[i].frame;
      const int64_t step = i + 1 < pending.size() ? pending[i + 1].frame.timestamp_90k - f.timestamp_90k
                                                  : pending[i].source_duration_90k;
      samples.push_back({static_cast<uint32_t>(std::max<int64_t>(step, 1)), static_cast<uint32_t>(f.data.size()),
                         f.is_key, 0});
      bytes += f.data.size();
    }
    auto header = mp4::BuildFragmentHeader(++sequence, pending.front().frame.timestamp_90k, std::nullopt, samples, bytes);
    if (!header) return Err(header.error());
    Bytes out = std::move(*header);
    for (size_t i = 0; i < n; ++i) {
      out.insert(out.end(), pending.front().frame.data.begin(), pending.front().frame.data.end());
      pending.pop_front();
    }
    return std::optional<Bytes>(std::move(out));
  }

  Result<std::optional<Bytes>> Init() {
    // Encoding the first fragment opens the encoder (its size is the decoded picture's).
    while (!encoder) {
      auto more = Step();
      if (!more) return Err(more.error());
      if (!*more) return Err(DataLoss("the export holds no picture that decodes"));
    }
    mp4::InitSegmentOptions o;
    o.duration_90k = plan->duration_90k;
    o.edit_media_time_90k = plan->edit_media_time_90k;
    auto init = mp4::BuildInitSegment(encoder->params(), o);
    if (!init) return Err(init.error());
    init_sent = true;
    return std::optional<Bytes>(std::move(*init));
  }

  // Reads and transcodes the next box of the source; false at its end.
  Result<bool> Step() {
    mp4::BoxHeader h;
    auto got = NextBox(h);
    if (!got) return Err(got.error());
    if (!*got) return false;
    const ByteSpan payload = ByteSpan(buf).subspan(h.header_bytes, h.size_bytes - h.header_bytes);
    if (h.type == Fourcc("moov")) {
      auto init = mp4::ParseMoov(payload);
      if (!init) return Err(init.error());
      defaults = init->defaults;
      auto d = codec::VideoDecoder::Open(init->params);
      if (!d) return Err(d.error());
      decoder = std::move(*d);
      Consume(h.size_bytes);
      return true;
    }
    if (h.type != Fourcc("moof")) {  // ftyp, prft, a stray mdat: nothing to decode
      Consume(h.size_bytes);
      return true;
    }
    if (!decoder) return Err(DataLoss("the export has a fragment before its moov"));
    auto moof = mp4::ParseMoof(payload, buf_offset, defaults);
    if (!moof) return Err(moof.error());
    const uint64_t moof_bytes = h.size_bytes;
    Consume(moof_bytes);
    mp4::BoxHeader m;
    auto mdat = NextBox(m);
    if (!mdat) return Err(mdat.error());
    if (!*mdat || m.type != Fourcc("mdat")) return Err(DataLoss("a moof is not followed by its mdat"));
    const ByteSpan mdat_payload = ByteSpan(buf).subspan(m.header_bytes, m.size_bytes - m.header_bytes);
    Status st = Decode(*moof, mdat_payload, buf_offset + m.header_bytes);
    if (!st.ok()) return Err(st);
    Consume(m.size_bytes);
    return true;
  }

  Result<std::optional<Bytes>> Next() {
    if (!init_sent) return Init();
    while (!flushed) {
      if (auto f = Fragment(1); !f || *f) return f;
      auto more = Step();
      if (!more) return Err(more.error());
      if (*more) continue;
      flushed = true;
      auto rest = decoder->Flush();
      if (!rest) return Err(rest.error());
      for (codec::FramePtr& p : *rest) CUSTOS_RETURN_IF_ERROR(Encode(p));
      auto tail = encoder->Flush();
      if (!tail) return Err(tail.error());
      for (Frame& f : *tail) pending.push_back(Encoded{std::move(f), 0});
    }
    return Fragment(0);
  }
};

TranscodedExport::TranscodedExport(std::shared_ptr<const mp4::ExportPlan> plan,
                                   std::vector<privacy::PrivacyZone> zones)
    : s_(std::make_unique<State>()) {
  s_->plan = std::move(plan);
  s_->masker.emplace(std::move(zones));
}

TranscodedExport::~TranscodedExport() = default;

Result<std::optional<Bytes>> TranscodedExport::Next() { return s_->Next(); }

std::string TranscodedExport::codec_string() const {
  return s_->encoder ? s_->encoder->params().rfc6381_codec : std::string();
}

}  // namespace custos::api
