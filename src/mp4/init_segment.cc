#include "mp4/init_segment.h"

#include <algorithm>
#include <limits>
#include <string>

#include "mp4/box.h"
#include "mp4/box_writer.h"
#include "mp4/decoder_config.h"

namespace custos::mp4 {
namespace {

constexpr uint16_t kLanguageUnd = 0x55c4;  // "und", packed as three 5-bit letters
constexpr uint32_t kFixed16_16One = 0x00010000;

bool IsH264(const VideoParams& p) { return p.codec == VideoCodec::kH264; }

void WriteFtyp(ByteWriter& w, const VideoParams& p) {
  ScopedBox ftyp(w, FourCC("ftyp"));
  w.U32(FourCC("iso5"));  // major brand: fragmented files with default-base-is-moof
  w.U32(0);               // minor version
  for (uint32_t brand : {FourCC("isom"), FourCC("iso5"), FourCC("iso6"), FourCC("mp41")}) w.U32(brand);
  w.U32(IsH264(p) ? FourCC("avc1") : FourCC("hvc1"));
}

// Version 1 (64-bit times) only when the duration needs it, as most writers do.
uint8_t TimeVersion(int64_t duration_90k) {
  return duration_90k > std::numeric_limits<uint32_t>::max() ? 1 : 0;
}

// creation_time and modification_time (0: unknown, a fragmented file has no single one),
// then `middle` (timescale or track_ID + reserved), then the duration.
template <typename Middle>
void WriteTimes(ByteWriter& w, uint8_t version, int64_t duration_90k, Middle middle) {
  if (version == 1) {
    w.U64(0);
    w.U64(0);
    middle();
    w.U64(static_cast<uint64_t>(duration_90k));
  } else {
    w.U32(0);
    w.U32(0);
    middle();
    w.U32(static_cast<uint32_t>(duration_90k));
  }
}

void WriteUnityMatrix(ByteWriter& w) {
  for (uint32_t v : {kFixed16_16One, 0u, 0u, 0u, kFixed16_16One, 0u, 0u, 0u, 0x40000000u}) w.U32(v);
}

void WriteMvhd(ByteWriter& w, int64_t duration_90k) {
  uint8_t version = TimeVersion(duration_90k);
  ScopedBox mvhd(w, FourCC("mvhd"), version, 0);
  WriteTimes(w, version, duration_90k, [&] { w.U32(kTimescale90k); });
  w.U32(kFixed16_16One);  // rate 1.0
  w.U16(0x0100);          // volume 1.0
  w.Zeros(2 + 8);         // reserved
  WriteUnityMatrix(w);
  w.Zeros(24);            // pre_defined
  w.U32(kTrackId + 1);    // next_track_ID
}

void WriteTkhd(ByteWriter& w, const VideoParams& p, const InitSegmentOptions& o) {
  const int64_t presented_90k = o.duration_90k - o.edit_media_time_90k;
  uint8_t version = TimeVersion(presented_90k);
  constexpr uint32_t kEnabledInMovie = 0x000003;
  ScopedBox tkhd(w, FourCC("tkhd"), version, kEnabledInMovie);
  WriteTimes(w, version, presented_90k, [&] {
    w.U32(kTrackId);
    w.U32(0);  // reserved
  });
  w.Zeros(8);      // reserved
  w.U16(0);        // layer
  w.U16(0);        // alternate_group
  w.U16(0);        // volume: 0 for video
  w.U16(0);        // reserved
  WriteUnityMatrix(w);
  // Display size in 16.16 fixed point: the width is stretched by the pixel aspect ratio.
  uint64_t width_16_16 = uint64_t{p.width} << 16;
  if (o.pixel_aspect_h_spacing != 0) {
    width_16_16 = width_16_16 * o.pixel_aspect_h_spacing / o.pixel_aspect_v_spacing;
  }
  w.U32(static_cast<uint32_t>(width_16_16));
  w.U32(uint32_t{p.height} << 16);
}

// One edit: present the media from media_time on, at rate 1, for the rest of its length.
// Version 1 only when a field needs 64 bits, as for mvhd.
void WriteEdts(ByteWriter& w, const InitSegmentOptions& o) {
  const int64_t presented_90k = o.duration_90k - o.edit_media_time_90k;
  const uint8_t version = TimeVersion(std::max(o.duration_90k, presented_90k));
  ScopedBox edts(w, FourCC("edts"));
  ScopedBox elst(w, FourCC("elst"), version, 0);
  w.U32(1);  // entry_count
  if (version == 1) {
    w.U64(static_cast<uint64_t>(presented_90k));   // segment_duration, movie timescale
    w.U64(static_cast<uint64_t>(o.edit_media_time_90k));  // media_time, media timescale
  } else {
    w.U32(static_cast<uint32_t>(presented_90k));
    w.U32(static_cast<uint32_t>(o.edit_media_time_90k));
  }
  w.U16(1);  // media_rate_integer
  w.U16(0);  // media_rate_fraction
}

void WriteMdhd(ByteWriter& w) {
  ScopedBox mdhd(w, FourCC("mdhd"), 0, 0);
  WriteTimes(w, 0, 0, [&] { w.U32(kTimescale90k); });  // samples are all in fragments
  w.U16(kLanguageUnd);
  w.U16(0);  // pre_defined
}

void WriteHdlr(ByteWriter& w) {
  ScopedBox hdlr(w, FourCC("hdlr"), 0, 0);
  w.U32(0);  // pre_defined
  w.U32(FourCC("vide"));
  w.Zeros(12);  // reserved
  w.Append(std::string_view("VideoHandler", sizeof "VideoHandler"));  // with its NUL
}

void WriteDinf(ByteWriter& w) {
  ScopedBox dinf(w, FourCC("dinf"));
  ScopedBox dref(w, FourCC("dref"), 0, 0);
  w.U32(1);  // entry_count
  constexpr uint32_t kSelfContained = 0x000001;
  ScopedBox url(w, FourCC("url "), 0, kSelfContained);
}

void WriteSampleEntry(ByteWriter& w, const VideoParams& p, const InitSegmentOptions& o) {
  ScopedBox entry(w, IsH264(p) ? FourCC("avc1") : FourCC("hvc1"));
  w.Zeros(6);           // reserved
  w.U16(1);             // data_reference_index
  w.Zeros(16);          // pre_defined, reserved
  w.U16(p.width);
  w.U16(p.height);
  w.U32(0x00480000);    // horizresolution 72 dpi
  w.U32(0x00480000);    // vertresolution 72 dpi
  w.U32(0);             // reserved
  w.U16(1);             // frame_count
  w.Zeros(32);          // compressorname: empty
  w.U16(0x0018);        // depth: colour, no alpha
  w.U16(0xffff);        // pre_defined = -1
  {
    ScopedBox config(w, IsH264(p) ? FourCC("avcC") : FourCC("hvcC"));
    w.Append(ByteSpan(p.decoder_config));
  }
  if (o.pixel_aspect_h_spacing != 0) {
    ScopedBox pasp(w, FourCC("pasp"));
    w.U32(o.pixel_aspect_h_spacing);
    w.U32(o.pixel_aspect_v_spacing);
  }
}

void WriteStbl(ByteWriter& w, const VideoParams& p, const InitSegmentOptions& o) {
  ScopedBox stbl(w, FourCC("stbl"));
  {
    ScopedBox stsd(w, FourCC("stsd"), 0, 0);
    w.U32(1);  // entry_count
    WriteSampleEntry(w, p, o);
  }
  for (uint32_t type : {FourCC("stts"), FourCC("stsc"), FourCC("stco")}) {
    ScopedBox empty(w, type, 0, 0);
    w.U32(0);  // entry_count
  }
  ScopedBox stsz(w, FourCC("stsz"), 0, 0);
  w.U32(0);  // sample_size: sizes given per sample
  w.U32(0);  // sample_count
}

void WriteTrak(ByteWriter& w, const VideoParams& p, const InitSegmentOptions& o) {
  ScopedBox trak(w, FourCC("trak"));
  WriteTkhd(w, p, o);
  if (o.edit_media_time_90k > 0) WriteEdts(w, o);
  ScopedBox mdia(w, FourCC("mdia"));
  WriteMdhd(w);
  WriteHdlr(w);
  ScopedBox minf(w, FourCC("minf"));
  {
    ScopedBox vmhd(w, FourCC("vmhd"), 0, 0x000001);  // flags 1, as the standard requires
    w.Zeros(8);  // graphicsmode copy, opcolor
  }
  WriteDinf(w);
  WriteStbl(w, p, o);
}

void WriteMvex(ByteWriter& w, int64_t duration_90k) {
  ScopedBox mvex(w, FourCC("mvex"));
  if (duration_90k > 0) {
    uint8_t version = TimeVersion(duration_90k);
    ScopedBox mehd(w, FourCC("mehd"), version, 0);
    if (version == 1) {
      w.U64(static_cast<uint64_t>(duration_90k));
    } else {
      w.U32(static_cast<uint32_t>(duration_90k));
    }
  }
  ScopedBox trex(w, FourCC("trex"), 0, 0);
  w.U32(kTrackId);
  w.U32(1);  // default_sample_description_index
  w.U32(0);  // default_sample_duration
  w.U32(0);  // default_sample_size
  w.U32(0);  // default_sample_flags
}

Status CheckOptions(const VideoParams& p, const InitSegmentOptions& o) {
  if (o.duration_90k < 0 || o.duration_90k >= kMaxDecodeTime90k) {
    return InvalidArgument("duration " + std::to_string(o.duration_90k) + " is out of range");
  }
  if (o.edit_media_time_90k < 0 || (o.edit_media_time_90k > 0 && o.edit_media_time_90k >= o.duration_90k)) {
    return InvalidArgument("edit list media time " + std::to_string(o.edit_media_time_90k) +
                           " must be 0 (none) or within the duration " + std::to_string(o.duration_90k));
  }
  bool has_h = o.pixel_aspect_h_spacing != 0, has_v = o.pixel_aspect_v_spacing != 0;
  if (has_h != has_v) return InvalidArgument("pixel aspect ratio needs both spacings or neither");
  // 16 bits each, as in the SPS's VUI; this also keeps the tkhd arithmetic in 64 bits.
  if (o.pixel_aspect_h_spacing > 0xffff || o.pixel_aspect_v_spacing > 0xffff) {
    return InvalidArgument("pixel aspect ratio spacings must fit in 16 bits");
  }
  if (has_h && (uint64_t{p.width} * o.pixel_aspect_h_spacing / o.pixel_aspect_v_spacing) > 0xffff) {
    return InvalidArgument("pixel aspect ratio makes the display width exceed 65535");
  }
  return Status::Ok();
}

}  // namespace

Status CheckVideoParams(const VideoParams& p) {
  if (p.decoder_config.empty()) return InvalidArgument("video params have no decoder configuration");
  if (p.decoder_config.size() > kMaxDecoderConfigBytes) {
    return InvalidArgument("decoder configuration of " + std::to_string(p.decoder_config.size()) +
                           " bytes exceeds the limit of " + std::to_string(kMaxDecoderConfigBytes));
  }
  if (p.width == 0 || p.height == 0) return InvalidArgument("video params have no width or height");
  VideoParams copy = p;  // the scanner must be able to read back what is written
  Status s = FillFromDecoderConfig(copy);
  if (!s.ok()) return InvalidArgument(s.message());
  return Status::Ok();
}

Result<Bytes> BuildInitSegment(const VideoParams& params, const InitSegmentOptions& options) {
  Status s = CheckVideoParams(params);
  if (s.ok()) s = CheckOptions(params, options);
  if (!s.ok()) return Err(s.With("building MP4 init segment"));
  Bytes out;
  out.reserve(700 + params.decoder_config.size());
  ByteWriter w(out);
  WriteFtyp(w, params);
  {
    ScopedBox moov(w, FourCC("moov"));  // closed before `out` is moved into the result
    const int64_t presented_90k = options.duration_90k - options.edit_media_time_90k;
    WriteMvhd(w, presented_90k);
    WriteTrak(w, params, options);
    WriteMvex(w, presented_90k);
  }
  return out;
}

}  // namespace custos::mp4
