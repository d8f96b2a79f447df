#include "mp4/export_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <random>

#include <gtest/gtest.h>

#include "mp4/box.h"
#include "mp4/test_util.h"

namespace custos::mp4 {
namespace {

using testing::TestFragment;
using testing::TestFragments;
using testing::TestParams;

// Two recordings of one camera on disk, scanned.
class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    frags_a_ = TestFragments(3, 4, 1000, WallTime90k{SecondsTo90k(1.8e9)});
    frags_b_ = TestFragments(2, 3, 0, std::nullopt);
    Add("a.mp4", frags_a_);
    Add("b.mp4", frags_b_);
  }
  void Add(const std::string& name, const std::vector<TestFragment>& frags, VideoCodec codec = VideoCodec::kH264) {
    testing::TestFile file = testing::MakeTestFile(TestParams(codec), frags);
    testing::WriteFileOrDie(dir_.File(name), file.bytes);
    Result<ScannedFile> scan = ScanBuffer(file.bytes);
    ASSERT_TRUE(scan.has_value());
    scans_.push_back(std::make_unique<ScannedFile>(std::move(*scan)));
  }
  ExportPiece Piece(size_t file, size_t f0, size_t s0, size_t f1, size_t s1, int64_t start_90k) {
    return ExportPiece{.path = dir_.File(file == 0 ? "a.mp4" : file == 1 ? "b.mp4" : "c.mp4"),
                       .scan = scans_[file].get(),
                       .first_fragment = f0, .first_sample = s0, .end_fragment = f1, .end_sample = s1,
                       .media_start_90k = start_90k};
  }
  Bytes Write(const ExportPlan& plan) {
    std::string out = dir_.File("out.mp4");
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    EXPECT_GE(fd, 0);
    Status s = WriteExport(plan, fd);
    ::close(fd);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return testing::ReadFileOrDie(out);
  }

  testing::TempDir dir_;
  std::vector<TestFragment> frags_a_, frags_b_;
  std::vector<std::unique_ptr<ScannedFile>> scans_;
};

TEST_F(ExportTest, CutsRenumbersAndRebases) {
  // a: fragment 1 from its first sample through fragment 2 sample 1 (4 + 2 samples);
  // b: everything (6 samples), right after.
  std::vector<ExportPiece> pieces = {Piece(0, 1, 0, 2, 2, 0), Piece(1, 0, 0, 2, 0, 6 * 3600)};
  Result<ExportPlan> plan = PlanExport(pieces);
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  EXPECT_EQ(plan->fragment_count, 4u);
  EXPECT_EQ(plan->sample_count, 12u);
  EXPECT_EQ(plan->duration_90k, 12 * 3600);
  Bytes out = Write(*plan);
  ASSERT_EQ(out.size(), plan->total_bytes);

  Result<ScannedFile> scan = ScanBuffer(out);
  ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
  EXPECT_EQ(scan->tail_problem, "");
  EXPECT_EQ(scan->params, scans_[0]->params);
  ASSERT_EQ(scan->fragments.size(), 4u);
  int64_t expected_base = 0;
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(scan->fragments[i].sequence_number, i + 1);
    EXPECT_EQ(scan->fragments[i].base_media_decode_time_90k, expected_base);
    expected_base += scan->fragments[i].duration_90k;
  }
  // Samples and their bytes are the sources'.
  const std::vector<SampleInfo>& a2 = frags_a_[2].samples;
  EXPECT_EQ(scan->fragments[0].samples, frags_a_[1].samples);
  EXPECT_EQ(scan->fragments[1].samples, std::vector<SampleInfo>(a2.begin(), a2.begin() + 2));
  EXPECT_EQ(scan->fragments[3].samples, frags_b_[1].samples);
  const std::vector<std::tuple<int, int, int>> origins = {{0, 1, 0}, {1, 2, 0}, {2, 0, 1}, {3, 1, 1}};
  for (auto [out_f, src_f, file] : origins) {
    const ScannedFragment& f = scan->fragments[static_cast<size_t>(out_f)];
    uint64_t at = f.data_offset;
    for (size_t s = 0; s < f.samples.size(); ++s) {
      Bytes want = testing::SampleBytes(static_cast<size_t>(src_f), s, f.samples[s].size_bytes);
      EXPECT_TRUE(std::equal(want.begin(), want.end(), out.begin() + static_cast<ptrdiff_t>(at))) << out_f << " " << s;
      at += want.size();
    }
    EXPECT_EQ(f.wall_time.has_value(), file == 0);
  }
  EXPECT_EQ(scan->fragments[0].wall_time, frags_a_[1].wall_time);
  // The duration is in the init segment, so players show the length.
  auto mehd = testing::FindBox(out, {"moov", "mvex", "mehd"});
  ASSERT_TRUE(mehd);
  EXPECT_EQ(LoadBE32(mehd->data() + 4), 12u * 3600);
}

