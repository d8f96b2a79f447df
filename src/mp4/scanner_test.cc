#include "mp4/scanner.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "mp4/box.h"
#include "mp4/test_util.h"

namespace custos::mp4 {
namespace {

using testing::MakeTestFile;
using testing::TestFile;
using testing::TestFragment;
using testing::TestFragments;
using testing::TestParams;

// Checks that `scan` holds exactly the first `count` fragments of `want`, with their
// sample bytes where the scan says they are.
void ExpectFragments(const ScannedFile& scan, const std::vector<TestFragment>& want, const TestFile& file,
                     size_t count) {
  ASSERT_EQ(scan.fragments.size(), count);
  for (size_t f = 0; f < count; ++f) {
    const ScannedFragment& got = scan.fragments[f];
    EXPECT_EQ(got.offset, f == 0 ? file.init_size : file.fragment_ends[f - 1]);
    EXPECT_EQ(got.end_offset, file.fragment_ends[f]);
    EXPECT_EQ(got.sequence_number, f + 1);
    EXPECT_EQ(got.base_media_decode_time_90k, want[f].base_90k);
    EXPECT_EQ(got.wall_time, want[f].wall_time);
    EXPECT_EQ(got.samples, want[f].samples);
    uint64_t at = got.data_offset;
    for (size_t s = 0; s < got.samples.size(); ++s) {
      Bytes expected = testing::SampleBytes(f, s, got.samples[s].size_bytes);
      ASSERT_LE(at + expected.size(), file.bytes.size());
      EXPECT_TRUE(std::equal(expected.begin(), expected.end(), file.bytes.begin() + static_cast<ptrdiff_t>(at)));
      at += expected.size();
    }
    EXPECT_EQ(at, got.end_offset);
    EXPECT_EQ(got.duration_90k, int64_t{3600} * static_cast<int64_t>(got.samples.size()));
  }
}

TEST(ScannerTest, RoundTripsBothCodecs) {
  for (VideoCodec codec : {VideoCodec::kH264, VideoCodec::kH265}) {
    VideoParams params = TestParams(codec);
    std::vector<TestFragment> frags = TestFragments(3, 5, 123456);
    frags[1].wall_time.reset();                       // prft is optional
    frags[2].samples[3].composition_offset_90k = -3600;  // B-frame reordering
    TestFile file = MakeTestFile(params, frags);
    Result<ScannedFile> scan = ScanBuffer(file.bytes);
    ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
    EXPECT_EQ(scan->params, params);
    EXPECT_EQ(scan->init_size, file.init_size);
    EXPECT_EQ(scan->valid_bytes, file.bytes.size());
    EXPECT_EQ(scan->file_bytes, file.bytes.size());
    EXPECT_EQ(scan->tail_problem, "");
    ExpectFragments(*scan, frags, file, 3);
  }
}

TEST(ScannerTest, InitSegmentAloneIsAValidEmptyRecording) {
  TestFile file = MakeTestFile(TestParams(VideoCodec::kH264), {});
  Result<ScannedFile> scan = ScanBuffer(file.bytes);
  ASSERT_TRUE(scan.has_value());
  EXPECT_TRUE(scan->fragments.empty());
  EXPECT_EQ(scan->valid_bytes, file.init_size);
  EXPECT_EQ(scan->tail_problem, "");
}

TEST(ScannerTest, ScanFileMatchesScanBuffer) {
  TestFile file = MakeTestFile(TestParams(VideoCodec::kH265), TestFragments(4, 3));
  testing::TempDir dir;
  std::string path = dir.File("rec.mp4");
  testing::WriteFileOrDie(path, file.bytes);
  Result<ScannedFile> from_path = ScanFile(path);
  ASSERT_TRUE(from_path.has_value()) << from_path.error().ToString();
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  Result<ScannedFile> from_fd = ScanFile(fd);
  ::close(fd);
  Result<ScannedFile> from_buffer = ScanBuffer(file.bytes);
  ASSERT_TRUE(from_fd.has_value() && from_buffer.has_value());
  for (const ScannedFile* s : {&*from_path, &*from_fd}) {
    EXPECT_EQ(s->params, from_buffer->params);
    EXPECT_EQ(s->valid_bytes, from_buffer->valid_bytes);
    EXPECT_EQ(s->fragments.size(), 4u);
  }
  EXPECT_EQ(ScanFile(dir.File("missing.mp4")).error().code(), StatusCode::kNotFound);
}

// The crash-recovery property: a file cut at any byte scans to exactly its complete
// fragments, and says what is wrong unless the cut falls between fragments.
TEST(ScannerTest, TruncationAtEveryOffsetKeepsTheCompleteFragments) {
  std::vector<TestFragment> frags = TestFragments(4, 3);
  frags[2].wall_time.reset();
  TestFile file = MakeTestFile(TestParams(VideoCodec::kH264), frags);
  for (size_t cut = 0; cut <= file.bytes.size(); ++cut) {
    Result<ScannedFile> scan = ScanBuffer(ByteSpan(file.bytes).first(cut));
    if (cut < file.init_size) {
      ASSERT_FALSE(scan.has_value()) << cut;
      EXPECT_EQ(scan.error().code(), StatusCode::kDataLoss) << cut;
      continue;
    }
    ASSERT_TRUE(scan.has_value()) << cut << ": " << scan.error().ToString();
    size_t complete = 0;
    while (complete < file.fragment_ends.size() && file.fragment_ends[complete] <= cut) ++complete;
    ExpectFragments(*scan, frags, file, complete);
    uint64_t valid = complete == 0 ? file.init_size : file.fragment_ends[complete - 1];
    EXPECT_EQ(scan->valid_bytes, valid) << cut;
    EXPECT_EQ(scan->file_bytes, cut);
    EXPECT_EQ(scan->tail_problem.empty(), cut == valid) << cut << ": " << scan->tail_problem;
    if (::testing::Test::HasFailure()) return;
  }
}

class CorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    frags_ = TestFragments(3, 4);
    file_ = MakeTestFile(TestParams(VideoCodec::kH264), frags_);
  }
  // File offset of the payload of box `path` inside fragment `f` (after its prft).
  size_t Find(size_t f, std::initializer_list<const char*> path) {
    size_t start = f == 0 ? file_.init_size : file_.fragment_ends[f - 1];
    ByteSpan frag = ByteSpan(file_.bytes).subspan(start, file_.fragment_ends[f] - start);
    std::optional<ByteSpan> box = testing::FindBox(frag, path);
    EXPECT_TRUE(box);
    return static_cast<size_t>(box->data() - file_.bytes.data());
  }
  void PutU32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) file_.bytes[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
  }
  // Scans and expects fragment 0 kept, the rest cut with a problem mentioning `what`.
  void ExpectCutAfterFirst(const std::string& what) {
    Result<ScannedFile> scan = ScanBuffer(file_.bytes);
    ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
    ASSERT_EQ(scan->fragments.size(), 1u) << scan->tail_problem;
    EXPECT_EQ(scan->valid_bytes, file_.fragment_ends[0]);
    EXPECT_NE(scan->tail_problem.find(what), std::string::npos) << scan->tail_problem;
    EXPECT_EQ(scan->tail_problem.rfind("fragment at offset " + std::to_string(file_.fragment_ends[0]) + ": ", 0), 0u)
        << scan->tail_problem;
  }

  std::vector<TestFragment> frags_;
  TestFile file_;
};

