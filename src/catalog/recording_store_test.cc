// Tests of video params, recordings (insert, finish, ranges, deletion), the timeline and
// the query plans of the range queries.
#include "catalog/catalog_sql.h"
#include "catalog/catalog_test_util.h"

namespace custos::testing {
namespace {

using RecordingStoreTest = CatalogTest;

TEST_F(RecordingStoreTest, VideoParamsAreDeduplicated) {
  Result<int64_t> a = catalog_->UpsertVideoParams(TestParams(1920));
  Result<int64_t> b = catalog_->UpsertVideoParams(TestParams(1920));
  Result<int64_t> c = catalog_->UpsertVideoParams(TestParams(1280));
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  Result<StoredVideoParams> stored = catalog_->GetVideoParams(*c);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->width, 1280);
  EXPECT_EQ(stored->height, 1080);
  EXPECT_EQ(stored->rfc6381_codec, "avc1.640028");
  EXPECT_EQ(stored->decoder_config, TestParams(1280).decoder_config);
  EXPECT_EQ(catalog_->GetVideoParams(*c + 100).error().code(), StatusCode::kNotFound);
  VideoParams empty;
  EXPECT_EQ(catalog_->UpsertVideoParams(empty).error().code(), StatusCode::kInvalidArgument);
}

TEST_F(RecordingStoreTest, InsertThenFinish) {
  clock_.Advance(kSecond);
  const int64_t id = Insert("gate", kT0, "gate/a.mp4");
  Result<Recording> open = catalog_->GetRecording(id);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->state, RecordingState::kWriting);
  EXPECT_FALSE(open->end_wall_90k);
  EXPECT_EQ(open->open_reason, OpenReason::kRotate);
  EXPECT_EQ(open->created_wall_90k.ticks_90k, kT0 + kSecond);
  EXPECT_EQ(catalog_->GetFrameIndex(id).error().code(), StatusCode::kFailedPrecondition);

  const std::vector<FrameIndexEntry> frames = SteadyFrames(1500);
  RecordingSummary summary = SummaryOf(frames, WallTime90k{kT0 + 60 * kSecond});
  ASSERT_TRUE(catalog_->FinishRecording(id, summary).ok());
  Result<Recording> done = catalog_->GetRecording(id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, RecordingState::kComplete);
  EXPECT_EQ(done->end_wall_90k, WallTime90k{kT0 + 60 * kSecond});
  EXPECT_EQ(done->frames, 1500);
  EXPECT_EQ(done->key_frames, 60);
  EXPECT_EQ(done->media_duration_90k, 1500 * 3600);
  EXPECT_EQ(done->bytes, summary.bytes);
  EXPECT_EQ(*catalog_->GetFrameIndex(id), frames);
}

TEST_F(RecordingStoreTest, InsertChecksItsReferences) {
  Insert("gate", kT0, "gate/a.mp4");
  const int64_t params = *catalog_->UpsertVideoParams(TestParams());
  NewRecording r{"gate", "gate/a.mp4", WallTime90k{kT0}, 0, params, OpenReason::kStart};
  EXPECT_EQ(catalog_->InsertRecording(r).error().code(), StatusCode::kAlreadyExists);
  r.file_path = "/abs/b.mp4";
  EXPECT_EQ(catalog_->InsertRecording(r).error().code(), StatusCode::kInvalidArgument);
  r.file_path = "gate/b.mp4";
  r.camera_id = "nope";  // foreign keys are on
  EXPECT_EQ(catalog_->InsertRecording(r).error().code(), StatusCode::kFailedPrecondition);
  r.camera_id = "gate";
  r.video_params_id = params + 100;
  EXPECT_EQ(catalog_->InsertRecording(r).error().code(), StatusCode::kFailedPrecondition);
}

