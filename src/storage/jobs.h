// jobs.h: the storage operations that ingest hands to a disk writer.
//
// Ingest (on an event loop) decides what goes into which recording and builds the bytes;
// the disk writer (a thread per disk) performs the blocking work: catalog rows, files,
// writes and fsyncs, in the order written down in docs/design/storage.md. A recording is
// named by a `handle` that ingest allocates, so that ingest never waits for the database.
// Thread-safety: plain values, moved across the queue.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "base/bytes.h"
#include "base/time.h"
#include "media/frame.h"

namespace custos {

using RecordingHandle = uint64_t;

// Creates the catalog row (state 'writing'), then the file, then writes the init segment.
struct OpenRecordingJob {
  RecordingHandle handle = 0;
  std::string camera_id;
  VideoParams params;
  WallTime90k start_wall;
  int64_t media_start_90k = 0;
  std::string open_reason;  // start, rotate, params_changed, reconnect, discontinuity
  Bytes init_segment;
};

// Appends one fragment: `header` (prft + moof + mdat header) then `data` (the samples).
struct AppendFragmentJob {
  RecordingHandle handle = 0;
  Bytes header;
  Bytes data;
};

// Finishes a recording: fsync the file, then commit its summary and frame index.
struct CloseRecordingJob {
  RecordingHandle handle = 0;
  WallTime90k end_wall;
  int64_t media_duration_90k = 0;
  uint64_t bytes = 0;
  uint64_t frames = 0;
  uint64_t key_frames = 0;
  Bytes frame_index;  // catalog/frame_index.h encoding
};

// Opens or closes a gap in the camera's timeline (offline, loss, restart, ...).
struct GapJob {
  std::string camera_id;
  WallTime90k start_wall;
  bool close = false;  // false: open a gap at start_wall; true: close the open gap at start_wall
  std::string reason;
  std::string detail;
};

using StorageJob = std::variant<OpenRecordingJob, AppendFragmentJob, CloseRecordingJob, GapJob>;

// Where ingest sends jobs. Submit never blocks; a full queue is ResourceExhausted and the
// caller drops the fragment (counted, and recorded as a gap).
class StorageSink {
 public:
  virtual ~StorageSink() = default;
  virtual Status Submit(StorageJob job) = 0;
};

}  // namespace custos
