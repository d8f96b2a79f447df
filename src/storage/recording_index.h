// recording_index.h: what the disk writer needs from the catalog, as an interface.
//
// The disk writer records rows through this interface so that it can be tested with a fake
// and so that the SQLite and PostgreSQL catalogs can both serve it. Thread-safety: an
// implementation is used by one thread (the disk writer's) for its whole life.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "crypto/sha256.h"
#include "storage/jobs.h"

namespace custos {

class RecordingIndex {
 public:
  virtual ~RecordingIndex() = default;
  // Adds the row of a recording being written (state 'writing'); returns its id.
  virtual Result<int64_t> InsertRecording(const OpenRecordingJob& job, const std::string& file_path) = 0;
  // Completes the row: end time, duration, counts, frame index; state 'complete'.
  virtual Status FinishRecording(int64_t id, const CloseRecordingJob& job) = 0;
  // Appends a finished recording to its camera's hash chain (docs/design/integrity.md),
  // with the SHA-256 and size of the file as closed; may sign a checkpoint.
  virtual Status SealRecording(int64_t id, const Sha256Digest& file_sha256, int64_t file_bytes) = 0;
  // Removes the row of a recording whose file could not be created.
  virtual Status DeleteRecording(int64_t id) = 0;
  virtual Status OpenGap(const GapJob& job) = 0;
  virtual Status CloseGap(const GapJob& job) = 0;
};

}  // namespace custos
