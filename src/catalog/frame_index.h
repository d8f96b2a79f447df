// frame_index.h: the compact per-frame index of a recording (recording.frame_index).
//
// For every frame: its duration, its size and whether it is a key frame; for the first
// frame of each MP4 fragment, the absolute file offset of its data. Within a fragment the
// frames' data are contiguous, so every frame's offset follows (FrameDataOffsets). Seeks
// and exports read this instead of parsing the file's moof boxes.
//
// Format (version 1), all integers unsigned LEB128 varints, zz() = zig-zag:
//   byte 0x01 (format version), varint frame count, then per frame
//   zz(duration_90k - previous duration_90k) << 2 | is_key << 1 | starts_fragment
//   zz(size_bytes - size_bytes of the previous frame of the same kind, key or not)
//   if starts_fragment: zz(data_offset - end of the previous frame's data)
// A steady 25 fps stream takes 1 byte for the first field and 2-3 for the second:
// about 3.5 bytes a frame, 5 KiB for a one-minute recording.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"

namespace custos {

struct FrameIndexEntry {
  uint32_t duration_90k = 0;
  uint32_t size_bytes = 0;
  bool is_key = false;
  bool starts_fragment = false;
  uint64_t data_offset = 0;  // meaningful when starts_fragment; not stored otherwise

  bool operator==(const FrameIndexEntry&) const = default;
};

// Encodes `entries`; data_offset of entries that do not start a fragment is ignored
// (decoded as 0). Encoding is lossless for any input; CheckFrameIndex says whether the
// input is one a file can have.
Bytes EncodeFrameIndex(std::span<const FrameIndexEntry> entries);

// Decodes a blob written by EncodeFrameIndex. DataLoss for anything malformed (truncated,
// trailing bytes, overlong varints, values out of range, an index CheckFrameIndex rejects);
// never reads out of bounds and never allocates more than the blob's size justifies.
Result<std::vector<FrameIndexEntry>> DecodeFrameIndex(ByteSpan blob);

// InvalidArgument unless the first entry starts a fragment and each fragment's data
// begins at or after the end of the previous frame's data.
Status CheckFrameIndex(std::span<const FrameIndexEntry> entries);

// The absolute file offset of every frame's data (entries must pass CheckFrameIndex).
std::vector<uint64_t> FrameDataOffsets(std::span<const FrameIndexEntry> entries);

// Where a frame sits: its position in the index, its decode time relative to the first
// frame (add the recording's media_start_90k for the file's timeline), its data offset.
struct FramePosition {
  size_t frame = 0;
  int64_t start_90k = 0;
  uint64_t data_offset = 0;
};

// The last key frame that starts at or before `offset_90k` (relative to the first frame):
// where playback of that instant must begin decoding. nullopt if no key frame starts at or
// before it (offset_90k < 0, or the recording does not begin with a key frame).
// Linear in the number of frames (about 1,500 for a minute at 25 fps).
std::optional<FramePosition> FindKeyFrameAtOrBefore(std::span<const FrameIndexEntry> entries, int64_t offset_90k);

}  // namespace custos
