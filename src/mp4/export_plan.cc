// PlanExport and PieceForMediaRange (declared in export_writer.h).
#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "mp4/box.h"
#include "mp4/export_writer.h"
#include "mp4/fragment.h"
#include "mp4/init_segment.h"

namespace custos::mp4 {
namespace {

// One fragment of the output: a contiguous run of samples of one source fragment.
struct OutFragment {
  int64_t base_90k = 0;
  std::optional<WallTime90k> wall_time;
  std::vector<SampleInfo> samples;
  size_t file_index = 0;
  uint64_t file_offset = 0;
  uint64_t data_bytes = 0;
};

struct Position {
  size_t fragment = 0, sample = 0;
  auto operator<=>(const Position&) const = default;
};

// Bounds-checks a position and moves one past a fragment's last sample to the next
// fragment's first, so that positions compare in scan order.
Result<Position> Normalize(const ScannedFile& scan, size_t fragment, size_t sample, std::string_view what) {
  size_t n = scan.fragments.size();
  bool ok = (fragment < n && sample <= scan.fragments[fragment].samples.size()) || (fragment == n && sample == 0);
  if (!ok) {
    return Err(InvalidArgument(std::string(what) + " (fragment " + std::to_string(fragment) + ", sample " +
                               std::to_string(sample) + ") is outside the recording's " + std::to_string(n) +
                               " fragments"));
  }
  if (fragment < n && sample == scan.fragments[fragment].samples.size()) return Position{fragment + 1, 0};
  return Position{fragment, sample};
}

// A piece's presentation times relative to its first decode time. They differ from the
// decode times when the stream has B-frames: a piece cut inside a GOP may present frames
// after its last decode time, and the next piece must not present before them.
struct Extent {
  int64_t first_presentation_90k = 0;  // earliest presentation time
  int64_t presentation_end_90k = 0;    // latest presentation time + duration
};

Extent PieceExtent(const ScannedFile& scan, Position first, Position end) {
  Extent e;
  bool any = false;
  int64_t dts_90k = 0;
  for (size_t fi = first.fragment; fi < scan.fragments.size() && Position{fi, 0} < end; ++fi) {
    const std::vector<SampleInfo>& samples = scan.fragments[fi].samples;
    size_t s1 = fi == end.fragment ? end.sample : samples.size();
    for (size_t si = fi == first.fragment ? first.sample : 0; si < s1; ++si) {
      int64_t pts_90k = dts_90k + samples[si].composition_offset_90k;
      e.first_presentation_90k = any ? std::min(e.first_presentation_90k, pts_90k) : pts_90k;
      e.presentation_end_90k = std::max(e.presentation_end_90k, pts_90k + samples[si].duration_90k);
      any = true;
      dts_90k += samples[si].duration_90k;
    }
  }
  return e;
}

class Planner {
 public:
  Status AddPiece(const ExportPiece& piece);
  Result<ExportPlan> Finish(const ExportOptions& options);

 private:
  Status CheckPiece(const ExportPiece& piece, Position first, Position end);
  Status StartAt(int64_t media_start_90k, const struct Extent& extent);
  Status AddRun(const ScannedFragment& f, size_t s0, size_t s1);
  void PlaceEdit(int64_t play_start_90k);
  void SqueezeLeadIn(size_t count);

