#include "mp4/fragment_parser.h"

#include <limits>
#include <string>

#include "mp4/box.h"
#include "mp4/box_reader.h"

namespace custos::mp4 {
namespace {

constexpr uint32_t kTfhdBaseDataOffset = 0x000001;
constexpr uint32_t kTfhdSampleDescriptionIndex = 0x000002;
constexpr uint32_t kTfhdDefaultDuration = 0x000008;
constexpr uint32_t kTfhdDefaultSize = 0x000010;
constexpr uint32_t kTfhdDefaultFlags = 0x000020;

constexpr uint32_t kTrunDataOffset = 0x000001;
constexpr uint32_t kTrunFirstSampleFlags = 0x000004;
constexpr uint32_t kTrunDuration = 0x000100;
constexpr uint32_t kTrunSize = 0x000200;
constexpr uint32_t kTrunFlags = 0x000400;
constexpr uint32_t kTrunCompositionOffset = 0x000800;

struct Tfhd {
  bool has_base_data_offset = false;
  uint64_t base_data_offset = 0;
  TrackDefaults defaults;
};

Result<Tfhd> ParseTfhd(ByteSpan payload, const TrackDefaults& trex) {
  ByteReader r(payload);
  uint8_t version = 0;
  uint32_t flags = 0, track_id = 0;
  Tfhd t;
  t.defaults = trex;
  bool ok = ReadFullBoxHeader(r, version, flags) && r.ReadU32(track_id);
  t.has_base_data_offset = flags & kTfhdBaseDataOffset;
  if (ok && t.has_base_data_offset) ok = r.ReadU64(t.base_data_offset);
  if (ok && (flags & kTfhdSampleDescriptionIndex)) ok = r.ReadU32(t.defaults.sample_description_index);
  if (ok && (flags & kTfhdDefaultDuration)) ok = r.ReadU32(t.defaults.sample_duration_90k);
  if (ok && (flags & kTfhdDefaultSize)) ok = r.ReadU32(t.defaults.sample_size_bytes);
  if (ok && (flags & kTfhdDefaultFlags)) ok = r.ReadU32(t.defaults.sample_flags);
  if (!ok) return Err(DataLoss("tfhd is truncated"));
  if (track_id != trex.track_id) {
    return Err(DataLoss("tfhd names track " + std::to_string(track_id) + ", not the file's track " +
                        std::to_string(trex.track_id)));
  }
  if (t.defaults.sample_description_index != 1) {
    return Err(DataLoss("tfhd names sample description " + std::to_string(t.defaults.sample_description_index)));
  }
  return t;
}

Result<int64_t> ParseTfdt(ByteSpan payload) {
  ByteReader r(payload);
  uint8_t version = 0;
  uint32_t flags = 0, time32 = 0;
  uint64_t time = 0;
  bool ok = ReadFullBoxHeader(r, version, flags) && (version == 1 ? r.ReadU64(time) : r.ReadU32(time32));
  if (!ok) return Err(DataLoss("tfdt is truncated"));
  if (version != 1) time = time32;
  if (time >= static_cast<uint64_t>(kMaxDecodeTime90k)) {
    return Err(DataLoss("tfdt base media decode time " + std::to_string(time) + " is out of range"));
  }
  return static_cast<int64_t>(time);
}

// data_offset = base + signed offset, checked against wrap-around.
Result<uint64_t> AddOffset(uint64_t base, int32_t offset) {
  if (offset < 0 && base < static_cast<uint64_t>(-int64_t{offset})) {
    return Err(DataLoss("trun data offset points before the start of the file"));
  }
  if (offset > 0 && base > std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(offset)) {
    return Err(DataLoss("trun data offset overflows"));
  }
  return base + static_cast<uint64_t>(int64_t{offset});
}

Status ReadSamples(ByteReader& r, uint8_t version, uint32_t flags, uint32_t count, uint32_t first_flags,
                   const TrackDefaults& d, std::vector<SampleInfo>& out) {
  size_t per_sample = 4 * (!!(flags & kTrunDuration) + !!(flags & kTrunSize) + !!(flags & kTrunFlags) +
                           !!(flags & kTrunCompositionOffset));
  if (r.remaining() < size_t{count} * per_sample) {
    return DataLoss("trun declares " + std::to_string(count) + " samples but holds " +
                    std::to_string(r.remaining()) + " bytes of sample fields");
  }
  out.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    SampleInfo& s = out[i];
    uint32_t sample_flags = (i == 0 && (flags & kTrunFirstSampleFlags)) ? first_flags : d.sample_flags;
    uint32_t cto = 0;
    s.duration_90k = d.sample_duration_90k;
    s.size_bytes = d.sample_size_bytes;
    if (flags & kTrunDuration) r.ReadU32(s.duration_90k);
    if (flags & kTrunSize) r.ReadU32(s.size_bytes);
    if (flags & kTrunFlags) r.ReadU32(sample_flags);
    if (flags & kTrunCompositionOffset) r.ReadU32(cto);
    // Every access unit has bytes; requiring it also bounds memory by the file's size.
    if (s.size_bytes == 0) return DataLoss("trun sample " + std::to_string(i) + " is empty");
    if (version == 0 && cto > static_cast<uint32_t>(std::numeric_limits<int32_t>::max())) {
      return DataLoss("trun sample " + std::to_string(i) + " has composition offset " + std::to_string(cto));
    }
    s.composition_offset_90k = static_cast<int32_t>(cto);
    s.is_key = !(sample_flags & kSampleIsNonSyncBit);
  }
  return Status::Ok();
}

Status ParseTrun(ByteSpan payload, const Tfhd& tfhd, uint64_t moof_offset, ParsedMoof& out) {
  ByteReader r(payload);
  uint8_t version = 0;
  uint32_t flags = 0, count = 0, offset = 0, first_flags = 0;
  bool ok = ReadFullBoxHeader(r, version, flags) && r.ReadU32(count);
  if (ok && (flags & kTrunDataOffset)) ok = r.ReadU32(offset);
  if (ok && (flags & kTrunFirstSampleFlags)) ok = r.ReadU32(first_flags);
  if (!ok) return DataLoss("trun is truncated");
  if (count == 0) return DataLoss("trun has no samples");
  if (count > kMaxSamplesPerFragment) {
    return DataLoss("trun has " + std::to_string(count) + " samples, over the limit of " +
                    std::to_string(kMaxSamplesPerFragment));
  }
  // Without a base data offset, the first trun's data starts from the moof's first byte.
  Result<uint64_t> data = AddOffset(tfhd.has_base_data_offset ? tfhd.base_data_offset : moof_offset,
                                    static_cast<int32_t>(offset));
  if (!data) return data.error();
  out.data_offset = *data;
  return ReadSamples(r, version, flags, count, first_flags, tfhd.defaults, out.samples);
}

// Finds the only child of `type`; DataLoss if there is none or more than one.
Result<ByteSpan> OnlyChild(ByteSpan payload, uint32_t type, std::string_view where) {
  ChildBoxes it(payload);
  Box box;
  int found = 0;
  ByteSpan child;
  while (it.Next(box)) {
    if (box.type == type && ++found == 1) child = box.payload;
  }
  if (!it.status().ok()) return Err(it.status().With("in '" + std::string(where) + "'"));
  if (found != 1) {
    return Err(DataLoss(std::string(where) + " has " + std::to_string(found) + " '" + FourCCToString(type) +
                        "' boxes; expected one"));
  }
  return child;
}

Status ParseTraf(ByteSpan traf, uint64_t moof_offset, const TrackDefaults& trex, ParsedMoof& out) {
  Result<ByteSpan> tfhd_box = OnlyChild(traf, FourCC("tfhd"), "traf");
  if (!tfhd_box) return tfhd_box.error();
  Result<Tfhd> tfhd = ParseTfhd(*tfhd_box, trex);
  if (!tfhd) return tfhd.error();
  Result<ByteSpan> tfdt_box = OnlyChild(traf, FourCC("tfdt"), "traf");
  if (!tfdt_box) return tfdt_box.error();
  Result<int64_t> base = ParseTfdt(*tfdt_box);
  if (!base) return base.error();
  out.base_media_decode_time_90k = *base;
  Result<ByteSpan> trun = OnlyChild(traf, FourCC("trun"), "traf");
  if (!trun) return trun.error();
  return ParseTrun(*trun, *tfhd, moof_offset, out);
}

}  // namespace

