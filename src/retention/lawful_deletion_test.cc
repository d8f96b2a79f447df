// Retention deletes and the integrity chain agree: a sealed recording deleted by the
// sweeper or a person through Custos is listed by fsck --verify as a lawful deletion; a
// file or row removed by hand, or a forged mark, stays an error naming the recording.
#include <filesystem>

#include "catalog/sqlite_db.h"
#include "retention/retention_test_util.h"
#include "storage/integrity_verify.h"

namespace custos::testing {
namespace {

constexpr uint64_t kMiB = 1 << 20;

std::string Lines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

bool Mentions(const std::vector<std::string>& lines, const std::string& a, const std::string& b = "") {
  for (const auto& l : lines) {
    if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return true;
  }
  return false;
}

class LawfulDeletionTest : public RetentionTest {
 protected:
  // Footage, sealed as the disk writer would: the file's SHA-256 in the camera's chain.
  int64_t Sealed(const std::string& camera, double age_days, size_t bytes = 1 << 20) {
    const int64_t id = Footage(camera, age_days, bytes);
    auto sha = Sha256OfFile(paths_[id]);
    EXPECT_TRUE(sha);
    EXPECT_TRUE(catalog_->SealRecording(id, sha.value_or(Sha256Digest{}), catalog_->GetRecording(id)->bytes));
    return id;
  }
  IntegrityReport Verify() {
    IntegrityOptions o;
    o.minimum_retention_90k = n25_.minimum_90k();
    o.now_wall_90k = clock_.Now();
    auto r = VerifyIntegrity(*catalog_, data(), o);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : IntegrityReport{};
  }
  RetentionSweeper Sweeper(const RetentionPolicy& policy, uint64_t capacity = 1000 * kMiB) {
    return RetentionSweeper(*catalog_, data(), policy, audit_, PretendDisk(capacity),
                            SweeperOptions{.low_free_bytes = 3 * kMiB, .critical_free_bytes = 1 * kMiB});
  }
  // Removes a recording's row and file behind Custos's back, as someone with a shell would.
  void RemoveByHand(int64_t id) {
    auto raw = OpenRaw();
    ASSERT_TRUE(raw->Exec(("DELETE FROM recording WHERE id = " + std::to_string(id)).c_str(), "t").ok());
    std::filesystem::remove(paths_[id]);
  }
  void ForgeMark(int64_t id, int64_t deleted_wall_90k) {
    auto raw = OpenRaw();
    const std::string sql = "INSERT INTO chain_link_deletion (recording_id, deleted_wall_90k, rule, deleted_by, "
                            "minimum_90k, audit_ref) VALUES (" + std::to_string(id) + ", " +
                            std::to_string(deleted_wall_90k) + ", 'minimum_retention', 'system', 0, '')";
    ASSERT_TRUE(raw->Exec(sql.c_str(), "t").ok());
  }
  std::string Rec(int64_t id) { return "(recording " + std::to_string(id) + ")"; }

