// recording_builder.h: turns one camera's frames into recordings, fragments and an index.
//
// RecordingBuilder decides where recordings start and end (rotation about once a minute at
// a key frame, a change of parameter sets, a timestamp discontinuity, packet loss) and
// builds the bytes of each fragment (one per GOP, or finer when a GOP is large). It maps
// the media timeline to wall time by the rules of docs/design/time.md. It does no I/O:
// everything goes to a StorageSink as jobs. Thread-safety: one owner (the camera's event
// loop); not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "catalog/frame_index.h"
#include "media/frame.h"
#include "mp4/fragment.h"
#include "storage/jobs.h"

namespace custos {

struct RecordingPolicy {
  int64_t rotate_after_90k = 60 * kTicksPerSecond90k;  // close at the first key frame after this
  size_t max_fragment_bytes = 256 * 1024;              // bounds memory per camera
  int64_t max_fragment_90k = kTicksPerSecond90k;       // bounds what a crash can lose
  int64_t max_frame_step_90k = 10 * kTicksPerSecond90k;  // a larger step is a discontinuity
  int64_t loss_gap_90k = kTicksPerSecond90k;           // lost media longer than this is a gap
  int64_t max_wall_error_90k = kTicksPerSecond90k;     // past this, re-anchor to the local clock
  double max_rate_correction = 500e-6;                 // how far wall may stretch media per recording
};

struct RecordingBuilderStats {
  uint64_t frames = 0;             // frames written
  uint64_t bytes = 0;              // bytes submitted to storage
  uint64_t frames_dropped = 0;     // not written: waiting for a key frame after loss or start
  uint64_t fragments_dropped = 0;  // storage queue full
  uint64_t recordings = 0;         // recordings opened
  uint64_t discontinuities = 0;
  uint64_t frames_merged = 0;      // same-timestamp pieces joined into one picture
  uint64_t bad_params = 0;         // parameter sets no MP4 sample entry can carry
};

class RecordingBuilder {
 public:
  RecordingBuilder(std::string camera_id, const Clock& clock, StorageSink& sink, RecordingPolicy policy = {});
  ~RecordingBuilder();
  RecordingBuilder(const RecordingBuilder&) = delete;
  RecordingBuilder& operator=(const RecordingBuilder&) = delete;

  // Adds the next frame of the stream; `params` are the parameter sets it was coded with.
  void AddFrame(Frame frame, const VideoParams& params);
  // The stream ended: writes what is pending and closes the recording. `gap_reason` says why
  // ('camera_offline', 'restart', ...: catalog GapReason names); a gap is opened at the end of the recording and
  // closed when the next recording starts.
  void Finish(const std::string& gap_reason, const std::string& detail = "");

  const RecordingBuilderStats& stats() const { return stats_; }
  bool recording_open() const { return open_.has_value(); }

 private:
  struct PendingFrame {
    Frame frame;
    WallTime90k arrival_wall;
  };
  // The recording being written: its identity, timeline anchor and what it holds so far.
  struct OpenRecording {
    RecordingHandle handle = 0;
    uint32_t params_generation = 0;
    int64_t start_timestamp_90k = 0;  // media time of its first frame
    WallTime90k start_wall;
    uint64_t file_bytes = 0;          // bytes submitted so far (init segment included)
    uint64_t frames = 0;
    uint64_t key_frames = 0;
    uint32_t next_sequence = 1;
    std::vector<FrameIndexEntry> index;
    // The fragment being filled.
    std::vector<mp4::SampleInfo> samples;
    Bytes data;
    int64_t fragment_start_90k = 0;
    // Recent (arrival wall - media offset) anchors; their minimum estimates the true anchor,
    // because network delay only ever makes a frame arrive later.
    std::deque<int64_t> recent_anchor_90k;
  };

  void MergeIntoPending(Frame frame);
  bool NeedsNewRecording(const Frame& next, uint32_t generation) const;
  void CommitPending(uint32_t duration_90k);
  void OpenNew(const Frame& first, const VideoParams& params, WallTime90k arrival_wall);
  void Close(int64_t end_timestamp_90k);
  void CloseForGap(const std::string& gap_reason, const std::string& open_reason, const std::string& detail);
  void FlushFragment();
  void Submit(StorageJob job);
  WallTime90k ArrivalWall(const Frame& f) const;
  void NoteAnchor(int64_t timestamp_90k, WallTime90k arrival_wall);

  std::string camera_id_;
  const Clock& clock_;
  StorageSink& sink_;
  RecordingPolicy policy_;
  RecordingBuilderStats stats_;

  std::optional<PendingFrame> pending_;
  std::optional<OpenRecording> open_;
  bool waiting_for_key_ = true;
  std::string next_reason_ = "start";
  uint32_t last_duration_90k_ = 3600;  // 25 fps until a real duration is known
  // Where the previous recording of this stream ended, for contiguous rotation.
  std::optional<WallTime90k> previous_end_wall_;
  // Where the last recording ended, whatever the anchor: gaps start there.
  std::optional<WallTime90k> last_end_wall_;
  // True at first: a gap left open by an earlier run (restart) closes at the first recording.
  bool gap_open_ = true;
  bool loss_since_accept_ = false;
};

}  // namespace custos
