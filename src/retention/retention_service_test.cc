#include "retention/retention_service.h"

#include "retention/retention_test_util.h"

namespace custos::testing {
namespace {

class RetentionServiceTest : public RetentionTest {
 protected:
  RetentionPolicy policy_{Profile("xinjiang-2014"), clock_};
  RetentionService& service() {
    if (!service_) service_ = std::make_unique<RetentionService>(*catalog_, policy_, audit_, data());
    return *service_;
  }
  std::unique_ptr<RetentionService> service_;
};

TEST_F(RetentionServiceTest, DeletionRefusedAtMinimumMinusOneDayAllowedAfter) {
  const int64_t id = Footage("gate", 29);
  Status s = service().DeleteRecording("admin", id);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("R403/R501"), std::string::npos) << s.message();
  EXPECT_TRUE(RowExists(id));
  EXPECT_TRUE(FileExists(id));
  ASSERT_EQ(audit_.events().size(), 1u);
  EXPECT_EQ(audit_.events()[0].actor, "admin");
  EXPECT_EQ(audit_.events()[0].outcome, "refused");
  EXPECT_NE(audit_.events()[0].detail.find("R403/R501"), std::string::npos);

  clock_.Advance(kDay);
  ASSERT_TRUE(service().DeleteRecording("admin", id).ok());
  EXPECT_FALSE(RowExists(id));
  EXPECT_FALSE(FileExists(id));
  EXPECT_TRUE(catalog_->ListGarbage()->empty());
  EXPECT_EQ(Actions(), (std::vector<std::string>{"retention_delete:refused", "retention_delete:ok"}));
  EXPECT_EQ(audit_.events()[1].camera_ids, std::vector<std::string>{"gate"});
}

TEST_F(RetentionServiceTest, HoldProtectsPastTheMinimumAndReleaseNeedsADifferentApprover) {
  const int64_t id = Footage("gate", 40);
  const auto rec = *catalog_->GetRecording(id);
  auto hold = service().AddHold("alice", "gate", rec.start_wall_90k, *rec.end_wall_90k, "2026/117");
  ASSERT_TRUE(hold) << hold.error().ToString();
  EXPECT_EQ(catalog_->GetHold(*hold)->until_wall_90k->ticks_90k, kT0 + 730 * kDay);  // XJ: 2 years
  Status held = service().DeleteRecording("admin", id);
  EXPECT_NE(held.message().find("R502"), std::string::npos) << held.message();
  EXPECT_TRUE(FileExists(id));

  ASSERT_TRUE(service().RequestHoldRelease("alice", *hold).ok());
  Status same = service().ApproveHoldRelease("alice", *hold);
  EXPECT_EQ(same.code(), StatusCode::kPermissionDenied);
  EXPECT_FALSE(service().DeleteRecording("admin", id).ok());
  ASSERT_TRUE(service().ApproveHoldRelease("bob", *hold).ok());
  ASSERT_TRUE(service().DeleteRecording("admin", id).ok());
  EXPECT_EQ(Actions(), (std::vector<std::string>{"hold_add:ok", "retention_delete:refused",
                                                 "hold_release_request:ok", "hold_release_approve:refused",
                                                 "retention_delete:refused", "hold_release_approve:ok",
                                                 "retention_delete:ok"}));
  EXPECT_EQ(audit_.events()[0].purpose, "2026/117");
  EXPECT_NE(audit_.events()[5].detail.find("release asked by alice"), std::string::npos);
}

TEST_F(RetentionServiceTest, CameraMaximumBelowTheFloorIsRefusedAndAudited) {
  Footage("gate", 1);
  Status s = service().SetCameraMaxRetention("admin", "gate", 10);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(catalog_->ListCameraMaxRetention()->empty());
  ASSERT_TRUE(service().SetCameraMaxRetention("admin", "gate", 45).ok());
  EXPECT_EQ(catalog_->ListCameraMaxRetention()->at("gate"), 45);
  EXPECT_EQ(Actions(), (std::vector<std::string>{"retention_change:refused", "retention_change:ok"}));
}

class FailingSink final : public AuditSink {
 public:
  Status Append(const AuditEvent&) override { return Unavailable("audit disk gone"); }
};

TEST_F(RetentionServiceTest, AnUnauditedActIsReportedAsFailed) {
  Footage("gate", 1);
  FailingSink sink;
  RetentionService service(*catalog_, policy_, sink, data());
  auto hold = service.AddHold("alice", "gate", WallTime90k{kT0 - kDay}, WallTime90k{kT0}, "x");
  EXPECT_FALSE(hold);  // reported as failed; the caller must not rely on it
}

}  // namespace
}  // namespace custos::testing
