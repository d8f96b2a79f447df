#include "mp4/fragment.h"

#include <string>

#include "mp4/box.h"
#include "mp4/box_writer.h"

namespace custos::mp4 {
namespace {

// trun flags.
constexpr uint32_t kTrunDataOffset = 0x000001;
constexpr uint32_t kTrunDuration = 0x000100;
constexpr uint32_t kTrunSize = 0x000200;
constexpr uint32_t kTrunFlags = 0x000400;
constexpr uint32_t kTrunCompositionOffset = 0x000800;
constexpr uint32_t kTfhdDefaultBaseIsMoof = 0x020000;

void WritePrft(ByteWriter& w, uint64_t ntp, int64_t media_time_90k) {
  // flags 0: the time at which the first sample was input to Custos (its arrival wall
  // time, docs/design/time.md), the closest of the standard's meanings.
  ScopedBox prft(w, FourCC("prft"), 1, 0);
  w.U32(kTrackId);
  w.U64(ntp);
  w.U64(static_cast<uint64_t>(media_time_90k));
}

bool HasCompositionOffsets(std::span<const SampleInfo> samples) {
  for (const SampleInfo& s : samples) {
    if (s.composition_offset_90k != 0) return true;
  }
  return false;
}

// Writes the trun and returns the offset of its data_offset field, patched later.
size_t WriteTrun(ByteWriter& w, std::span<const SampleInfo> samples) {
  bool cto = HasCompositionOffsets(samples);
  uint32_t flags = kTrunDataOffset | kTrunDuration | kTrunSize | kTrunFlags;
  if (cto) flags |= kTrunCompositionOffset;
  ScopedBox trun(w, FourCC("trun"), cto ? 1 : 0, flags);  // version 1: signed offsets
  w.U32(static_cast<uint32_t>(samples.size()));
  size_t data_offset_at = w.size();
  w.U32(0);
  for (const SampleInfo& s : samples) {
    w.U32(s.duration_90k);
    w.U32(s.size_bytes);
    w.U32(s.is_key ? kSampleFlagsSync : kSampleFlagsNonSync);
    if (cto) w.U32(static_cast<uint32_t>(s.composition_offset_90k));
  }
  return data_offset_at;
}

Status CheckFragment(int64_t base_90k, std::span<const SampleInfo> samples, uint64_t mdat_payload_bytes) {
  if (samples.empty()) return InvalidArgument("a fragment needs at least one sample");
  if (samples.size() > kMaxSamplesPerFragment) {
    return InvalidArgument(std::to_string(samples.size()) + " samples exceed the limit of " +
                           std::to_string(kMaxSamplesPerFragment) + " per fragment");
  }
  if (base_90k < 0 || base_90k >= kMaxDecodeTime90k) {
    return InvalidArgument("base media decode time " + std::to_string(base_90k) + " is out of range");
  }
  for (size_t i = 0; i < samples.size(); ++i) {
    if (samples[i].size_bytes == 0) return InvalidArgument("sample " + std::to_string(i) + " is empty");
  }
  uint64_t sum = SumSampleBytes(samples);
  if (sum != mdat_payload_bytes) {
    return InvalidArgument("sample sizes sum to " + std::to_string(sum) + " bytes, but the mdat payload is " +
                           std::to_string(mdat_payload_bytes));
  }
  return Status::Ok();
}

}  // namespace

uint64_t SumSampleBytes(std::span<const SampleInfo> samples) {
  uint64_t sum = 0;
  for (const SampleInfo& s : samples) sum += s.size_bytes;
  return sum;
}

Result<Bytes> BuildFragmentHeader(uint32_t sequence_number, int64_t base_media_decode_time_90k,
                                  std::optional<WallTime90k> wall_time,
                                  std::span<const SampleInfo> samples, uint64_t mdat_payload_bytes) {
  Status s = CheckFragment(base_media_decode_time_90k, samples, mdat_payload_bytes);
  if (!s.ok()) return Err(s.With("building MP4 fragment " + std::to_string(sequence_number)));
  Bytes out;
  out.reserve(160 + 16 * samples.size());
  ByteWriter w(out);
  if (wall_time) {
    Result<uint64_t> ntp = WallTimeToNtp64(*wall_time);
    if (!ntp) return Err(ntp.error().With("building MP4 fragment " + std::to_string(sequence_number)));
    WritePrft(w, *ntp, base_media_decode_time_90k);
  }
  size_t moof = BeginBox(w, FourCC("moof"));
  {
    ScopedBox mfhd(w, FourCC("mfhd"), 0, 0);
    w.U32(sequence_number);
  }
  size_t traf = BeginBox(w, FourCC("traf"));
  {
    ScopedBox tfhd(w, FourCC("tfhd"), 0, kTfhdDefaultBaseIsMoof);
    w.U32(kTrackId);
  }
  {
    ScopedBox tfdt(w, FourCC("tfdt"), 1, 0);
    w.U64(static_cast<uint64_t>(base_media_decode_time_90k));
  }
  size_t data_offset_at = WriteTrun(w, samples);
  EndBox(w, traf);
  EndBox(w, moof);
  // From the moof's first byte to the first sample, past the mdat header.
  uint64_t data_offset = (w.size() - moof) + MdatHeaderBytes(mdat_payload_bytes);
  w.PatchU32(data_offset_at, static_cast<uint32_t>(data_offset));
  WriteMdatHeader(w, mdat_payload_bytes);
  return out;
}

}  // namespace custos::mp4
