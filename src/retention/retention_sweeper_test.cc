#include "retention/retention_sweeper.h"

#include "retention/retention_test_util.h"

namespace custos::testing {
namespace {

constexpr uint64_t kMiB = 1 << 20;

class RetentionSweeperTest : public RetentionTest {
 protected:
  RetentionSweeper Sweeper(const RetentionPolicy& policy, uint64_t capacity = 1000 * kMiB) {
    return RetentionSweeper(*catalog_, data(), policy, audit_, PretendDisk(capacity),
                            SweeperOptions{.low_free_bytes = 3 * kMiB, .critical_free_bytes = 1 * kMiB});
  }
  RetentionPolicy n25_{Profile("national-2025"), clock_};
  RetentionPolicy xj_{Profile("xinjiang-2014"), clock_};
};

TEST_F(RetentionSweeperTest, National2025DeletesPastTheMinimumOldestFirstUnlessHeld) {
  const int64_t young = Footage("gate", 29.9);
  const int64_t old1 = Footage("gate", 45);
  const int64_t old2 = Footage("gate", 31);
  const int64_t held = Footage("lobby", 100);
  const auto h = *catalog_->GetRecording(held);
  ASSERT_TRUE(catalog_->AddHold(NewHold{"lobby", h.start_wall_90k, *h.end_wall_90k, "2026/5", "alice",
                                        WallTime90k{kT0}, std::nullopt}));
  auto sweeper = Sweeper(n25_);
  auto report = sweeper.Sweep();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->deleted, 2);
  EXPECT_EQ(report->held, 1);
  EXPECT_TRUE(RowExists(young) && FileExists(young));
  EXPECT_TRUE(RowExists(held) && FileExists(held));
  EXPECT_FALSE(RowExists(old1) || FileExists(old1));
  EXPECT_FALSE(RowExists(old2) || FileExists(old2));
  ASSERT_EQ(audit_.events().size(), 1u);  // one event per camera with deletes
  const AuditEvent e = audit_.events()[0];
  EXPECT_EQ(e.actor, "system");
  EXPECT_EQ(e.action, "retention_delete");
  EXPECT_EQ(e.from_wall_90k, WallTime90k{kT0 - 45 * kDay - 60 * kSecond});  // the oldest deleted first
  EXPECT_TRUE(catalog_->ListGarbage()->empty());
  EXPECT_EQ(e.to_wall_90k, WallTime90k{kT0 - 31 * kDay});  // oldest first: the last deleted is the youngest
  EXPECT_NE(e.detail.find("2 recordings"), std::string::npos) << e.detail;
}

TEST_F(RetentionSweeperTest, KeepProfilesDeleteOnlyPastACameraMaximum) {
  const int64_t a = Footage("gate", 100);
  const int64_t b = Footage("lobby", 100);
  const int64_t c = Footage("lobby", 50);
  ASSERT_TRUE(catalog_->SetCameraMaxRetention("lobby", 60).ok());
  auto sweeper = Sweeper(xj_);
  ASSERT_TRUE(sweeper.Sweep());
  EXPECT_TRUE(RowExists(a));  // xinjiang-2014 keeps after the minimum
  EXPECT_FALSE(RowExists(b));
  EXPECT_TRUE(RowExists(c));
}

TEST_F(RetentionSweeperTest, FinishesADeleteInterruptedByACrash) {
  const int64_t id = Footage("gate", 40);
  // Step 1 of the delete happened (row moved to the garbage list), then the process died.
  ASSERT_TRUE(catalog_->DeleteRecordingForRetention(id, xj_.Check(), DeletionReason{}));
  EXPECT_TRUE(FileExists(id));
  auto report = Sweeper(xj_).Sweep();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->garbage_finished, 1);
  EXPECT_FALSE(FileExists(id));
  EXPECT_TRUE(catalog_->ListGarbage()->empty());
}

TEST_F(RetentionSweeperTest, DiskFullOfProtectedFootageRaisesTheAlarmAndStopsRecording) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 8; ++i) ids.push_back(Footage("gate", i + 0.5));  // all younger than 30 days
  auto sweeper = Sweeper(xj_, 9 * kMiB);  // 1 MiB free: below the low mark, not below critical
  auto report = sweeper.Sweep();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->deleted, 0);
  for (int64_t id : ids) EXPECT_TRUE(FileExists(id));
  EXPECT_EQ(sweeper.pressure(), DiskPressure::kLow);
  EXPECT_FALSE(sweeper.MayWrite(WriteClass::kExportPackage));
  EXPECT_TRUE(sweeper.MayWrite(WriteClass::kRecording));
  Footage("gate", 0.1);  // the disk fills further
  ASSERT_TRUE(sweeper.Sweep());
  EXPECT_EQ(sweeper.pressure(), DiskPressure::kCritical);
  EXPECT_FALSE(sweeper.MayWrite(WriteClass::kRecording));
  EXPECT_TRUE(sweeper.MayWrite(WriteClass::kAudit));
  EXPECT_EQ(Actions(), (std::vector<std::string>{"disk_alarm:error", "disk_alarm:error"}));
  EXPECT_NE(audit_.events()[1].detail.find("disk critical"), std::string::npos);
  EXPECT_NE(audit_.events()[1].detail.find("protected footage is never deleted"), std::string::npos);
}

TEST_F(RetentionSweeperTest, DiskLowDeletesOnlyUnprotectedFootageOldestFirstUntilClear) {
  const int64_t held = Footage("lobby", 200);
  const auto h = *catalog_->GetRecording(held);
  ASSERT_TRUE(catalog_->AddHold(NewHold{"lobby", h.start_wall_90k, *h.end_wall_90k, "2026/5", "alice",
                                        WallTime90k{kT0}, std::nullopt}));
  const int64_t oldest = Footage("gate", 100);
  const int64_t older = Footage("lobby", 90);
  const int64_t old = Footage("gate", 80);
  std::vector<int64_t> young;
  for (int i = 0; i < 5; ++i) young.push_back(Footage("gate", i + 1));
  // 9 MiB used of 10: 1 MiB free, below the 3 MiB low mark; two deletes bring it to 3.
  auto sweeper = Sweeper(xj_, 10 * kMiB);
  auto report = sweeper.Sweep();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->deleted, 2);
  EXPECT_TRUE(FileExists(held));
  EXPECT_FALSE(FileExists(oldest));
  EXPECT_FALSE(FileExists(older));
  EXPECT_TRUE(FileExists(old));
  for (int64_t id : young) EXPECT_TRUE(FileExists(id));
  EXPECT_EQ(sweeper.pressure(), DiskPressure::kOk);
  EXPECT_EQ(Actions(), (std::vector<std::string>{"retention_delete:ok", "retention_delete:ok"}));
}

TEST_F(RetentionSweeperTest, AlarmClearsWhenSpaceReturns) {
  for (int i = 0; i < 9; ++i) Footage("gate", 1 + i * 0.01);
  auto sweeper = Sweeper(xj_, 10 * kMiB);
  ASSERT_TRUE(sweeper.Sweep());
  EXPECT_EQ(sweeper.pressure(), DiskPressure::kLow);
  clock_.Advance(40 * kDay);  // now past the minimum: reclaimable
  ASSERT_TRUE(sweeper.Sweep());
  EXPECT_EQ(sweeper.pressure(), DiskPressure::kOk);
  EXPECT_EQ(Actions().back(), "disk_alarm_cleared:ok");
}

}  // namespace
}  // namespace custos::testing
