// disk_writer.h: the thread that owns one disk's recording files.
//
// DiskWriter is a StorageSink: event loops Submit() jobs (never blocking), and its own
// thread performs them in order, with the writes, fsyncs and catalog commits in the order
// of docs/design/storage.md ("Order of writes"). Fragments are refused when more than
// `max_queued_bytes` wait (the caller records the loss); control jobs are always taken.
// Thread-safety: Submit(), stats() and CameraError() are thread-safe; Start/Stop are called
// by the owner thread. The RecordingIndex is used only on the writer thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "base/clock.h"
#include "crypto/sha256.h"
#include "storage/jobs.h"
#include "storage/recording_index.h"

namespace custos {

struct DiskWriterOptions {
  std::string data_dir;                         // recordings go under DATA/recordings/
  size_t max_queued_bytes = 64 * 1024 * 1024;   // fragments beyond this are refused
  // Start writeback (sync_file_range, which does not wait) after this many bytes of a file,
  // so dirty pages never pile up into a long stall; durability comes at close (fdatasync).
  uint64_t writeback_every_bytes = 1024 * 1024;
};

struct DiskWriterStats {
  uint64_t recordings_opened = 0;
  uint64_t recordings_closed = 0;
  uint64_t fragments_written = 0;
  uint64_t bytes_written = 0;
  uint64_t fragments_refused = 0;  // queue full
  uint64_t write_errors = 0;
  uint64_t queued_bytes = 0;
  uint64_t recordings_sealed = 0;  // hashed and linked into their camera's chain
  uint64_t hash_ns = 0;            // writer-thread time spent in SHA-256 (integrity)
};

class DiskWriter final : public StorageSink {
 public:
  DiskWriter(DiskWriterOptions options, RecordingIndex& index, const Clock& clock);
  ~DiskWriter() override;

  void Start();
  // Performs every queued job, then joins the thread. Submit() after Stop() is refused.
  void Stop();

  Status Submit(StorageJob job) override;
  DiskWriterStats stats() const;
  // The last storage error that hit this camera (empty if none since its last success).
  std::string CameraError(const std::string& camera_id) const;

  // Relative path of a recording file: recordings/<camera>/<YYYY-MM-DD>/<start>-<handle>.mp4
  static std::string RecordingPath(const std::string& camera_id, WallTime90k start, RecordingHandle handle);

 private:
  struct OpenFile {
    int fd = -1;
    int64_t recording_id = 0;
    std::string camera_id;
    std::string path;
    uint64_t bytes = 0;          // written so far
    uint64_t writeback_from = 0;  // bytes before this have had writeback started
    bool failed = false;  // a write failed: later appends are dropped, close still commits
    Sha256 sha;           // of every byte written, in order: the file's SHA-256 at close
  };

  void Run();
  void Perform(StorageJob& job);
  void DoOpen(OpenRecordingJob& job);
  void DoAppend(AppendFragmentJob& job);
  void DoClose(CloseRecordingJob& job);
  void DoGap(GapJob& job);
  void NoteError(const std::string& camera_id, const Status& s);
  uint64_t Hash(OpenFile& f, ByteSpan a, ByteSpan b = {});  // returns the nanoseconds it took
  void Seal(OpenFile& f);

  DiskWriterOptions options_;
  RecordingIndex& index_;
  const Clock& clock_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<StorageJob> queue_;          // GUARDED_BY(mu_)
  size_t queued_bytes_ = 0;               // GUARDED_BY(mu_)
  bool stopping_ = false;                 // GUARDED_BY(mu_)
  DiskWriterStats stats_;                 // GUARDED_BY(mu_)
  std::map<std::string, std::string> camera_errors_;  // GUARDED_BY(mu_)

  std::unordered_map<RecordingHandle, OpenFile> files_;  // writer thread only
  std::thread thread_;
};

}  // namespace custos