  ExportPlan plan_;
  std::vector<OutFragment> out_;
  int64_t cursor_90k_ = 0;                // end of the output decode timeline so far
  int64_t presentation_end_90k_ = 0;      // latest presentation end so far
};

Status Planner::CheckPiece(const ExportPiece& piece, Position first, Position end) {
  if (first >= end) return InvalidArgument("the sample range is empty");
  if (out_.empty() && plan_.files.empty()) {
    plan_.params = piece.scan->params;
  } else if (piece.scan->params != plan_.params) {
    return FailedPrecondition("the camera's video parameters changed inside the range (" +
                              plan_.params.rfc6381_codec + " " + std::to_string(plan_.params.width) + "x" +
                              std::to_string(plan_.params.height) + " before, " + piece.scan->params.rfc6381_codec +
                              " " + std::to_string(piece.scan->params.width) + "x" +
                              std::to_string(piece.scan->params.height) +
                              " after); export the parts before and after the change separately");
  }
  if (!piece.scan->fragments[first.fragment].samples[first.sample].is_key) {
    return InvalidArgument("the range does not start at a key frame");
  }
  return Status::Ok();
}

Status Planner::StartAt(int64_t media_start_90k, const Extent& extent) {
  if (media_start_90k < 0 || media_start_90k >= kMaxDecodeTime90k / 2) {
    return InvalidArgument("media start " + std::to_string(media_start_90k) + " is out of range");
  }
  int64_t start_90k = media_start_90k;
  if (!out_.empty()) {
    start_90k = std::max({start_90k, cursor_90k_, presentation_end_90k_ - extent.first_presentation_90k});
    // Lengthen the previous sample over any gap, keeping the timeline continuous.
    SampleInfo& last = out_.back().samples.back();
    int64_t gap_90k = start_90k - cursor_90k_;
    if (gap_90k > int64_t{std::numeric_limits<uint32_t>::max()} - last.duration_90k) {
      return InvalidArgument("the gap of " + std::to_string(gap_90k / kTicksPerSecond90k) +
                             " s before it is too long for one MP4 sample; export the parts separately");
    }
    last.duration_90k += static_cast<uint32_t>(gap_90k);
  }
  cursor_90k_ = start_90k;
  presentation_end_90k_ = start_90k + extent.presentation_end_90k;
  return Status::Ok();
}

Status Planner::AddRun(const ScannedFragment& f, size_t s0, size_t s1) {
  OutFragment o;
  o.base_90k = cursor_90k_;
  int64_t skipped_90k = 0;
  uint64_t skipped_bytes = 0;
  for (size_t i = 0; i < s0; ++i) {
    skipped_90k += f.samples[i].duration_90k;
    skipped_bytes += f.samples[i].size_bytes;
  }
  if (f.wall_time) o.wall_time = WallTime90k{f.wall_time->ticks_90k + skipped_90k};
  o.samples.assign(f.samples.begin() + static_cast<ptrdiff_t>(s0), f.samples.begin() + static_cast<ptrdiff_t>(s1));
  o.file_index = plan_.files.size() - 1;
  o.file_offset = f.data_offset + skipped_bytes;
  o.data_bytes = SumSampleBytes(o.samples);
  for (const SampleInfo& s : o.samples) cursor_90k_ += s.duration_90k;
  plan_.sample_count += o.samples.size();
  out_.push_back(std::move(o));
  // Each run adds under 2^47 ticks (kMaxSamplesPerFragment * 2^32), so this cannot wrap.
  if (cursor_90k_ >= kMaxDecodeTime90k) return InvalidArgument("the output timeline is too long");
  return Status::Ok();
}

Status Planner::AddPiece(const ExportPiece& piece) {
  if (piece.scan == nullptr) return InvalidArgument("no scan of the recording");
  const ScannedFile& scan = *piece.scan;
  Result<Position> first = Normalize(scan, piece.first_fragment, piece.first_sample, "start");
  if (!first) return first.error();
  Result<Position> end = Normalize(scan, piece.end_fragment, piece.end_sample, "end");
  if (!end) return end.error();
  CUSTOS_RETURN_IF_ERROR(CheckPiece(piece, *first, *end));
  CUSTOS_RETURN_IF_ERROR(StartAt(piece.media_start_90k, PieceExtent(scan, *first, *end)));
  plan_.files.push_back(piece.path);
  for (size_t fi = first->fragment; fi < scan.fragments.size() && Position{fi, 0} < *end; ++fi) {
    const ScannedFragment& f = scan.fragments[fi];
    size_t s0 = fi == first->fragment ? first->sample : 0;
    size_t s1 = fi == end->fragment ? end->sample : f.samples.size();
    CUSTOS_RETURN_IF_ERROR(AddRun(f, s0, s1));
  }
  return Status::Ok();
}

void AddGenerated(ExportPlan& plan, Bytes bytes) {
  ExportPart part;
  part.output_offset = plan.total_bytes;
  part.length_bytes = bytes.size();
  part.generated = std::move(bytes);
  plan.total_bytes += part.length_bytes;
  plan.parts.push_back(std::move(part));
}

// The lead-in ends at the start of the last sample (in decode order) starting at or
// before play_start_90k, so that the first presented frame is the one on screen then.
// Without B-frames the lead-in samples are squeezed to one tick each (their bytes are
// untouched): players that only shift times by the edit list (FFmpeg with fragmented
// files) then show the asked frame at once instead of playing the lead-in, and an MSE
// client loses at most a few ticks. With B-frames the times are left as they are.
void Planner::PlaceEdit(int64_t play_start_90k) {
  int64_t lead_in_90k = 0;
  size_t lead_in_samples = 0;
  bool reordered = false;
  int64_t dts_90k = 0;
  for (const OutFragment& o : out_) {
    for (const SampleInfo& s : o.samples) {
      reordered = reordered || s.composition_offset_90k != 0;
      if (dts_90k <= play_start_90k) lead_in_90k = dts_90k;
      dts_90k += s.duration_90k;
    }
  }
  dts_90k = 0;
  for (const OutFragment& o : out_) {
    for (const SampleInfo& s : o.samples) {
      if (dts_90k >= lead_in_90k) break;
      dts_90k += s.duration_90k;
      ++lead_in_samples;
    }
  }
  plan_.lead_in_90k = lead_in_90k;
  if (reordered || lead_in_samples == 0) {
    const int64_t media_time_90k = lead_in_90k + out_.front().samples.front().composition_offset_90k;
    plan_.edit_media_time_90k = std::clamp<int64_t>(media_time_90k, 0, cursor_90k_ - 1);
    plan_.presented_duration_90k = cursor_90k_ - lead_in_90k;
    return;
  }
  SqueezeLeadIn(lead_in_samples);
  plan_.edit_media_time_90k = static_cast<int64_t>(lead_in_samples);
  plan_.presented_duration_90k = cursor_90k_ - plan_.edit_media_time_90k;
}

// Gives the first `count` samples one tick each and moves everything after them earlier.
// The fragment where the lead-in ends keeps a wall time that is right for the samples
// after it (the lead-in, never shown, gets times slightly early).
void Planner::SqueezeLeadIn(size_t count) {
  size_t seen = 0;
  cursor_90k_ = 0;
  for (OutFragment& o : out_) {
    o.base_90k = cursor_90k_;
    int64_t removed_90k = 0;
    for (SampleInfo& s : o.samples) {
      if (seen++ < count) {
        removed_90k += s.duration_90k - 1;
        s.duration_90k = 1;
      }
      cursor_90k_ += s.duration_90k;
    }
    if (o.wall_time && seen > count) o.wall_time->ticks_90k += removed_90k;
  }
}

Result<ExportPlan> Planner::Finish(const ExportOptions& options) {
  if (out_.empty()) return Err(InvalidArgument("nothing to export"));
  PlaceEdit(options.play_start_90k);
  plan_.duration_90k = cursor_90k_;
  plan_.fragment_count = out_.size();
  Result<Bytes> init = BuildInitSegment(
      plan_.params, {.duration_90k = cursor_90k_, .edit_media_time_90k = plan_.edit_media_time_90k});
  if (!init) return Err(init.error());
  AddGenerated(plan_, std::move(*init));
  for (size_t i = 0; i < out_.size(); ++i) {
    const OutFragment& o = out_[i];
    Result<Bytes> header =
        BuildFragmentHeader(static_cast<uint32_t>(i + 1), o.base_90k, o.wall_time, o.samples, o.data_bytes);
    if (!header) return Err(header.error());
    AddGenerated(plan_, std::move(*header));
    ExportPart copy;
    copy.output_offset = plan_.total_bytes;
    copy.length_bytes = o.data_bytes;
    copy.is_copy = true;
    copy.file_index = o.file_index;
    copy.file_offset = o.file_offset;
    plan_.total_bytes += o.data_bytes;
    plan_.parts.push_back(std::move(copy));
  }
  return std::move(plan_);
}

}  // namespace

Result<ExportPlan> PlanExport(std::span<const ExportPiece> pieces, const ExportOptions& options) {
  Planner planner;
  for (size_t i = 0; i < pieces.size(); ++i) {
    Status s = planner.AddPiece(pieces[i]);
    if (!s.ok()) return Err(s.With("export piece " + std::to_string(i) + " (" + pieces[i].path + ")"));
  }
  return planner.Finish(options);
}

Result<ExportPiece> PieceForMediaRange(std::string path, const ScannedFile& scan, int64_t start_90k,
                                       int64_t end_90k, int64_t media_start_90k) {
  ExportPiece piece{.path = std::move(path), .scan = &scan, .media_start_90k = media_start_90k};
  piece.end_fragment = scan.fragments.size();
  bool have_start = false, overlaps = false, done = false;
  for (size_t fi = 0; fi < scan.fragments.size() && !done; ++fi) {
    const ScannedFragment& f = scan.fragments[fi];
    int64_t dts_90k = f.base_media_decode_time_90k;
    for (size_t si = 0; si < f.samples.size(); dts_90k += f.samples[si++].duration_90k) {
      if (dts_90k >= end_90k) {
        piece.end_fragment = fi;
        piece.end_sample = si;
        done = true;
        break;
      }
      overlaps = overlaps || dts_90k + f.samples[si].duration_90k > start_90k;
      // The last key frame at or before start_90k or, failing that, the first after it.
      if (f.samples[si].is_key && (!have_start || dts_90k <= start_90k)) {
        have_start = true;
        piece.first_fragment = fi;
        piece.first_sample = si;
      }
    }
  }
  if (!have_start || !overlaps) {
    return Err(NotFound("no key frame and samples in the media range [" + std::to_string(start_90k) + ", " +
                        std::to_string(end_90k) + ")"));
  }
  return piece;
}

}  // namespace custos::mp4
