#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"
#include "catalog/schema.h"

namespace custos::testing {
namespace {

constexpr int64_t kDay = 86400 * kSecond;

class RetentionStoreTest : public CatalogTest {
 protected:
  RetentionCheck At(int64_t now, int64_t min_days = 30) { return {WallTime90k{now}, min_days * kDay}; }
  DeletionReason Why() { return DeletionReason{DeletionRule::kMinimumRetention, "system", "ref rd-test"}; }
  NewHold HoldOf(int64_t from, int64_t to, const std::string& by = "alice") {
    return NewHold{"gate", WallTime90k{from}, WallTime90k{to}, "case 2026/117", by, WallTime90k{kT0}, std::nullopt};
  }
};

TEST_F(RetentionStoreTest, RefusesBeforeTheMinimumAndDeletesAfter) {
  const int64_t id = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t end = kT0 + 60 * kSecond;
  auto young = catalog_->DeleteRecordingForRetention(id, At(end + 30 * kDay - 1), Why());
  ASSERT_FALSE(young);
  EXPECT_EQ(young.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(young.error().message().find("refused by R403/R501"), std::string::npos) << young.error().message();
  ASSERT_TRUE(catalog_->GetRecording(id));
  auto old = catalog_->DeleteRecordingForRetention(id, At(end + 30 * kDay), Why());
  ASSERT_TRUE(old) << old.error().ToString();
  EXPECT_EQ(old->file_path, "gate/" + std::to_string(kT0) + ".mp4");
  EXPECT_EQ(catalog_->GetRecording(id).error().code(), StatusCode::kNotFound);
  auto garbage = catalog_->ListGarbage();
  ASSERT_EQ(garbage->size(), 1u);
  EXPECT_EQ((*garbage)[0].recording_id, id);
  ASSERT_TRUE(catalog_->ForgetGarbage(id).ok());
  EXPECT_TRUE(catalog_->ListGarbage()->empty());
}

TEST_F(RetentionStoreTest, MarksTheChainLinkOfASealedRecordingInTheDeleteTransaction) {
  const int64_t sealed = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t unsealed = InsertFinished("gate", kT0 + 60 * kSecond, kT0 + 120 * kSecond);
  ASSERT_TRUE(catalog_->SealRecording(sealed, Sha256Digest{}, 1000));
  const int64_t end = kT0 + 120 * kSecond;
  // A refused delete leaves no mark.
  ASSERT_FALSE(catalog_->DeleteRecordingForRetention(sealed, At(end + 29 * kDay), Why()));
  EXPECT_TRUE(catalog_->ListLawfulDeletions("gate")->empty());
  const DeletionReason why{DeletionRule::kDiskPressure, "system", "ref rd-0123"};
  ASSERT_TRUE(catalog_->DeleteRecordingForRetention(sealed, At(end + 31 * kDay), why));
  ASSERT_TRUE(catalog_->DeleteRecordingForRetention(unsealed, At(end + 31 * kDay), why));
  auto marks = catalog_->ListLawfulDeletions("gate");
  ASSERT_TRUE(marks) << marks.error().ToString();
  ASSERT_EQ(marks->size(), 1u);  // the unsealed recording had no link to mark
  EXPECT_EQ((*marks)[0].recording_id, sealed);
  EXPECT_EQ((*marks)[0].deleted_wall_90k, WallTime90k{end + 31 * kDay});
  EXPECT_EQ((*marks)[0].reason.rule, DeletionRule::kDiskPressure);
  EXPECT_EQ((*marks)[0].reason.deleted_by, "system");
  EXPECT_EQ((*marks)[0].reason.audit_ref, "ref rd-0123");
  EXPECT_EQ((*marks)[0].minimum_90k, 30 * kDay);
  EXPECT_TRUE(catalog_->GetChainLink(sealed)->has_value());  // the link itself stays
  EXPECT_TRUE(catalog_->ListLawfulDeletions("lobby")->empty());
}

TEST_F(RetentionStoreTest, NeverDeletesARecordingBeingWritten) {
  const int64_t id = Insert("gate", kT0, "gate/open.mp4");
  auto r = catalog_->DeleteRecordingForRetention(id, At(kT0 + 1000 * kDay), Why());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("still being written"), std::string::npos);
}

TEST_F(RetentionStoreTest, AHoldProtectsPastTheMinimumUntilReleasedByASecondPerson) {
  const int64_t id = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  auto hold = catalog_->AddHold(HoldOf(kT0 + 30 * kSecond, kT0 + 90 * kSecond));
  ASSERT_TRUE(hold) << hold.error().ToString();
  const int64_t later = kT0 + 400 * kDay;
  auto held = catalog_->DeleteRecordingForRetention(id, At(later), Why());
  ASSERT_FALSE(held);
  EXPECT_NE(held.error().message().find("refused by R502: evidence hold 1 (case 2026/117)"), std::string::npos)
      << held.error().message();

  EXPECT_EQ(catalog_->ApproveHoldRelease(*hold, "bob", WallTime90k{later}).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(catalog_->RequestHoldRelease(*hold, "alice", WallTime90k{later}).ok());
  Status same = catalog_->ApproveHoldRelease(*hold, "alice", WallTime90k{later});
  EXPECT_EQ(same.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(same.message().find("needs a second person"), std::string::npos);
  EXPECT_FALSE(catalog_->DeleteRecordingForRetention(id, At(later), Why()));
  ASSERT_TRUE(catalog_->ApproveHoldRelease(*hold, "bob", WallTime90k{later}).ok());
  auto h = catalog_->GetHold(*hold);
  EXPECT_EQ(h->release_requested_by, "alice");
  EXPECT_EQ(h->released_by, "bob");
  EXPECT_TRUE(catalog_->ListHolds(HoldFilter::kActive, WallTime90k{later})->empty());
  EXPECT_EQ(catalog_->ListHolds(HoldFilter::kAll, WallTime90k{later})->size(), 1u);
  EXPECT_TRUE(catalog_->DeleteRecordingForRetention(id, At(later), Why()));
}

TEST_F(RetentionStoreTest, AHoldLapsesAtItsEndAndOnlyCoversItsRangeAndCamera) {
  const int64_t a = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  const int64_t b = InsertFinished("gate", kT0 + 60 * kSecond, kT0 + 120 * kSecond);
  const int64_t c = InsertFinished("lobby", kT0, kT0 + 60 * kSecond);
  NewHold h = HoldOf(kT0 + 70 * kSecond, kT0 + 80 * kSecond);
  h.until_wall_90k = WallTime90k{kT0 + 730 * kDay};
  ASSERT_TRUE(catalog_->AddHold(h));
  EXPECT_TRUE(catalog_->DeleteRecordingForRetention(a, At(kT0 + 100 * kDay), Why()));
  EXPECT_TRUE(catalog_->DeleteRecordingForRetention(c, At(kT0 + 100 * kDay), Why()));
  EXPECT_FALSE(catalog_->DeleteRecordingForRetention(b, At(kT0 + 730 * kDay - 1), Why()));
  EXPECT_TRUE(catalog_->DeleteRecordingForRetention(b, At(kT0 + 730 * kDay), Why()));
}

TEST_F(RetentionStoreTest, HoldNeedsACaseAndACamera) {
  InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  NewHold h = HoldOf(kT0, kT0 + kSecond);
  h.case_ref = "";
  EXPECT_EQ(catalog_->AddHold(h).error().code(), StatusCode::kInvalidArgument);
  h = HoldOf(kT0, kT0 + kSecond);
  h.camera_id = "nowhere";
  EXPECT_EQ(catalog_->AddHold(h).error().code(), StatusCode::kFailedPrecondition);
}

TEST_F(RetentionStoreTest, ListsEndedRecordingsOldestFirstAndCameraMaximums) {
  InsertFinished("gate", kT0 + 120 * kSecond, kT0 + 180 * kSecond);
  InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  Insert("gate", kT0 + 200 * kSecond, "gate/open.mp4");
  auto ended = catalog_->ListRecordingsEndedBy("gate", WallTime90k{kT0 + 180 * kSecond});
  ASSERT_EQ(ended->size(), 2u);
  EXPECT_EQ((*ended)[0].start_wall_90k.ticks_90k, kT0);
  ASSERT_TRUE(catalog_->SetCameraMaxRetention("gate", 60).ok());
  EXPECT_EQ(catalog_->ListCameraMaxRetention()->at("gate"), 60);
  ASSERT_TRUE(catalog_->SetCameraMaxRetention("gate", std::nullopt).ok());
  EXPECT_TRUE(catalog_->ListCameraMaxRetention()->empty());
  EXPECT_EQ(catalog_->SetCameraMaxRetention("nowhere", 5).code(), StatusCode::kFailedPrecondition);
}

TEST_F(RetentionStoreTest, UpgradesAVersion2Database) {
  InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  catalog_.reset();
  {
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    // Every table added after version 2 goes (3: integrity, 4: retention, 5: access, 7: marks).
    ASSERT_TRUE(raw->Exec("DROP TABLE chain_link_deletion; DROP TABLE chain_link; DROP TABLE chain_checkpoint; "
                          "DROP TABLE retention_hold; DROP TABLE camera_retention; DROP TABLE recording_garbage; "
                          "DROP TABLE retrieval_request; DROP TABLE camera_assignment; DROP TABLE camera_group_member; "
                          "DROP TABLE camera_group; DROP TABLE user_role; DROP TABLE app_user;"
                          "UPDATE meta SET schema_version = 2",
                          "test")
                    .ok());
  }
  catalog_ = OpenCatalog();
  ASSERT_NE(catalog_, nullptr);
  EXPECT_EQ(*ReadSchemaVersion(*OpenRaw()), kSchemaVersion);
  EXPECT_TRUE(catalog_->AddHold(HoldOf(kT0, kT0 + kSecond)));
  EXPECT_TRUE(catalog_->ListGarbage()->empty());
}

}  // namespace
}  // namespace custos::testing