TEST_F(RecordingStoreTest, FinishRejectsInconsistentSummaries) {
  const int64_t id = Insert("gate", kT0, "gate/a.mp4");
  const std::vector<FrameIndexEntry> frames = SteadyFrames(50);
  const WallTime90k end{kT0 + 2 * kSecond};
  auto expect_invalid = [&](RecordingSummary s, const char* what) {
    EXPECT_EQ(catalog_->FinishRecording(id, s).code(), StatusCode::kInvalidArgument) << what;
  };
  RecordingSummary s = SummaryOf(frames, end);
  s.frames = 49;
  expect_invalid(s, "frame count");
  s = SummaryOf(frames, end);
  s.key_frames = 1;
  expect_invalid(s, "key frame count");
  s = SummaryOf(frames, end);
  s.media_duration_90k += 1;
  expect_invalid(s, "duration");
  s = SummaryOf(frames, end);
  s.bytes = 100;
  expect_invalid(s, "bytes");
  s = SummaryOf(frames, end);
  s.frame_index = {0x01, 0x05};
  expect_invalid(s, "corrupt index");
  s = SummaryOf(frames, end);
  s.state = RecordingState::kWriting;
  expect_invalid(s, "state");
  expect_invalid(SummaryOf(frames, WallTime90k{kT0 - 1}), "end before start");

  s = SummaryOf(frames, end);
  s.state = RecordingState::kRecovered;
  ASSERT_TRUE(catalog_->FinishRecording(id, s).ok());
  EXPECT_EQ(catalog_->GetRecording(id)->state, RecordingState::kRecovered);
  EXPECT_EQ(catalog_->FinishRecording(id, s).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(catalog_->FinishRecording(id + 100, s).code(), StatusCode::kNotFound);
}

TEST_F(RecordingStoreTest, RangesAreHalfOpen) {
  const int64_t a = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t b = InsertFinished("gate", kT0 + 60 * kSecond, kT0 + 120 * kSecond);
  const int64_t c = InsertFinished("gate", kT0 + 120 * kSecond, kT0 + 180 * kSecond);
  InsertFinished("door", kT0, kT0 + 180 * kSecond);
  auto ids = [&](int64_t from, int64_t to) {
    Result<std::vector<Recording>> recordings =
        catalog_->ListRecordings("gate", WallTime90k{kT0 + from}, WallTime90k{kT0 + to});
    std::vector<int64_t> out;
    for (const Recording& r : recordings.value()) out.push_back(r.id);
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids(0, 180 * kSecond), (V{a, b, c}));
  EXPECT_EQ(ids(60 * kSecond, 120 * kSecond), (V{b}));
  EXPECT_EQ(ids(60 * kSecond - 1, 60 * kSecond), (V{a}));
  EXPECT_EQ(ids(60 * kSecond - 1, 60 * kSecond + 1), (V{a, b}));
  EXPECT_EQ(ids(-kSecond, 0), V{});
  EXPECT_EQ(ids(180 * kSecond, 200 * kSecond), V{});
  EXPECT_EQ(ids(90 * kSecond, 90 * kSecond), V{});

  // An open recording reaches "now": it overlaps any range that ends after its start.
  const int64_t d = Insert("gate", kT0 + 180 * kSecond, "gate/open.mp4");
  EXPECT_EQ(ids(500 * kSecond, 600 * kSecond), (V{d}));
  EXPECT_EQ(ids(170 * kSecond, 181 * kSecond), (V{c, d}));
  EXPECT_EQ(ids(0, 180 * kSecond), (V{a, b, c}));
  EXPECT_EQ(catalog_->ListRecordings("gate", WallTime90k{kT0 + 1}, WallTime90k{kT0}).error().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RecordingStoreTest, ALongRecordingIsFoundThoughQueriesAreBoundedBySpan) {
  // The range queries bound end_wall_90k by `to` + the longest finished span; a recording
  // far longer than its neighbours must still be found from a window at its start.
  const int64_t shorter = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t longer = InsertFinished("gate", kT0 + 60 * kSecond, kT0 + 3600 * kSecond);
  auto r = catalog_->ListRecordings("gate", WallTime90k{kT0 + 50 * kSecond}, WallTime90k{kT0 + 70 * kSecond});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, shorter);
  EXPECT_EQ((*r)[1].id, longer);
  auto runs = catalog_->Timeline("gate", WallTime90k{kT0 + 61 * kSecond}, WallTime90k{kT0 + 62 * kSecond}, 0);
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->size(), 1u);
  auto raw = OpenRaw();
  EXPECT_EQ(raw->QueryInt64("SELECT max_recording_span_90k FROM meta").value_or(-1), 3540 * kSecond);
}

TEST_F(RecordingStoreTest, ListsOpenRecordingsOfAllCameras) {
  InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t a = Insert("gate", kT0 + 60 * kSecond, "gate/open.mp4");
  const int64_t b = Insert("door", kT0, "door/open.mp4");
  Result<std::vector<Recording>> open = catalog_->ListOpenRecordings();
  ASSERT_TRUE(open);
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].id, b);  // by camera, then start
  EXPECT_EQ((*open)[1].id, a);
  EXPECT_EQ((*open)[1].file_path, "gate/open.mp4");
}

TEST_F(RecordingStoreTest, CorruptStoredIndexIsDataLoss) {
  const int64_t id = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  const std::string sql = "UPDATE recording SET frame_index = x'0105ff' WHERE id = " + std::to_string(id);
  ASSERT_TRUE(raw->Exec(sql.c_str(), "test").ok());
  Result<std::vector<FrameIndexEntry>> index = catalog_->GetFrameIndex(id);
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().code(), StatusCode::kDataLoss);
  EXPECT_NE(index.error().message().find("recording " + std::to_string(id)), std::string::npos);
}

