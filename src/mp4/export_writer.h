// export_writer.h: assembles one fragmented MP4 from parts of several recordings of one
// camera (`custos export`), without a temporary file.
//
// PlanExport turns pieces (sample ranges of scanned recordings) into an ExportPlan: the
// output as a list of contiguous byte ranges, each either generated here (the init
// segment, each fragment's prft + moof + mdat header) or a copy of sample bytes from a
// recording. The output's size and every byte's origin are known before anything is
// written, so the HTTP layer can serve it with Range requests (WriteExportRange); the
// CLI writes it whole (WriteExport).
//
// The output: one init segment (the pieces must share VideoParams), with the total
// duration in mvhd, tkhd and mvex/mehd; then one fragment per source fragment touched,
// cut to the requested samples, renumbered from 1, with decode times laid end to end
// from each piece's media_start_90k, and the source's prft wall times carried over.
// The output starts at a key frame; ExportOptions::play_start_90k adds an edit list so
// that players begin presenting at the sample showing at that instant (the samples
// before it are decoded, not shown). Sample bytes are never changed.
//
// Thread-safety: a plan is an immutable value once made; writing only reads it, so one
// plan may serve concurrent range requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/status.h"
#include "media/frame.h"
#include "mp4/scanner.h"

namespace custos::mp4 {

struct ExportPiece {
  std::string path;                 // the recording file
  const ScannedFile* scan = nullptr;  // its scan; must outlive PlanExport only
  // Half-open range of samples to take, in scan order: from sample first_sample of
  // fragment first_fragment up to, not including, sample end_sample of fragment
  // end_fragment ({fragments.size(), 0} is the end of the file). The first sample must
  // be a key frame.
  size_t first_fragment = 0, first_sample = 0;
  size_t end_fragment = 0, end_sample = 0;
  // Where this piece should start in the output timeline (decode time of its first
  // sample). A piece that would overlap the previous one, in decode or in presentation
  // time, starts right after it instead: recordings may overlap slightly in wall time
  // (docs/design/time.md, rule 5), and with B-frames a piece cut inside a GOP presents
  // frames after its last decode time. A gap is filled by lengthening the previous
  // piece's last sample, so that the output timeline stays continuous.
  int64_t media_start_90k = 0;
};

struct ExportOptions {
  // Decode time on the output timeline (0 = its first sample) at which playback should
  // begin. It is moved down to the start of the sample showing then and clamped to the
  // output; with B-frames the first sample's composition offset is added, so that an
  // export starting at its key frame also presents from time 0.
  int64_t play_start_90k = 0;
};

struct ExportPart {
  uint64_t output_offset = 0;
  uint64_t length_bytes = 0;
  bool is_copy = false;
  Bytes generated;        // !is_copy: the bytes themselves
  size_t file_index = 0;  // is_copy: from ExportPlan::files[file_index] ...
  uint64_t file_offset = 0;  // ... at this offset
};

struct ExportPlan {
  VideoParams params;
  std::vector<std::string> files;
  std::vector<ExportPart> parts;  // in output order, back to back from offset 0
  uint64_t total_bytes = 0;
  int64_t duration_90k = 0;  // end of the output timeline (decode time)
  // Decode time of the first presented sample (ExportOptions::play_start_90k, moved to a
  // sample start); the edit list skips it.
  int64_t lead_in_90k = 0;
  // The elst media_time written (0: no edit list). Without B-frames the lead-in samples
  // are squeezed to one tick each and this is their count; with B-frames it is
  // lead_in_90k plus the first sample's composition offset.
  int64_t edit_media_time_90k = 0;
  // Length of what is presented, from the first presented sample to the end, in the
  // source's time (wall time of the end = wall time of that sample + this).
  int64_t presented_duration_90k = 0;
  size_t fragment_count = 0;
  size_t sample_count = 0;
};

// InvalidArgument for a piece without a scan, a range out of bounds or empty, a piece
// not starting at a key frame, a negative media start, or a gap too long for one sample
// (13 h); FailedPrecondition when the pieces' video parameters differ.
Result<ExportPlan> PlanExport(std::span<const ExportPiece> pieces, const ExportOptions& options = {});

// The piece of one recording covering decode times [start_90k, end_90k) of its own
// timeline (the tfdt of its fragments), widened at the start to the key frame at or
// before start_90k. NotFound when no sample falls in the range.
Result<ExportPiece> PieceForMediaRange(std::string path, const ScannedFile& scan, int64_t start_90k,
                                       int64_t end_90k, int64_t media_start_90k);

// Writes output bytes [begin, end) to out_fd, reading recordings with pread.
// OutOfRange if the range is not within [0, total_bytes]; DataLoss if a recording no
// longer holds the bytes the plan names; errno Statuses for I/O errors.
Status WriteExportRange(const ExportPlan& plan, uint64_t begin, uint64_t end, int out_fd);
// WriteExportRange over the whole output.
Status WriteExport(const ExportPlan& plan, int out_fd);

}  // namespace custos::mp4