Result<ParsedPrft> ParsePrft(ByteSpan payload) {
  ByteReader r(payload);
  uint8_t version = 0;
  uint32_t flags = 0, media_time32 = 0;
  uint64_t ntp = 0;
  ParsedPrft p;
  bool ok = ReadFullBoxHeader(r, version, flags) && r.ReadU32(p.reference_track_id) && r.ReadU64(ntp) &&
            (version == 1 ? r.ReadU64(p.media_time_90k) : r.ReadU32(media_time32));
  if (!ok) return Err(DataLoss("prft is truncated"));
  if (version != 1) p.media_time_90k = media_time32;
  p.wall_time = Ntp64ToWallTime(ntp);
  return p;
}

Result<ParsedMoof> ParseMoof(ByteSpan payload, uint64_t moof_offset, const TrackDefaults& defaults) {
  ParsedMoof out;
  Result<ByteSpan> mfhd = OnlyChild(payload, FourCC("mfhd"), "moof");
  if (!mfhd) return Err(mfhd.error());
  ByteReader r(*mfhd);
  uint8_t version = 0;
  uint32_t flags = 0;
  if (!ReadFullBoxHeader(r, version, flags) || !r.ReadU32(out.sequence_number)) {
    return Err(DataLoss("mfhd is truncated"));
  }
  Result<ByteSpan> traf = OnlyChild(payload, FourCC("traf"), "moof");
  if (!traf) return Err(traf.error());
  Status s = ParseTraf(*traf, moof_offset, defaults, out);
  if (!s.ok()) return Err(s);
  return out;
}

}  // namespace custos::mp4
