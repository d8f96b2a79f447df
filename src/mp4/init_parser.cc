#include "mp4/init_parser.h"

#include <initializer_list>
#include <string>

#include "mp4/box.h"
#include "mp4/box_reader.h"
#include "mp4/decoder_config.h"
#include "mp4/init_segment.h"

namespace custos::mp4 {
namespace {

// VisualSampleEntry fields before its child boxes (ISO/IEC 14496-12 12.1.3).
constexpr size_t kVisualSampleEntryBytes = 78;
constexpr size_t kVisualSampleEntryWidthAt = 24;

// Follows a path of single children: FindChild(FindChild(p, a), b)...
Result<ByteSpan> FindPath(ByteSpan payload, std::string where, std::initializer_list<uint32_t> path) {
  for (uint32_t type : path) {
    Result<ByteSpan> child = FindChild(payload, type);
    if (!child) return Err(child.error().With("in '" + where + "'"));
    payload = *child;
    where += "/" + FourCCToString(type);
  }
  return payload;
}

Result<ByteSpan> OnlyTrak(ByteSpan moov) {
  ChildBoxes it(moov);
  Box box;
  int traks = 0;
  ByteSpan trak;
  while (it.Next(box)) {
    if (box.type == FourCC("trak") && ++traks == 1) trak = box.payload;
  }
  if (!it.status().ok()) return Err(it.status().With("in 'moov'"));
  if (traks != 1) return Err(DataLoss("moov has " + std::to_string(traks) + " tracks; expected one video track"));
  return trak;
}

Result<uint32_t> ParseTkhdTrackId(ByteSpan tkhd) {
  ByteReader r(tkhd);
  uint8_t version = 0;
  uint32_t flags = 0, track_id = 0;
  if (!ReadFullBoxHeader(r, version, flags) || !r.Skip(version == 1 ? 16 : 8) || !r.ReadU32(track_id)) {
    return Err(DataLoss("tkhd is truncated"));
  }
  if (track_id == 0) return Err(DataLoss("tkhd has track_ID 0"));
  return track_id;
}

Status CheckMdia(ByteSpan mdia) {
  Result<ByteSpan> mdhd = FindChild(mdia, FourCC("mdhd"));
  Result<ByteSpan> hdlr = FindChild(mdia, FourCC("hdlr"));
  if (!mdhd) return mdhd.error().With("in 'mdia'");
  if (!hdlr) return hdlr.error().With("in 'mdia'");
  ByteReader r(*mdhd);
  uint8_t version = 0;
  uint32_t flags = 0, timescale = 0, handler = 0;
  if (!ReadFullBoxHeader(r, version, flags) || !r.Skip(version == 1 ? 16 : 8) || !r.ReadU32(timescale)) {
    return DataLoss("mdhd is truncated");
  }
  if (timescale != kTimescale90k) return DataLoss("track timescale is " + std::to_string(timescale) + ", not 90000");
  ByteReader h(*hdlr);
  if (!ReadFullBoxHeader(h, version, flags) || !h.Skip(4) || !h.ReadU32(handler)) return DataLoss("hdlr is truncated");
  if (handler != FourCC("vide")) return DataLoss("track handler is '" + FourCCToString(handler) + "', not 'vide'");
  return Status::Ok();
}

Status ParseSampleEntry(ByteSpan stsd, VideoParams& params) {
  ByteReader r(stsd);
  uint8_t version = 0;
  uint32_t flags = 0, entry_count = 0;
  if (!ReadFullBoxHeader(r, version, flags) || !r.ReadU32(entry_count)) return DataLoss("stsd is truncated");
  if (entry_count != 1) return DataLoss("stsd has " + std::to_string(entry_count) + " entries; expected 1");
  ChildBoxes entries(r.rest());
  Box entry;
  if (!entries.Next(entry)) return DataLoss("stsd entry is missing or malformed");
  uint32_t config_type = 0;
  if (entry.type == FourCC("avc1")) {
    params.codec = VideoCodec::kH264;
    config_type = FourCC("avcC");
  } else if (entry.type == FourCC("hvc1")) {
    params.codec = VideoCodec::kH265;
    config_type = FourCC("hvcC");
  } else {
    return DataLoss("sample entry '" + FourCCToString(entry.type) + "' is not avc1 or hvc1");
  }
  if (entry.payload.size() < kVisualSampleEntryBytes) return DataLoss("visual sample entry is truncated");
  params.width = LoadBE16(&entry.payload[kVisualSampleEntryWidthAt]);
  params.height = LoadBE16(&entry.payload[kVisualSampleEntryWidthAt + 2]);
  Result<ByteSpan> config = FindChild(entry.payload.subspan(kVisualSampleEntryBytes), config_type);
  if (!config) return config.error().With("in '" + FourCCToString(entry.type) + "'");
  params.decoder_config.assign(config->begin(), config->end());
  return FillFromDecoderConfig(params);
}

Result<TrackDefaults> ParseTrex(ByteSpan moov, uint32_t track_id) {
  Result<ByteSpan> mvex = FindChild(moov, FourCC("mvex"));
  if (!mvex) return Err(mvex.error().With("not a fragmented MP4"));
  ChildBoxes it(*mvex);
  Box box;
  while (it.Next(box)) {
    if (box.type != FourCC("trex")) continue;
    ByteReader r(box.payload);
    uint8_t version = 0;
    uint32_t flags = 0;
    TrackDefaults d;
    if (!ReadFullBoxHeader(r, version, flags) || !r.ReadU32(d.track_id) || !r.ReadU32(d.sample_description_index) ||
        !r.ReadU32(d.sample_duration_90k) || !r.ReadU32(d.sample_size_bytes) || !r.ReadU32(d.sample_flags)) {
      return Err(DataLoss("trex is truncated"));
    }
    if (d.track_id == track_id) return d;
  }
  if (!it.status().ok()) return Err(it.status().With("in 'mvex'"));
  return Err(DataLoss("mvex has no trex for track " + std::to_string(track_id)));
}

}  // namespace

Result<ParsedInit> ParseMoov(ByteSpan moov) {
  Result<ByteSpan> trak = OnlyTrak(moov);
  if (!trak) return Err(trak.error());
  Result<ByteSpan> tkhd = FindChild(*trak, FourCC("tkhd"));
  if (!tkhd) return Err(tkhd.error().With("in 'trak'"));
  Result<uint32_t> track_id = ParseTkhdTrackId(*tkhd);
  if (!track_id) return Err(track_id.error());
  Result<ByteSpan> mdia = FindChild(*trak, FourCC("mdia"));
  if (!mdia) return Err(mdia.error().With("in 'trak'"));
  Status s = CheckMdia(*mdia);
  if (!s.ok()) return Err(s);
  Result<ByteSpan> stsd = FindPath(*mdia, "trak/mdia", {FourCC("minf"), FourCC("stbl"), FourCC("stsd")});
  if (!stsd) return Err(stsd.error());
  ParsedInit init;
  s = ParseSampleEntry(*stsd, init.params);
  if (!s.ok()) return Err(s);
  // What the writer would refuse (no size, oversized config), the reader refuses too, so
  // every scanned file can be exported.
  s = CheckVideoParams(init.params);
  if (!s.ok()) return Err(DataLoss(s.message()));
  Result<TrackDefaults> defaults = ParseTrex(moov, *track_id);
  if (!defaults) return Err(defaults.error());
  init.defaults = *defaults;
  return init;
}

}  // namespace custos::mp4
