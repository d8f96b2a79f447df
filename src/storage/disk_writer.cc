#include "storage/disk_writer.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

#include "base/file_util.h"
#include "base/log.h"

namespace custos {

namespace {

size_t JobBytes(const StorageJob& job) {
  if (const auto* a = std::get_if<AppendFragmentJob>(&job)) return a->header.size() + a->data.size();
  return 0;
}

}  // namespace

DiskWriter::DiskWriter(DiskWriterOptions options, RecordingIndex& index, const Clock& clock)
    : options_(std::move(options)), index_(index), clock_(clock) {}

DiskWriter::~DiskWriter() { Stop(); }

void DiskWriter::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void DiskWriter::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status DiskWriter::Submit(StorageJob job) {
  const size_t bytes = JobBytes(job);
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return Unavailable("the disk writer is stopped");
    if (bytes > 0 && queued_bytes_ + bytes > options_.max_queued_bytes) {
      ++stats_.fragments_refused;
      return ResourceExhausted("storage queue full: the disk cannot keep up with the cameras");
    }
    queued_bytes_ += bytes;
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return Status::Ok();
}

DiskWriterStats DiskWriter::stats() const {
  std::lock_guard lock(mu_);
  DiskWriterStats s = stats_;
  s.queued_bytes = queued_bytes_;
  return s;
}

std::string DiskWriter::CameraError(const std::string& camera_id) const {
  std::lock_guard lock(mu_);
  auto it = camera_errors_.find(camera_id);
  return it == camera_errors_.end() ? std::string() : it->second;
}

void DiskWriter::Run() {
  for (;;) {
    StorageJob job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= JobBytes(job);
    }
    Perform(job);
  }
  // Files still open at shutdown stay 'writing'; they are finished by the camera sessions
  // before Stop() in an orderly shutdown, and by recovery otherwise.
  for (auto& [handle, f] : files_) {
    if (f.fd >= 0) {
      ::fdatasync(f.fd);
      ::close(f.fd);
    }
  }
  files_.clear();
}

void DiskWriter::Perform(StorageJob& job) {
  std::visit(
      [this](auto& j) {
        using T = std::decay_t<decltype(j)>;
        if constexpr (std::is_same_v<T, OpenRecordingJob>) DoOpen(j);
        if constexpr (std::is_same_v<T, AppendFragmentJob>) DoAppend(j);
        if constexpr (std::is_same_v<T, CloseRecordingJob>) DoClose(j);
        if constexpr (std::is_same_v<T, GapJob>) DoGap(j);
      },
      job);
}

std::string DiskWriter::RecordingPath(const std::string& camera_id, WallTime90k start, RecordingHandle handle) {
  std::string iso = FormatIso8601(start);  // 2026-11-23T16:39:00.123Z
  for (char& c : iso) {
    if (c == ':') c = '-';
  }
  return "recordings/" + camera_id + "/" + iso.substr(0, 10) + "/" + iso + "-" + std::to_string(handle) + ".mp4";
}

void DiskWriter::NoteError(const std::string& camera_id, const Status& s) {
  spdlog::error("camera {}: storage: {}", camera_id, s.ToString());
  std::lock_guard lock(mu_);
  ++stats_.write_errors;
  camera_errors_[camera_id] = s.ToString();
}

// The writer sees every byte it writes, so it hashes them as they go (no read-back at
// close). Cost: hash_ns in stats; about 0.57 ms per MB with OpenSSL's SHA extensions
// (docs/design/integrity.md).
uint64_t DiskWriter::Hash(OpenFile& f, ByteSpan a, ByteSpan b) {
  const auto t0 = std::chrono::steady_clock::now();
  f.sha.Update(a);
  if (!b.empty()) f.sha.Update(b);
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
}

// After FinishRecording: the file is durable and complete, so its hash is final. A failure
// leaves the recording finished but unsealed; the daemon seals it at its next start.
void DiskWriter::Seal(OpenFile& f) {
  const Sha256Digest digest = f.sha.Finish();
  Status s = index_.SealRecording(f.recording_id, digest, static_cast<int64_t>(f.bytes));
  if (!s.ok()) {
    NoteError(f.camera_id, s.With("sealing the recording into the integrity chain"));
    return;
  }
  std::lock_guard lock(mu_);
  ++stats_.recordings_sealed;
}

