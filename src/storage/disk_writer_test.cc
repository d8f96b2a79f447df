#include "storage/disk_writer.h"

#include <filesystem>
#include <fstream>
#include <mutex>

#include <gtest/gtest.h>

#include "base/file_util.h"

namespace custos {
namespace {

namespace fs = std::filesystem;

class FakeIndex : public RecordingIndex {
 public:
  Result<int64_t> InsertRecording(const OpenRecordingJob& job, const std::string& file_path) override {
    std::lock_guard lock(mu);
    if (fail_insert) return Err(Unavailable("database is locked"));
    paths.push_back(file_path);
    return ++next_id;
  }
  Status FinishRecording(int64_t id, const CloseRecordingJob& job) override {
    std::lock_guard lock(mu);
    finished.push_back({id, job.bytes});
    return Status::Ok();
  }
  Status SealRecording(int64_t id, const Sha256Digest& file_sha256, int64_t file_bytes) override {
    std::lock_guard lock(mu);
    sealed.push_back({id, file_sha256, file_bytes});
    return Status::Ok();
  }
  Status DeleteRecording(int64_t id) override {
    std::lock_guard lock(mu);
    deleted.push_back(id);
    return Status::Ok();
  }
  Status OpenGap(const GapJob& job) override {
    std::lock_guard lock(mu);
    gaps.push_back(job.reason);
    return Status::Ok();
  }
  Status CloseGap(const GapJob&) override { return Status::Ok(); }

  std::mutex mu;
  bool fail_insert = false;
  int64_t next_id = 0;
  std::vector<std::string> paths;
  std::vector<std::pair<int64_t, uint64_t>> finished;
  std::vector<int64_t> deleted;
  std::vector<std::string> gaps;
  struct Sealed {
    int64_t id;
    Sha256Digest sha;
    int64_t bytes;
  };
  std::vector<Sealed> sealed;
};

class DiskWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("custos_dw_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  OpenRecordingJob Open(RecordingHandle h) {
    OpenRecordingJob j;
    j.handle = h;
    j.camera_id = "cam1";
    j.start_wall = WallTime90k{int64_t{1795422600} * kTicksPerSecond90k};
    j.init_segment = Bytes(100, 0xAA);
    return j;
  }

  fs::path dir_;
  FakeClock clock_;
  FakeIndex index_;
};

TEST_F(DiskWriterTest, WritesInitFragmentsAndFinishesTheRow) {
  DiskWriter w({dir_.string()}, index_, clock_);
  w.Start();
  ASSERT_TRUE(w.Submit(Open(7)).ok());
  ASSERT_TRUE(w.Submit(AppendFragmentJob{7, Bytes(20, 0x01), Bytes(1000, 0x02)}).ok());
  ASSERT_TRUE(w.Submit(AppendFragmentJob{7, Bytes(20, 0x03), Bytes(500, 0x04)}).ok());
  CloseRecordingJob c;
  c.handle = 7;
  c.bytes = 1640;
  c.frames = 2;
  ASSERT_TRUE(w.Submit(c).ok());
  w.Stop();
  ASSERT_EQ(index_.paths.size(), 1u);
  EXPECT_EQ(index_.paths[0], "recordings/cam1/2026-11-23/2026-11-23T08-30-00.000Z-7.mp4");
  auto bytes = ReadFileBytes((dir_ / index_.paths[0]).string());
  ASSERT_TRUE(bytes);
  ASSERT_EQ(bytes->size(), 1640u);
  EXPECT_EQ((*bytes)[0], 0xAA);
  EXPECT_EQ((*bytes)[100], 0x01);
  EXPECT_EQ((*bytes)[120], 0x02);
  EXPECT_EQ((*bytes)[1120], 0x03);
  EXPECT_EQ((*bytes)[1639], 0x04);
  ASSERT_EQ(index_.finished.size(), 1u);
  EXPECT_EQ(index_.finished[0].first, 1);
  auto st = w.stats();
  EXPECT_EQ(st.fragments_written, 2u);
  EXPECT_EQ(st.recordings_closed, 1u);
  // Sealed after finishing, with the SHA-256 of exactly the bytes the file holds.
  ASSERT_EQ(index_.sealed.size(), 1u);
  EXPECT_EQ(index_.sealed[0].id, 1);
  EXPECT_EQ(index_.sealed[0].bytes, 1640);
  EXPECT_EQ(index_.sealed[0].sha, *Sha256OfFile((dir_ / index_.paths[0]).string()));
  EXPECT_EQ(st.recordings_sealed, 1u);
}

TEST_F(DiskWriterTest, OnlyFinishedRecordingsWithFramesAreSealed) {
  DiskWriter w({dir_.string()}, index_, clock_);
  w.Start();
  ASSERT_TRUE(w.Submit(Open(8)).ok());
  CloseRecordingJob empty;
  empty.handle = 8;
  ASSERT_TRUE(w.Submit(empty).ok());  // no frames: finished, nothing to seal
  ASSERT_TRUE(w.Submit(Open(9)).ok());
  w.Stop();  // 9 stays 'writing' at stop: recovery finishes and seals it
  EXPECT_EQ(index_.finished.size(), 1u);
  EXPECT_TRUE(index_.sealed.empty());
}

TEST_F(DiskWriterTest, RefusesFragmentsBeyondTheQueueBound) {
  DiskWriterOptions o{dir_.string()};
  o.max_queued_bytes = 1500;
  DiskWriter w(o, index_, clock_);  // not started: the queue only fills
  EXPECT_TRUE(w.Submit(Open(1)).ok());
  EXPECT_TRUE(w.Submit(AppendFragmentJob{1, Bytes(10), Bytes(1000)}).ok());
  Status s = w.Submit(AppendFragmentJob{1, Bytes(10), Bytes(1000)});
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(w.Submit(CloseRecordingJob{}).ok()) << "control jobs are never refused";
  EXPECT_EQ(w.stats().fragments_refused, 1u);
  w.Start();
  w.Stop();
}

TEST_F(DiskWriterTest, CatalogFailureMeansNoFileAndAnError) {
  index_.fail_insert = true;
  DiskWriter w({dir_.string()}, index_, clock_);
  w.Start();
  ASSERT_TRUE(w.Submit(Open(3)).ok());
  ASSERT_TRUE(w.Submit(AppendFragmentJob{3, Bytes(10), Bytes(10)}).ok());
  CloseRecordingJob close;
  close.handle = 3;
  ASSERT_TRUE(w.Submit(close).ok());
  w.Stop();
  EXPECT_FALSE(fs::exists(dir_ / "recordings"));
  EXPECT_NE(w.CameraError("cam1").find("database is locked"), std::string::npos);
  EXPECT_TRUE(index_.finished.empty());
}

TEST_F(DiskWriterTest, UncreatableFileDeletesTheRow) {
  // A plain file where the camera's folder should be: creating the recording fails.
  fs::create_directories(dir_ / "recordings");
  std::ofstream(dir_ / "recordings" / "cam1") << "not a folder";
  DiskWriter w({dir_.string()}, index_, clock_);
  w.Start();
  ASSERT_TRUE(w.Submit(Open(4)).ok());
  w.Stop();
  ASSERT_EQ(index_.deleted.size(), 1u);
  EXPECT_NE(w.CameraError("cam1").find("not a directory"), std::string::npos);
}

}  // namespace
}  // namespace custos
