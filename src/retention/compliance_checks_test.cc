#include "retention/compliance_checks.h"

#include "retention/retention_test_util.h"

namespace custos::testing {
namespace {

class ComplianceChecksTest : public RetentionTest {
 protected:
  ComplianceInputs In(const RetentionPolicy& p) { return ComplianceInputs{*catalog_, p, verify_, entries_}; }
  void AuditDelete(int64_t footage_end, int64_t when) {
    StoredAuditEntry s;
    s.entry.seq = static_cast<int64_t>(entries_.size() + 1);
    s.entry.wall_90k = WallTime90k{when};
    s.entry.event.action = "retention_delete";
    s.entry.event.to_wall_90k = WallTime90k{footage_end};
    entries_.push_back(s);
  }
  AuditVerifyReport verify_;
  std::vector<StoredAuditEntry> entries_;
  RetentionPolicy n25_{Profile("national-2025"), clock_};
  RetentionPolicy xj_{Profile("xinjiang-2014"), clock_};
};

TEST_F(ComplianceChecksTest, R403AndR501FollowTheAuditedDeletes) {
  AuditDelete(kT0 - 40 * kDay, kT0);
  EXPECT_EQ(CheckR403(In(n25_)).state, ComplianceState::kMet);
  EXPECT_EQ(CheckR501(In(n25_)).state, ComplianceState::kMet);
  AuditDelete(kT0 - 10 * kDay, kT0);  // under the floor: must show
  EXPECT_EQ(CheckR501(In(n25_)).state, ComplianceState::kNotMet);
  EXPECT_NE(CheckR403(In(n25_)).why.find("1 retention deletes removed footage under the minimum"), std::string::npos);
}

TEST_F(ComplianceChecksTest, R703AndR705FollowTheVerification) {
  EXPECT_EQ(CheckR703(In(n25_)).state, ComplianceState::kMet);
  verify_.problems.push_back({AuditProblem::kEdited, 3, "x"});
  EXPECT_EQ(CheckR703(In(n25_)).state, ComplianceState::kNotMet);
  EXPECT_EQ(CheckR705(In(n25_)).state, ComplianceState::kNotMet);
  EXPECT_EQ(CheckR403(In(n25_)).state, ComplianceState::kNotMet);
}

TEST_F(ComplianceChecksTest, R502DependsOnTheProfile) {
  EXPECT_EQ(CheckR502(In(n25_)).state, ComplianceState::kNotApplicable);
  EXPECT_EQ(CheckR502(In(xj_)).state, ComplianceState::kMet);
}

TEST_F(ComplianceChecksTest, R503CountsOverdueFootage) {
  Footage("gate", 10);
  EXPECT_EQ(CheckR503(In(n25_)).state, ComplianceState::kMet);
  EXPECT_EQ(CheckR503(In(xj_)).state, ComplianceState::kNotApplicable);
  Footage("gate", 31);
  auto line = CheckR503(In(n25_));
  EXPECT_EQ(line.state, ComplianceState::kNotMet);
  EXPECT_NE(line.why.find("1 recordings are past"), std::string::npos) << line.why;
}

}  // namespace
}  // namespace custos::testing