TEST_F(ExportTest, CutInsideAFragmentShiftsItsWallTime) {
  // Fragment 0 of a starts with a key frame only at sample 0; make sample 2 a key frame.
  scans_[0]->fragments[0].samples[2].is_key = true;
  Result<ExportPlan> plan = PlanExport(std::vector<ExportPiece>{Piece(0, 0, 2, 1, 1, 0)});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  Result<ScannedFile> scan = ScanBuffer(Write(*plan));
  ASSERT_TRUE(scan.has_value());
  ASSERT_EQ(scan->fragments.size(), 2u);
  EXPECT_EQ(scan->fragments[0].samples.size(), 2u);
  EXPECT_EQ(scan->fragments[1].samples.size(), 1u);
  EXPECT_EQ(scan->fragments[0].wall_time->ticks_90k, frags_a_[0].wall_time->ticks_90k + 2 * 3600);
}

TEST_F(ExportTest, RangesConcatenateToTheWhole) {
  Result<ExportPlan> plan = PlanExport(std::vector<ExportPiece>{Piece(0, 0, 0, 3, 0, 0), Piece(1, 0, 0, 2, 0, 12 * 3600)});
  ASSERT_TRUE(plan.has_value());
  Bytes whole = Write(*plan);
  std::mt19937 rng(42);
  std::string path = dir_.File("range.bin");
  for (int i = 0; i < 50; ++i) {
    uint64_t a = rng() % (plan->total_bytes + 1), b = rng() % (plan->total_bytes + 1);
    if (a > b) std::swap(a, b);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    Status s = WriteExportRange(*plan, a, b, fd);
    ::close(fd);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(testing::ReadFileOrDie(path), Bytes(whole.begin() + static_cast<ptrdiff_t>(a), whole.begin() + static_cast<ptrdiff_t>(b)));
  }
  EXPECT_EQ(WriteExportRange(*plan, 0, plan->total_bytes + 1, 1).code(), StatusCode::kOutOfRange);
}

TEST_F(ExportTest, GapBetweenPiecesLengthensTheLastSample) {
  Result<ExportPlan> plan =
      PlanExport(std::vector<ExportPiece>{Piece(1, 0, 0, 1, 0, 0), Piece(1, 1, 0, 2, 0, 3 * 3600 + 9000)});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  Result<ScannedFile> scan = ScanBuffer(Write(*plan));
  ASSERT_TRUE(scan.has_value());
  EXPECT_EQ(scan->fragments[0].samples.back().duration_90k, 3600u + 9000);
  EXPECT_EQ(scan->fragments[1].base_media_decode_time_90k, 3 * 3600 + 9000);
  EXPECT_EQ(plan->duration_90k, 6 * 3600 + 9000);
}

TEST_F(ExportTest, OverlappingPieceStartsAfterThePrevious) {
  Result<ExportPlan> plan = PlanExport(std::vector<ExportPiece>{Piece(1, 0, 0, 1, 0, 0), Piece(1, 1, 0, 2, 0, 100)});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  Result<ScannedFile> scan = ScanBuffer(Write(*plan));
  ASSERT_TRUE(scan.has_value());
  EXPECT_EQ(scan->fragments[1].base_media_decode_time_90k, 3 * 3600);
}

// With B-frames, a piece cut after a P-frame presents it after its last decode time;
// the next piece must start presenting after that.
TEST_F(ExportTest, ReorderedPiecesDoNotOverlapInPresentation) {
  // b fragment 0 in decode order: I (cto 3600), P (cto 7200), B (cto -3600).
  scans_[1]->fragments[0].samples[0].composition_offset_90k = 3600;
  scans_[1]->fragments[0].samples[1].composition_offset_90k = 7200;
  scans_[1]->fragments[0].samples[2].composition_offset_90k = -3600;
  // Take I and P only: presentations at 3600 and 10800, ending at 14400. The next piece,
  // whose first sample presents at +3600, must start at 10800, not at 7200.
  Result<ExportPlan> plan = PlanExport(std::vector<ExportPiece>{Piece(1, 0, 0, 0, 2, 0), Piece(1, 0, 0, 0, 2, 0)});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  Result<ScannedFile> scan = ScanBuffer(Write(*plan));
  ASSERT_TRUE(scan.has_value());
  EXPECT_EQ(scan->fragments[1].base_media_decode_time_90k, 10800);
  EXPECT_EQ(scan->fragments[0].samples[1].duration_90k, 3600u + 3600);
}

