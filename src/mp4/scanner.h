// scanner.h: reads a Custos recording file back, for crash recovery, fsck and export.
//
// Reads the init segment, then walks the fragments with positioned reads (pread): each
// prft and moof is read whole (they are small), each mdat only by its header, so a file
// is never loaded into memory. The scan stops at the first fragment that is incomplete
// or inconsistent, and reports how far the file was good:
//
//   [ftyp moov][prft moof mdat][prft moof mdat][prft moof md...]
//   |init_size|                               ^valid_bytes     ^file_bytes
//
// Error contract: a missing or corrupt init segment is DataLoss; an I/O error is the
// errno's Status (never mistaken for a torn tail). A bad fragment is not an error: the
// result ends before it and `tail_problem` says what was wrong, which is how a file cut
// short by a crash is recovered up to its last complete fragment.
// Thread-safety: pure functions over the given file or buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "base/time.h"
#include "media/frame.h"
#include "mp4/byte_source.h"
#include "mp4/fragment.h"

namespace custos::mp4 {

struct ScannedFragment {
  uint64_t offset = 0;  // of the prft, or of the moof when the fragment has no prft
  uint32_t sequence_number = 0;
  int64_t base_media_decode_time_90k = 0;
  std::optional<WallTime90k> wall_time;  // of the first sample, from prft
  uint64_t data_offset = 0;              // absolute file offset of the first sample's bytes
  std::vector<SampleInfo> samples;       // in decode order, their bytes contiguous
  uint64_t end_offset = 0;               // one past the mdat: where the next fragment starts
  int64_t duration_90k = 0;              // sum of the samples' durations
};

struct ScannedFile {
  // Codec, decoder_config, width and height from the sample entry; sps/pps/vps and
  // rfc6381_codec derived from decoder_config (FillFromDecoderConfig).
  VideoParams params;
  uint64_t init_size = 0;  // bytes of ftyp + moov; the first fragment starts here
  std::vector<ScannedFragment> fragments;
  uint64_t valid_bytes = 0;  // end of the last complete fragment (init_size if none)
  uint64_t file_bytes = 0;
  // Empty when the file ends exactly after a complete fragment; otherwise what is wrong
  // at valid_bytes: a truncated moof or mdat, an inconsistent moof, junk.
  std::string tail_problem;
};

// The implementation; the overloads below wrap a file or a buffer in a ByteSource.
Result<ScannedFile> ScanSource(ByteSource& source);
Result<ScannedFile> ScanFile(int fd);
Result<ScannedFile> ScanFile(const std::string& path);
Result<ScannedFile> ScanBuffer(ByteSpan data);

}  // namespace custos::mp4