TEST_F(CorruptionTest, SampleCountLargerThanTheTrun) {
  PutU32(Find(1, {"moof", "traf", "trun"}) + 4, 5);
  ExpectCutAfterFirst("trun declares 5 samples");
}

TEST_F(CorruptionTest, HugeSampleCount) {
  PutU32(Find(1, {"moof", "traf", "trun"}) + 4, 0xffffffff);
  ExpectCutAfterFirst("over the limit");
}

TEST_F(CorruptionTest, SampleSizeDisagreesWithMdat) {
  size_t trun = Find(1, {"moof", "traf", "trun"});
  PutU32(trun + 12 + 4, frags_[1].samples[0].size_bytes + 1);
  ExpectCutAfterFirst("sum to");
}

TEST_F(CorruptionTest, EmptySample) {
  PutU32(Find(1, {"moof", "traf", "trun"}) + 12 + 4, 0);
  ExpectCutAfterFirst("sample 0 is empty");
}

TEST_F(CorruptionTest, DataOffsetOutsideTheMdat) {
  PutU32(Find(1, {"moof", "traf", "trun"}) + 8, 4);
  ExpectCutAfterFirst("data offset");
}

TEST_F(CorruptionTest, WrongTrack) {
  PutU32(Find(1, {"moof", "traf", "tfhd"}) + 4, 2);
  ExpectCutAfterFirst("tfhd names track 2");
}

TEST_F(CorruptionTest, MissingTfdt) {
  size_t tfdt = Find(1, {"moof", "traf", "tfdt"});
  PutU32(tfdt - 4, FourCC("free"));
  ExpectCutAfterFirst("traf has 0 'tfdt' boxes");
}

TEST_F(CorruptionTest, BoxOverrunsMoof) {
  PutU32(Find(1, {"moof", "traf"}) - 8, 0x1000);
  ExpectCutAfterFirst("overruns");
}

TEST_F(CorruptionTest, MdatTypeDamaged) {
  PutU32(file_.fragment_ends[1] - SumSampleBytes(frags_[1].samples) - 4, FourCC("junk"));
  ExpectCutAfterFirst("'junk' where the moof's mdat box should be");
}