void DiskWriter::DoOpen(OpenRecordingJob& job) {
  OpenFile f;
  f.camera_id = job.camera_id;
  f.path = RecordingPath(job.camera_id, job.start_wall, job.handle);
  f.failed = true;
  // Invariant 1: the row is committed before the file exists.
  auto id = index_.InsertRecording(job, f.path);
  if (!id) {
    NoteError(job.camera_id, id.error().With("adding the recording to the catalog"));
    files_[job.handle] = std::move(f);
    return;
  }
  f.recording_id = *id;
  const std::string full = JoinPath(options_.data_dir, f.path);
  const std::string dir = DirName(full);
  bool dir_created = false;
  Status s = MakeDirs(dir, &dir_created);
  if (s.ok()) {
    f.fd = ::open(full.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (f.fd < 0) s = ErrnoStatus(errno, "create " + full);
  }
  if (s.ok()) s = WriteAll(f.fd, job.init_segment, "write " + full);
  if (s.ok()) s = FsyncDir(dir);
  if (!s.ok()) {
    NoteError(job.camera_id, s);
    if (f.fd >= 0) ::close(f.fd);
    f.fd = -1;
    ::unlink(full.c_str());
    (void)index_.DeleteRecording(f.recording_id);
    files_[job.handle] = std::move(f);
    return;
  }
  f.failed = false;
  f.bytes = job.init_segment.size();
  const uint64_t hash_ns = Hash(f, job.init_segment);
  files_[job.handle] = std::move(f);
  {
    std::lock_guard lock(mu_);
    stats_.hash_ns += hash_ns;
    ++stats_.recordings_opened;
    camera_errors_.erase(job.camera_id);
  }
}

void DiskWriter::DoAppend(AppendFragmentJob& job) {
  auto it = files_.find(job.handle);
  if (it == files_.end() || it->second.failed) return;
  OpenFile& f = it->second;
  struct iovec iov[2] = {{job.header.data(), job.header.size()}, {job.data.data(), job.data.size()}};
  Status s = WriteAllV(f.fd, iov, 2, "write " + f.path);
  if (!s.ok()) {
    // A torn fragment may now end the file: recovery and fsck cut it off. Later fragments
    // would land after the tear, so this recording takes no more.
    f.failed = true;
    NoteError(f.camera_id, s);
    return;
  }
  f.bytes += job.header.size() + job.data.size();
  const uint64_t hash_ns = Hash(f, job.header, job.data);
  if (f.bytes - f.writeback_from >= options_.writeback_every_bytes) {
    // Invariant 3: start writeback now, without waiting for it; a blocking fdatasync here
    // would stall every camera behind this one (measured: overload gaps at 256 cameras).
    ::sync_file_range(f.fd, static_cast<off_t>(f.writeback_from), static_cast<off_t>(f.bytes - f.writeback_from),
                      SYNC_FILE_RANGE_WRITE);
    f.writeback_from = f.bytes;
  }
  std::lock_guard lock(mu_);
  stats_.hash_ns += hash_ns;
  ++stats_.fragments_written;
  stats_.bytes_written += job.header.size() + job.data.size();
}

void DiskWriter::DoClose(CloseRecordingJob& job) {
  auto it = files_.find(job.handle);
  if (it == files_.end()) return;
  OpenFile f = std::move(it->second);
  files_.erase(it);
  if (f.recording_id == 0) return;  // never reached the catalog
  if (f.fd >= 0) {
    if (::fdatasync(f.fd) != 0) NoteError(f.camera_id, ErrnoStatus(errno, "fdatasync " + f.path));
    ::close(f.fd);
  }
  if (f.failed) return;  // stays 'writing': recovery rebuilds it from what the file holds
  // Invariant 4: the file is durable before its row says 'complete'.
  Status s = index_.FinishRecording(f.recording_id, job);
  if (!s.ok()) {
    NoteError(f.camera_id, s.With("finishing the recording in the catalog"));
    return;
  }
  {
    std::lock_guard lock(mu_);
    ++stats_.recordings_closed;
  }
  // A recording without frames holds nothing to protect, and fsck --repair may remove it.
  if (job.frames > 0) Seal(f);
}

void DiskWriter::DoGap(GapJob& job) {
  Status s = job.close ? index_.CloseGap(job) : index_.OpenGap(job);
  if (!s.ok()) NoteError(job.camera_id, s.With("recording a gap"));
}

}  // namespace custos