TEST_F(RecordingStoreTest, DeletesOnlyEmptyRecordings) {
  const int64_t open = Insert("gate", kT0, "gate/open.mp4");
  const int64_t full = InsertFinished("gate", kT0 + 60 * kSecond, kT0 + 120 * kSecond);
  const int64_t empty = Insert("gate", kT0 + 120 * kSecond, "gate/empty.mp4");
  ASSERT_TRUE(catalog_->FinishRecording(empty, SummaryOf({}, WallTime90k{kT0 + 120 * kSecond})).ok());

  EXPECT_TRUE(catalog_->DeleteRecording(open).ok());
  EXPECT_TRUE(catalog_->DeleteRecording(empty).ok());
  EXPECT_EQ(catalog_->GetRecording(open).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->DeleteRecording(full).code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(catalog_->GetRecording(full));
  EXPECT_EQ(catalog_->DeleteRecording(open).code(), StatusCode::kNotFound);
}

TEST_F(RecordingStoreTest, TimelineMergesAdjacentRecordings) {
  const int64_t a = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  InsertFinished("gate", kT0 + 60 * kSecond + 100, kT0 + 120 * kSecond);  // 100 ticks later: merged
  const int64_t c = InsertFinished("gate", kT0 + 120 * kSecond + 1000, kT0 + 180 * kSecond);
  const int64_t d = InsertFinished("gate", kT0 + 300 * kSecond, kT0 + 360 * kSecond);  // 2 min gap
  const int64_t e = Insert("gate", kT0 + 360 * kSecond, "gate/open.mp4");

  Result<std::vector<TimelineRun>> runs =
      catalog_->Timeline("gate", WallTime90k{kT0}, WallTime90k{kT0 + 3600 * kSecond}, 1000);
  ASSERT_TRUE(runs) << runs.error().ToString();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0], (TimelineRun{WallTime90k{kT0}, WallTime90k{kT0 + 180 * kSecond}, false, 3, a, c}));
  EXPECT_EQ((*runs)[1], (TimelineRun{WallTime90k{kT0 + 300 * kSecond}, WallTime90k{kT0 + 360 * kSecond}, true, 2, d, e}));

  runs = catalog_->Timeline("gate", WallTime90k{kT0}, WallTime90k{kT0 + 200 * kSecond}, 999);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 2u);  // c's 1000-tick gap exceeds the tolerance; d, e are out of range
  EXPECT_EQ((*runs)[1].first_recording_id, c);
  EXPECT_EQ(catalog_->Timeline("gate", WallTime90k{kT0}, WallTime90k{kT0}, -1).error().code(),
            StatusCode::kInvalidArgument);
}

// The range queries must seek an index, not scan a camera's whole history.
TEST_F(RecordingStoreTest, RangeQueriesUseTheirIndexes) {
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  auto plan = [&](const char* sql) { return raw->ExplainQueryPlan(sql).value_or("error"); };
  auto has = [](const std::string& plan, const char* text) { return plan.find(text) != std::string::npos; };

  const std::string spans = plan(sql::kSelectFinishedSpansInRange);
  EXPECT_TRUE(has(spans, "SEARCH recording USING COVERING INDEX recording_camera_end_start (camera_id=? AND end_wall_90k>? AND end_wall_90k<?)")) << spans;
  EXPECT_FALSE(has(spans, "TEMP B-TREE")) << spans;
  const std::string recordings = plan(sql::kSelectFinishedRecordingsInRange);
  EXPECT_TRUE(has(recordings, "SEARCH recording USING INDEX recording_camera_end_start (camera_id=? AND end_wall_90k>? AND end_wall_90k<?)")) << recordings;
  EXPECT_FALSE(has(recordings, "TEMP B-TREE")) << recordings;
  for (const char* sql : {sql::kSelectOpenRecordingsInRange, sql::kSelectOpenSpansInRange, sql::kSelectOpenRecordings}) {
    EXPECT_TRUE(has(plan(sql), "USING INDEX recording_open")) << plan(sql);
  }
  const std::string gaps = plan(sql::kSelectClosedGapsInRange);
  EXPECT_TRUE(has(gaps, "SEARCH gap USING INDEX gap_camera_end_start (camera_id=? AND end_wall_90k>?)")) << gaps;
  EXPECT_TRUE(has(plan(sql::kSelectOpenGapInRange), "SEARCH gap USING INDEX gap_camera_end_start")) << plan(sql::kSelectOpenGapInRange);
  EXPECT_TRUE(has(plan(sql::kSelectCamerasVersion), "SEARCH config_version USING INTEGER PRIMARY KEY")) << plan(sql::kSelectCamerasVersion);
}

}  // namespace
}  // namespace custos::testing