TEST_F(ExportTest, ChangedParametersAreAFailedPrecondition) {
  Add("c.mp4", TestFragments(1, 2), VideoCodec::kH265);
  Result<ExportPlan> plan = PlanExport(std::vector<ExportPiece>{Piece(0, 0, 0, 1, 0, 0), Piece(2, 0, 0, 1, 0, 4 * 3600)});
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(plan.error().message().find("export the parts"), std::string::npos) << plan.error().message();
}

TEST_F(ExportTest, RejectsBadPieces) {
  auto code = [](std::vector<ExportPiece> pieces) {
    Result<ExportPlan> plan = PlanExport(pieces);
    return plan.has_value() ? StatusCode::kOk : plan.error().code();
  };
  ExportPiece no_scan = Piece(0, 0, 0, 1, 0, 0);
  no_scan.scan = nullptr;
  EXPECT_EQ(code({no_scan}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({}), StatusCode::kInvalidArgument);
  EXPECT_EQ(code({Piece(0, 0, 1, 1, 0, 0)}), StatusCode::kInvalidArgument);   // not a key frame
  EXPECT_EQ(code({Piece(0, 1, 0, 1, 0, 0)}), StatusCode::kInvalidArgument);   // empty
  EXPECT_EQ(code({Piece(0, 0, 4, 1, 0, 0)}), StatusCode::kInvalidArgument);   // empty, normalized
  EXPECT_EQ(code({Piece(0, 0, 0, 3, 1, 0)}), StatusCode::kInvalidArgument);   // past the end
  EXPECT_EQ(code({Piece(0, 0, 5, 1, 0, 0)}), StatusCode::kInvalidArgument);   // no such sample
  EXPECT_EQ(code({Piece(0, 0, 0, 1, 0, -1)}), StatusCode::kInvalidArgument);  // negative start
  EXPECT_EQ(code({Piece(0, 0, 0, 1, 0, 0), Piece(1, 0, 0, 1, 0, int64_t{1} << 40)}),
            StatusCode::kInvalidArgument);  // gap over 13 h
  EXPECT_EQ(code({Piece(0, 0, 0, 3, 0, 0)}), StatusCode::kOk);
}

// The concatenated sample bytes of an export, read through its own scan.
Bytes SampleData(const Bytes& file) {
  Result<ScannedFile> scan = ScanBuffer(file);
  EXPECT_TRUE(scan.has_value());
  Bytes out;
  if (!scan) return out;
  for (const ScannedFragment& f : scan->fragments) {
    auto begin = file.begin() + static_cast<ptrdiff_t>(f.data_offset);
    out.insert(out.end(), begin, begin + static_cast<ptrdiff_t>(SumSampleBytes(f.samples)));
  }
  return out;
}

TEST_F(ExportTest, PlayStartBecomesAnEditListAndLeavesTheSamplesAlone) {
  std::vector<ExportPiece> pieces = {Piece(0, 0, 0, 2, 0, 0)};  // 2 fragments of 4 samples of 3600 ticks
  Result<ExportPlan> plain = PlanExport(pieces);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->edit_media_time_90k, 0);
  const Bytes plain_bytes = Write(*plain);
  EXPECT_FALSE(testing::FindBox(plain_bytes, {"moov", "trak", "edts"}));
  // Inside sample 5 (starting at 18000): samples 0-4 are the lead-in, squeezed to a tick
  // each, and the edit list skips those 5 ticks.
  Result<ExportPlan> plan = PlanExport(pieces, {.play_start_90k = 5 * 3600 + 1234});
  ASSERT_TRUE(plan.has_value()) << plan.error().ToString();
  EXPECT_EQ(plan->lead_in_90k, 5 * 3600);
  EXPECT_EQ(plan->edit_media_time_90k, 5);
  EXPECT_EQ(plan->duration_90k, 5 + 3 * 3600);
  const Bytes with_edit = Write(*plan);
  auto elst = testing::FindBox(with_edit, {"moov", "trak", "edts", "elst"});
  ASSERT_TRUE(elst);
  EXPECT_EQ(LoadBE32(elst->data() + 8), 3u * 3600);  // segment_duration: what is presented
  EXPECT_EQ(LoadBE32(elst->data() + 12), 5u);        // media_time
  Result<ScannedFile> scan = ScanBuffer(with_edit);
  ASSERT_TRUE(scan.has_value());
  ASSERT_EQ(scan->fragments.size(), 2u);
  EXPECT_EQ(scan->fragments[1].base_media_decode_time_90k, 4);
  EXPECT_EQ(scan->fragments[1].samples[0].duration_90k, 1u);
  EXPECT_EQ(scan->fragments[1].samples[1].duration_90k, 3600u);
  // The second fragment's wall time is that of its second sample minus one tick.
  EXPECT_EQ(scan->fragments[1].wall_time->ticks_90k, frags_a_[1].wall_time->ticks_90k + 3600 - 1);
  EXPECT_EQ(scan->fragments[0].wall_time, frags_a_[0].wall_time);
  // The samples' bytes are the plain export's, in the same order.
  EXPECT_TRUE(SampleData(plain_bytes) == SampleData(with_edit));
  // Past the end: the last sample starts the presentation. Negative: no edit.
  EXPECT_EQ(PlanExport(pieces, {.play_start_90k = 1 << 30})->lead_in_90k, 7 * 3600);
  EXPECT_EQ(PlanExport(pieces, {.play_start_90k = -5})->edit_media_time_90k, 0);
}

