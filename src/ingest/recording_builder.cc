#include "ingest/recording_builder.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "mp4/init_segment.h"
#include "mp4/fragment.h"

namespace custos {

namespace {

// Frames merged from same-timestamp pieces stop growing here (the depacketizer's own cap).
constexpr size_t kMaxFrameBytes = 16 * 1024 * 1024;

RecordingHandle NextHandle() {
  static std::atomic<RecordingHandle> next{1};
  return next++;
}

}  // namespace

RecordingBuilder::RecordingBuilder(std::string camera_id, const Clock& clock, StorageSink& sink,
                                   RecordingPolicy policy)
    : camera_id_(std::move(camera_id)), clock_(clock), sink_(sink), policy_(policy) {}

RecordingBuilder::~RecordingBuilder() = default;

WallTime90k RecordingBuilder::ArrivalWall(const Frame& f) const {
  // Wall time now, minus how long ago (monotonic) the frame's first packet arrived.
  int64_t age_ns = clock_.MonotonicNanos() - f.arrival_mono_ns;
  if (f.arrival_mono_ns == 0 || age_ns < 0) age_ns = 0;
  return {clock_.Now().ticks_90k - age_ns * 9 / 100000};
}

void RecordingBuilder::AddFrame(Frame frame, const VideoParams& params) {
  const WallTime90k arrival = ArrivalWall(frame);
  if (pending_ && frame.timestamp_90k == pending_->frame.timestamp_90k && !frame.loss_before &&
      frame.params_generation == pending_->frame.params_generation) {
    // Same timestamp: the rest of the same picture (a camera marking every slice, or SEI
    // sent apart). RTSP-QUIRKS.md §6: merge, never disconnect over it.
    MergeIntoPending(std::move(frame));
    return;
  }
  if (pending_) {
    const int64_t step_90k = frame.timestamp_90k - pending_->frame.timestamp_90k;
    const bool lost = loss_since_accept_ || frame.loss_before;
    if (step_90k <= 0 || step_90k > policy_.max_frame_step_90k) {
      ++stats_.discontinuities;
      CloseForGap("discontinuity", "discontinuity",
                  "camera timestamp stepped by " + std::to_string(step_90k) + " ticks (90 kHz)");
    } else if (lost && step_90k > policy_.loss_gap_90k && frame.is_key) {
      CloseForGap("packet_loss", "reconnect", "frames lost to packet loss");
    }
  }
  if (frame.loss_before) {
    waiting_for_key_ = true;
    loss_since_accept_ = true;
  }
  if (waiting_for_key_ && !frame.is_key) {
    ++stats_.frames_dropped;
    return;
  }
  waiting_for_key_ = false;
  loss_since_accept_ = false;
  if (pending_) {
    CommitPending(static_cast<uint32_t>(frame.timestamp_90k - pending_->frame.timestamp_90k));
    if (waiting_for_key_ && !frame.is_key) {  // storage refused a fragment meanwhile
      ++stats_.frames_dropped;
      return;
    }
  }
  if (open_ && NeedsNewRecording(frame, frame.params_generation)) {
    next_reason_ = open_->params_generation != frame.params_generation ? "params_changed" : "rotate";
    Close(frame.timestamp_90k);
  }
  if (!open_) OpenNew(frame, params, arrival);
  if (!open_) return;  // the parameter sets were unusable; counted
  NoteAnchor(frame.timestamp_90k, arrival);
  pending_ = PendingFrame{std::move(frame), arrival};
}

void RecordingBuilder::MergeIntoPending(Frame frame) {
  Frame& p = pending_->frame;
  if (p.data.size() + frame.data.size() > kMaxFrameBytes) {
    ++stats_.frames_dropped;  // a picture this large is a camera losing its markers
    return;
  }
  p.data.insert(p.data.end(), frame.data.begin(), frame.data.end());
  p.is_key = p.is_key || frame.is_key;
  ++stats_.frames_merged;
}

bool RecordingBuilder::NeedsNewRecording(const Frame& next, uint32_t generation) const {
  if (generation != open_->params_generation) return true;
  return next.is_key && next.timestamp_90k - open_->start_timestamp_90k >= policy_.rotate_after_90k;
}

void RecordingBuilder::CloseForGap(const std::string& gap_reason, const std::string& open_reason,
                                   const std::string& detail) {
  if (!pending_) return;
  const int64_t end_90k = pending_->frame.timestamp_90k + last_duration_90k_;
  CommitPending(last_duration_90k_);
  if (!open_) return;
  Close(end_90k);
  next_reason_ = open_reason;
  if (last_end_wall_) {
    Submit(GapJob{camera_id_, *last_end_wall_, false, gap_reason, detail});
    gap_open_ = true;
  }
  waiting_for_key_ = true;
}

void RecordingBuilder::Finish(const std::string& gap_reason, const std::string& detail) {
  CloseForGap(gap_reason, "reconnect", detail);
  pending_.reset();
  waiting_for_key_ = true;
}

void RecordingBuilder::OpenNew(const Frame& first, const VideoParams& params, WallTime90k arrival_wall) {
  auto init = mp4::BuildInitSegment(params);
  if (!init) {
    // Parameter sets that no sample entry can carry: nothing decodable can be stored.
    ++stats_.bad_params;
    ++stats_.frames_dropped;
    waiting_for_key_ = true;
    return;
  }
  OpenRecording r;
  r.handle = NextHandle();
  r.params_generation = first.params_generation;
  r.start_timestamp_90k = first.timestamp_90k;
  r.fragment_start_90k = first.timestamp_90k;
  // A recording that follows the previous one without a gap starts where it ended, so the
  // timeline has neither holes nor overlaps; otherwise it is anchored to the local clock.
  r.start_wall = arrival_wall;
  if (previous_end_wall_ &&
      std::llabs(previous_end_wall_->ticks_90k - arrival_wall.ticks_90k) < policy_.max_wall_error_90k) {
    r.start_wall = *previous_end_wall_;
  }
  previous_end_wall_.reset();
  if (gap_open_) {
    Submit(GapJob{camera_id_, r.start_wall, true, "", ""});
    gap_open_ = false;
  }
  OpenRecordingJob job;
  job.handle = r.handle;
  job.camera_id = camera_id_;
  job.params = params;
  job.start_wall = r.start_wall;
  job.media_start_90k = 0;
  job.open_reason = next_reason_;
  job.init_segment = std::move(*init);
  r.file_bytes = job.init_segment.size();
  open_ = std::move(r);
  ++stats_.recordings;
  Submit(std::move(job));
}

void RecordingBuilder::NoteAnchor(int64_t timestamp_90k, WallTime90k arrival_wall) {
  constexpr size_t kAnchors = 50;
  auto& q = open_->recent_anchor_90k;
  q.push_back(arrival_wall.ticks_90k - (timestamp_90k - open_->start_timestamp_90k));
  if (q.size() > kAnchors) q.pop_front();
}

void RecordingBuilder::CommitPending(uint32_t duration_90k) {
  PendingFrame p = std::move(*pending_);
  pending_.reset();
  if (!open_) return;
  if (p.frame.is_key && !open_->samples.empty()) {
    FlushFragment();
    if (!open_) return;  // storage refused the fragment and the recording was closed
  }
  OpenRecording& r = *open_;
  if (r.samples.empty()) r.fragment_start_90k = p.frame.timestamp_90k;
  const auto size = static_cast<uint32_t>(p.frame.data.size());
  r.index.push_back(FrameIndexEntry{duration_90k, size, p.frame.is_key, r.samples.empty(), 0});
  r.samples.push_back(mp4::SampleInfo{duration_90k, size, p.frame.is_key, 0});
  r.data.insert(r.data.end(), p.frame.data.begin(), p.frame.data.end());
  ++r.frames;
  if (p.frame.is_key) ++r.key_frames;
  last_duration_90k_ = duration_90k;
  const int64_t fragment_span_90k = p.frame.timestamp_90k + duration_90k - r.fragment_start_90k;
  if (r.data.size() >= policy_.max_fragment_bytes || fragment_span_90k >= policy_.max_fragment_90k) {
    FlushFragment();
  }
}

void RecordingBuilder::FlushFragment() {
  OpenRecording& r = *open_;
  if (r.samples.empty()) return;
  const int64_t decode_90k = r.fragment_start_90k - r.start_timestamp_90k;
  const WallTime90k wall{r.start_wall.ticks_90k + decode_90k};
  AppendFragmentJob job;
  job.handle = r.handle;
  auto header = mp4::BuildFragmentHeader(r.next_sequence, decode_90k, wall, r.samples, r.data.size());
  if (header) job.header = std::move(*header);
  const size_t first = r.index.size() - r.samples.size();
  const uint64_t header_bytes = job.header.size();
  const uint64_t bytes = header_bytes + r.data.size();
  job.data = std::move(r.data);
  r.data = Bytes();
  r.data.reserve(bytes);  // about the next fragment's size: one allocation per fragment
  if (!header || !sink_.Submit(std::move(job)).ok()) {
    // Storage cannot keep up: this fragment is lost. The recording ends before it so that
    // the index never names bytes the file does not hold; a key frame starts the next one.
    ++stats_.fragments_dropped;
    stats_.frames_dropped += r.samples.size();
    r.frames -= r.samples.size();
    for (const mp4::SampleInfo& s : r.samples) r.key_frames -= s.is_key ? 1 : 0;
    r.index.resize(first);
    const int64_t end_90k = r.fragment_start_90k;
    r.samples.clear();
    r.data.clear();
    Close(end_90k);
    next_reason_ = "reconnect";
    if (last_end_wall_) {
      Submit(GapJob{camera_id_, *last_end_wall_, false, "overload", "storage queue full: the disk could not keep up"});
      gap_open_ = true;
    }
    waiting_for_key_ = true;
    return;
  }
  r.index[first].data_offset = r.file_bytes + header_bytes;
  r.file_bytes += bytes;
  stats_.bytes += bytes;
  stats_.frames += r.samples.size();
  ++r.next_sequence;
  r.samples.clear();
  r.data.clear();
}

void RecordingBuilder::Close(int64_t end_timestamp_90k) {
  FlushFragment();
  if (!open_) return;  // FlushFragment may have closed it after a storage failure
  OpenRecording& r = *open_;
  const int64_t media_90k = end_timestamp_90k - r.start_timestamp_90k;
  const int64_t naive_end = r.start_wall.ticks_90k + media_90k;
  // Stretch wall time by at most max_rate_correction so that it follows the local clock;
  // past max_wall_error, keep the media duration and re-anchor the next recording.
  int64_t error_90k = 0;
  bool reanchor = false;
  if (!r.recent_anchor_90k.empty()) {
    error_90k = *std::min_element(r.recent_anchor_90k.begin(), r.recent_anchor_90k.end()) -
                r.start_wall.ticks_90k;
    reanchor = std::llabs(error_90k) > policy_.max_wall_error_90k;
  }
  const auto limit = static_cast<int64_t>(static_cast<double>(media_90k) * policy_.max_rate_correction);
  const int64_t applied = reanchor ? 0 : std::clamp(error_90k, -limit, limit);
  CloseRecordingJob job;
  job.handle = r.handle;
  job.end_wall = WallTime90k{naive_end + applied};
  job.media_duration_90k = media_90k;
  job.bytes = r.file_bytes;
  job.frames = r.frames;
  job.key_frames = r.key_frames;
  job.frame_index = EncodeFrameIndex(r.index);
  last_end_wall_ = job.end_wall;
  previous_end_wall_.reset();
  if (reanchor) {
    ++stats_.discontinuities;
  } else {
    previous_end_wall_ = job.end_wall;
  }
  open_.reset();
  Submit(std::move(job));
}

void RecordingBuilder::Submit(StorageJob job) {
  // Control jobs (open, close, gap) are always accepted by the sink; only fragments can be
  // refused, and FlushFragment handles that.
  (void)sink_.Submit(std::move(job));
}

}  // namespace custos
