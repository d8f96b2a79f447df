#include "retention/retention_policy.h"

#include <gtest/gtest.h>

#include <fstream>

#include "retention/retention_test_util.h"

namespace custos::testing {
namespace {

TEST(RetentionProfileTest, TheFiveProfiles) {
  EXPECT_EQ(Profile("national-2025").minimum_days, 30);
  EXPECT_TRUE(Profile("national-2025").delete_after_minimum);
  EXPECT_EQ(Profile("liaoning-2008").minimum_days, 15);
  EXPECT_EQ(Profile("liaoning-2008").important_days, 365);
  EXPECT_EQ(Profile("xinjiang-2014").important_days, 730);
  EXPECT_FALSE(Profile("xinjiang-2014").delete_after_minimum);
  EXPECT_EQ(Profile("nanchang").minimum_days, 30);
  EXPECT_EQ(Profile("national-2025").important_days, std::nullopt);
}

TEST_F(RetentionTest, TheActiveProfileIsTheCatalogsSetting) {
  EXPECT_EQ(govern::ActiveRetentionProfile(*catalog_, Profiles())->name, "national-2025");
  ASSERT_TRUE(govern::SetActiveProfile(*catalog_, Profiles(), "liaoning-2008").ok());
  EXPECT_EQ(govern::ActiveRetentionProfile(*catalog_, Profiles())->minimum_days, 15);
  EXPECT_FALSE(govern::SetActiveProfile(*catalog_, Profiles(), "atlantis").ok());
}

TEST(RetentionPolicyTest, WhenFootageEndsItsLife) {
  FakeClock clock{WallTime90k{kT0}};
  RetentionPolicy n25(Profile("national-2025"), clock);
  EXPECT_EQ(n25.DeleteAfter90k(std::nullopt), 30 * kDay);
  EXPECT_EQ(n25.DeleteAfter90k(90), 90 * kDay);
  EXPECT_EQ(n25.DeleteAfter90k(5), 30 * kDay);  // never below the floor
  RetentionPolicy xj(Profile("xinjiang-2014"), clock);
  EXPECT_EQ(xj.DeleteAfter90k(std::nullopt), std::nullopt);  // keep
  EXPECT_EQ(xj.DeleteAfter90k(60), 60 * kDay);
  EXPECT_EQ(xj.Check().minimum_90k, 30 * kDay);
  EXPECT_EQ(xj.Check().now_wall_90k.ticks_90k, kT0);
}

TEST(RetentionPolicyTest, CameraMaximumBelowTheMinimumIsRefused) {
  FakeClock clock;
  RetentionPolicy ln(Profile("liaoning-2008"), clock);
  EXPECT_TRUE(ln.ValidateCameraMax(15).ok());
  Status s = ln.ValidateCameraMax(14);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("(R501)"), std::string::npos) << s.message();
}

TEST(RetentionPolicyTest, HoldsLastTheProfilesLongPeriod) {
  FakeClock clock;
  EXPECT_EQ(RetentionPolicy(Profile("xinjiang-2014"), clock).HoldUntil(WallTime90k{kT0})->ticks_90k,
            kT0 + 730 * kDay);
  EXPECT_EQ(RetentionPolicy(Profile("national-2025"), clock).HoldUntil(WallTime90k{kT0}), std::nullopt);
}

}  // namespace
}  // namespace custos::testing