TEST_F(ExportTest, EditListAddsTheFirstCompositionOffset) {
  // B-frames: the key frame is presented two frames after it is decoded.
  for (auto& f : scans_[0]->fragments) {
    for (auto& s : f.samples) s.composition_offset_90k = 2 * 3600;
  }
  Result<ExportPlan> at_key = PlanExport(std::vector<ExportPiece>{Piece(0, 0, 0, 2, 0, 0)});
  ASSERT_TRUE(at_key.has_value());
  EXPECT_EQ(at_key->lead_in_90k, 0);
  EXPECT_EQ(at_key->edit_media_time_90k, 2 * 3600);
  Result<ExportPlan> inside = PlanExport(std::vector<ExportPiece>{Piece(0, 0, 0, 2, 0, 0)}, {.play_start_90k = 3600});
  ASSERT_TRUE(inside.has_value());
  EXPECT_EQ(inside->edit_media_time_90k, 3 * 3600);  // times are not squeezed with B-frames
  EXPECT_EQ(inside->duration_90k, 8 * 3600);
}

TEST_F(ExportTest, SourceShrunkAfterPlanningIsDataLoss) {
  Result<ExportPlan> plan = PlanExport(std::vector<ExportPiece>{Piece(0, 0, 0, 3, 0, 0)});
  ASSERT_TRUE(plan.has_value());
  ASSERT_EQ(::truncate(dir_.File("a.mp4").c_str(), static_cast<off_t>(scans_[0]->fragments[1].end_offset)), 0);
  int fd = ::open(dir_.File("out.mp4").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  Status s = WriteExport(*plan, fd);
  ::close(fd);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_NE(s.message().find("a.mp4"), std::string::npos);
}

TEST_F(ExportTest, PieceForMediaRangeStartsAtThePrecedingKeyFrame) {
  // a: fragments of 4 samples at 1000 + 3600 k; key frames at each fragment start.
  const ScannedFile& a = *scans_[0];
  Result<ExportPiece> p = PieceForMediaRange("a.mp4", a, 1000 + 5 * 3600, 1000 + 9 * 3600 + 1, 0);
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(std::tie(p->first_fragment, p->first_sample, p->end_fragment, p->end_sample),
            std::make_tuple(size_t{1}, size_t{0}, size_t{2}, size_t{2}));
  Result<ExportPiece> to_end = PieceForMediaRange("a.mp4", a, 0, 1 << 30, 0);
  ASSERT_TRUE(to_end.has_value());
  EXPECT_EQ(std::tie(to_end->first_fragment, to_end->end_fragment, to_end->end_sample),
            std::make_tuple(size_t{0}, size_t{3}, size_t{0}));
  EXPECT_EQ(PieceForMediaRange("a.mp4", a, 1 << 30, int64_t{1} << 31, 0).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(PieceForMediaRange("a.mp4", a, 0, 1000, 0).error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace custos::mp4