  RetentionPolicy n25_{Profile("national-2025"), clock_};
  RetentionPolicy xj_{Profile("xinjiang-2014"), clock_};
};

TEST_F(LawfulDeletionTest, SweeperDeletionsAreListedAndTheChainStillVerifies) {
  const int64_t old1 = Sealed("gate", 45);
  const int64_t old2 = Sealed("gate", 31);
  const int64_t young = Sealed("gate", 2);
  ASSERT_TRUE(Verify().problems.empty());
  auto report = Sweeper(n25_).Sweep();
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_EQ(report->deleted, 2);
  EXPECT_FALSE(FileExists(old1) || RowExists(old1));
  EXPECT_TRUE(catalog_->GetChainLink(old1)->has_value());  // the link stays

  auto r = Verify();
  EXPECT_TRUE(r.problems.empty()) << Lines(r.problems);
  EXPECT_EQ(r.links_checked, 3);
  EXPECT_EQ(r.files_hashed, 1);
  ASSERT_EQ(r.lawful_deletions.size(), 2u) << Lines(r.lawful_deletions);
  const std::string on = "deleted by retention on " + FormatIso8601(clock_.Now()) + " (minimum retention; audit ref rd-";
  EXPECT_TRUE(Mentions(r.lawful_deletions, Rec(old1), on)) << Lines(r.lawful_deletions);
  EXPECT_TRUE(Mentions(r.lawful_deletions, Rec(old2), on)) << Lines(r.lawful_deletions);
  EXPECT_FALSE(Mentions(r.lawful_deletions, Rec(young)));
  // The mark's audit reference is the one in the retention_delete audit entry.
  auto marks = catalog_->ListLawfulDeletions("gate");
  ASSERT_EQ(marks->size(), 2u);
  ASSERT_EQ(audit_.events().size(), 1u);
  EXPECT_NE(audit_.events()[0].detail.find((*marks)[0].reason.audit_ref), std::string::npos)
      << audit_.events()[0].detail;
}

TEST_F(LawfulDeletionTest, MaximumRetentionDiskPressureAndOperatorDeletesNameTheirRule) {
  const int64_t past_max = Sealed("lobby", 70);
  const int64_t past_min = Sealed("gate", 40, 3 * kMiB);
  const int64_t by_hand = Sealed("gate", 50);
  ASSERT_TRUE(catalog_->SetCameraMaxRetention("lobby", 60).ok());
  RetentionService service(*catalog_, xj_, audit_, data());
  ASSERT_TRUE(service.DeleteRecording("alice", by_hand).ok());
  // xinjiang-2014 keeps footage after the minimum: only the camera maximum and a low disk delete.
  auto report = Sweeper(xj_, 5 * kMiB).Sweep();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_FALSE(RowExists(past_max) || RowExists(past_min));
  auto r = Verify();
  EXPECT_TRUE(r.problems.empty()) << Lines(r.problems);
  EXPECT_TRUE(Mentions(r.lawful_deletions, Rec(past_max), "(maximum retention;")) << Lines(r.lawful_deletions);
  EXPECT_TRUE(Mentions(r.lawful_deletions, Rec(past_min), "(disk pressure;")) << Lines(r.lawful_deletions);
  EXPECT_TRUE(Mentions(r.lawful_deletions, Rec(by_hand), "(operator, by alice;")) << Lines(r.lawful_deletions);
}

TEST_F(LawfulDeletionTest, AFileRemovedWithinRetentionIsAnErrorNamingIt) {
  const int64_t id = Sealed("gate", 3);
  std::filesystem::remove(paths_[id]);
  auto r = Verify();
  EXPECT_TRUE(Mentions(r.problems, Rec(id) + ": file", "is missing")) << Lines(r.problems);
  EXPECT_TRUE(r.lawful_deletions.empty());
}

TEST_F(LawfulDeletionTest, ARowAndFileRemovedByHandAreAnErrorEvenPastTheMinimum) {
  const int64_t id = Sealed("gate", 45);
  RemoveByHand(id);
  auto r = Verify();
  EXPECT_TRUE(Mentions(r.problems, Rec(id), "without a retention delete")) << Lines(r.problems);
  EXPECT_TRUE(r.lawful_deletions.empty());
}

TEST_F(LawfulDeletionTest, AForgedMarkOnARecordingYoungerThanTheMinimumIsAnError) {
  const int64_t id = Sealed("gate", 5);
  RemoveByHand(id);
  ForgeMark(id, clock_.Now().ticks_90k);
  auto r = Verify();
  EXPECT_TRUE(Mentions(r.problems, Rec(id), "less than the minimum retention (30 days)")) << Lines(r.problems);
  EXPECT_TRUE(Mentions(r.problems, Rec(id), "forged mark")) << Lines(r.problems);
  EXPECT_TRUE(r.lawful_deletions.empty()) << Lines(r.lawful_deletions);
}

TEST_F(LawfulDeletionTest, AForgedMarkDatedLaterOrOnARecordingStillPresentIsAnError) {
  const int64_t future = Sealed("gate", 5);
  const int64_t present = Sealed("gate", 45);
  RemoveByHand(future);
  ForgeMark(future, clock_.Now().ticks_90k + 40 * kDay);  // "deleted" once it will be old enough
  ForgeMark(present, clock_.Now().ticks_90k);
  auto r = Verify();
  EXPECT_TRUE(Mentions(r.problems, Rec(future), "dated in the future")) << Lines(r.problems);
  EXPECT_TRUE(Mentions(r.problems, Rec(present), "still in the catalog")) << Lines(r.problems);
}

TEST_F(LawfulDeletionTest, AMarkOnFootageUnderAnEvidenceHoldIsAnError) {
  const int64_t id = Sealed("gate", 45);
  const auto rec = *catalog_->GetRecording(id);
  ASSERT_TRUE(catalog_->AddHold(NewHold{"gate", rec.start_wall_90k, *rec.end_wall_90k, "2026/5", "alice",
                                        WallTime90k{kT0 - 50 * kDay}, std::nullopt}));
  RemoveByHand(id);
  ForgeMark(id, clock_.Now().ticks_90k);
  auto r = Verify();
  EXPECT_TRUE(Mentions(r.problems, Rec(id), "evidence hold")) << Lines(r.problems);
}

}  // namespace
}  // namespace custos::testing