TEST_F(CorruptionTest, PrftMediaTimeDisagrees) {
  PutU32(Find(1, {"prft"}) + 20, 1);
  ExpectCutAfterFirst("prft media_time");
}

TEST_F(CorruptionTest, StaleFragmentRepeated) {
  // A crash can leave old blocks after the real end: a copy of fragment 0 after fragment 0.
  Bytes first(file_.bytes.begin() + static_cast<ptrdiff_t>(file_.init_size),
              file_.bytes.begin() + static_cast<ptrdiff_t>(file_.fragment_ends[0]));
  file_.bytes.resize(file_.fragment_ends[0]);
  file_.bytes.insert(file_.bytes.end(), first.begin(), first.end());
  ExpectCutAfterFirst("sequence number 1 does not follow 1");
}

TEST_F(CorruptionTest, ZerosAfterTheEnd) {
  file_.bytes.resize(file_.fragment_ends[0]);
  file_.bytes.resize(file_.bytes.size() + 4096, 0);  // a torn page, as ext4 may leave
  ExpectCutAfterFirst("size 0");
}

TEST_F(CorruptionTest, JunkAfterTheEnd) {
  file_.bytes.resize(file_.fragment_ends[0]);
  for (int i = 0; i < 3; ++i) file_.bytes.push_back(static_cast<uint8_t>(0x41 + i));
  ExpectCutAfterFirst("truncated box header (3 bytes left");
}

TEST(ScannerInitTest, CorruptInitSegmentsAreDataLoss) {
  TestFile file = MakeTestFile(TestParams(VideoCodec::kH264), TestFragments(1, 2));
  auto expect_data_loss = [](const Bytes& b, const std::string& what) {
    Result<ScannedFile> scan = ScanBuffer(b);
    ASSERT_FALSE(scan.has_value()) << what;
    EXPECT_EQ(scan.error().code(), StatusCode::kDataLoss);
    EXPECT_NE(scan.error().message().find(what), std::string::npos) << scan.error().message();
  };
  expect_data_loss({}, "empty");
  Bytes no_ftyp = file.bytes;
  no_ftyp[4] = 'x';
  expect_data_loss(no_ftyp, "not 'ftyp'");
  Bytes no_moov(file.bytes.begin(), file.bytes.begin() + 36);
  expect_data_loss(no_moov, "truncated box header");
  // Overwrites 4 bytes at `at` from the payload of the box at `path` (-4: its type).
  auto patch = [&](std::initializer_list<const char*> path, ptrdiff_t at, uint32_t v) {
    Bytes b = file.bytes;
    ptrdiff_t off = (testing::FindBox(b, path)->data() - b.data()) + at;
    for (int i = 0; i < 4; ++i) b[static_cast<size_t>(off + i)] = static_cast<uint8_t>(v >> (24 - 8 * i));
    return b;
  };
  expect_data_loss(patch({"moov", "trak", "mdia", "mdhd"}, 12, 1000), "timescale is 1000");
  expect_data_loss(patch({"moov", "trak", "mdia", "hdlr"}, 8, FourCC("soun")), "not 'vide'");
  expect_data_loss(patch({"moov", "trak", "mdia", "minf", "stbl", "stsd"}, 12, FourCC("mp4v")), "mp4v");
  expect_data_loss(patch({"moov", "mvex"}, -4, FourCC("free")), "not a fragmented MP4");
  // stsd payload: 8 bytes, then the avc1 entry's 8-byte header, then width at 24.
  expect_data_loss(patch({"moov", "trak", "mdia", "minf", "stbl", "stsd"}, 8 + 8 + 24, 0), "no width or height");
  expect_data_loss(patch({"moov", "trak"}, -4, FourCC("free")), "0 tracks");
}

class FailingSource final : public ByteSource {
 public:
  FailingSource(ByteSpan data, uint64_t fail_at) : inner_(data), fail_at_(fail_at) {}
  uint64_t size_bytes() const override { return inner_.size_bytes(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) override {
    if (offset + out.size() > fail_at_) return DataLoss("pread: Input/output error");
    return inner_.ReadAt(offset, out);
  }

 private:
  MemoryByteSource inner_;
  uint64_t fail_at_;
};

// An I/O error must never look like a torn tail, or recovery would truncate good video.
TEST(ScannerTest, ReadErrorsAreErrorsNotTailProblems) {
  TestFile file = MakeTestFile(TestParams(VideoCodec::kH264), TestFragments(3, 2));
  FailingSource source(file.bytes, file.fragment_ends[1] + 10);
  Result<ScannedFile> scan = ScanSource(source);
  ASSERT_FALSE(scan.has_value());
  EXPECT_NE(scan.error().message().find("Input/output error"), std::string::npos);
}

}  // namespace
}  // namespace custos::mp4
