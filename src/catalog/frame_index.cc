#include "catalog/frame_index.h"

#include <limits>
#include <string>

namespace custos {

namespace {

constexpr uint8_t kFormatVersion = 1;
constexpr size_t kMaxVarintBytes = 10;  // 64 bits in 7-bit groups

uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

void PutVarint(Bytes& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

// Reads one varint; false if truncated or longer than 64 bits.
bool GetVarint(ByteReader& in, uint64_t& v) {
  v = 0;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    uint8_t byte;
    if (!in.ReadU8(byte)) return false;
    if (i == kMaxVarintBytes - 1 && byte > 1) return false;
    v |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// The state both directions carry from one frame to the next.
struct Predictor {
  int64_t duration_90k = 0;
  int64_t key_size_bytes = 0;
  int64_t other_size_bytes = 0;
  uint64_t data_end = 0;  // end of the previous frame's data in the file

  int64_t& SizeFor(bool is_key) { return is_key ? key_size_bytes : other_size_bytes; }
};

void EncodeOne(const FrameIndexEntry& e, Predictor& p, Bytes& out) {
  const int64_t duration_delta = int64_t{e.duration_90k} - p.duration_90k;
  PutVarint(out, ZigZag(duration_delta) << 2 | uint64_t{e.is_key} << 1 | uint64_t{e.starts_fragment});
  int64_t& prev_size = p.SizeFor(e.is_key);
  PutVarint(out, ZigZag(int64_t{e.size_bytes} - prev_size));
  if (e.starts_fragment) {
    PutVarint(out, ZigZag(static_cast<int64_t>(e.data_offset - p.data_end)));  // wraps losslessly
    p.data_end = e.data_offset;
  }
  p.duration_90k = e.duration_90k;
  prev_size = e.size_bytes;
  p.data_end += e.size_bytes;
}

// Applies a delta to a predicted uint32 value; false if the result leaves [0, 2^32).
bool ApplyDelta32(int64_t predicted, int64_t delta, uint32_t& out) {
  constexpr int64_t kMax = std::numeric_limits<uint32_t>::max();
  // predicted is in [0, kMax], so neither bound overflows, and neither does the sum.
  if (delta < -predicted || delta > kMax - predicted) return false;
  out = static_cast<uint32_t>(predicted + delta);
  return true;
}

bool DecodeOne(ByteReader& in, Predictor& p, FrameIndexEntry& e) {
  uint64_t head, size_zz;
  if (!GetVarint(in, head) || !GetVarint(in, size_zz)) return false;
  e.is_key = (head & 2) != 0;
  e.starts_fragment = (head & 1) != 0;
  int64_t& prev_size = p.SizeFor(e.is_key);
  if (!ApplyDelta32(p.duration_90k, UnZigZag(head >> 2), e.duration_90k)) return false;
  if (!ApplyDelta32(prev_size, UnZigZag(size_zz), e.size_bytes)) return false;
  if (e.starts_fragment) {
    uint64_t offset_zz;
    if (!GetVarint(in, offset_zz)) return false;
    e.data_offset = p.data_end + static_cast<uint64_t>(UnZigZag(offset_zz));
    p.data_end = e.data_offset;
  }
  p.duration_90k = e.duration_90k;
  prev_size = e.size_bytes;
  p.data_end += e.size_bytes;
  return true;
}

}  // namespace

Bytes EncodeFrameIndex(std::span<const FrameIndexEntry> entries) {
  Bytes out;
  out.reserve(2 + entries.size() * 4);
  out.push_back(kFormatVersion);
  PutVarint(out, entries.size());
  Predictor p;
  for (const FrameIndexEntry& e : entries) EncodeOne(e, p, out);
  return out;
}

Result<std::vector<FrameIndexEntry>> DecodeFrameIndex(ByteSpan blob) {
  ByteReader in(blob);
  uint8_t version;
  if (!in.ReadU8(version)) return Err(DataLoss("frame index is empty"));
  if (version != kFormatVersion) {
    return Err(DataLoss("frame index has unknown format version " + std::to_string(version)));
  }
  uint64_t count;
  // Each frame takes at least two bytes, which bounds the allocation below.
  if (!GetVarint(in, count) || count > in.remaining() / 2) {
    return Err(DataLoss("frame index has a bad frame count"));
  }
  std::vector<FrameIndexEntry> entries(static_cast<size_t>(count));
  Predictor p;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!DecodeOne(in, p, entries[i])) {
      return Err(DataLoss("frame index is corrupt at frame " + std::to_string(i)));
    }
  }
  if (!in.empty()) return Err(DataLoss("frame index has trailing bytes"));
  if (Status s = CheckFrameIndex(entries); !s.ok()) return Err(DataLoss(s.message()));
  return entries;
}

Status CheckFrameIndex(std::span<const FrameIndexEntry> entries) {
  if (!entries.empty() && !entries[0].starts_fragment) {
    return InvalidArgument("frame index: the first frame does not start a fragment");
  }
  uint64_t data_end = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const FrameIndexEntry& e = entries[i];
    if (e.starts_fragment) {
      if (e.data_offset < data_end) {
        return InvalidArgument("frame index: fragment at frame " + std::to_string(i) +
                               " overlaps the previous frame's data");
      }
      data_end = e.data_offset;
    }
    if (data_end > std::numeric_limits<uint64_t>::max() - e.size_bytes) {
      return InvalidArgument("frame index: data offsets overflow at frame " + std::to_string(i));
    }
    data_end += e.size_bytes;
  }
  return Status::Ok();
}

std::vector<uint64_t> FrameDataOffsets(std::span<const FrameIndexEntry> entries) {
  std::vector<uint64_t> offsets;
  offsets.reserve(entries.size());
  uint64_t next = 0;
  for (const FrameIndexEntry& e : entries) {
    if (e.starts_fragment) next = e.data_offset;
    offsets.push_back(next);
    next += e.size_bytes;
  }
  return offsets;
}

std::optional<FramePosition> FindKeyFrameAtOrBefore(std::span<const FrameIndexEntry> entries, int64_t offset_90k) {
  std::optional<FramePosition> found;
  int64_t start_90k = 0;
  uint64_t data_offset = 0;
  for (size_t i = 0; i < entries.size() && start_90k <= offset_90k; ++i) {
    const FrameIndexEntry& e = entries[i];
    if (e.starts_fragment) data_offset = e.data_offset;
    if (e.is_key) found = FramePosition{i, start_90k, data_offset};
    start_90k += e.duration_90k;
    data_offset += e.size_bytes;
  }
  return found;
}

}  // namespace custos
