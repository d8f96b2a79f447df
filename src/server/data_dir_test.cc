#include "server/data_dir.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "server/admin_secret.h"

namespace custos {
namespace {

namespace fs = std::filesystem;

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("custos_dd_" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(DataDirTest, SecondLockIsRefusedWithTheHolder) {
  auto first = DataDirLock::Acquire(dir_);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(DataDirLock::HeldByDaemon(dir_));
  auto second = DataDirLock::Acquire(dir_);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.error().message().find(std::to_string(::getpid())), std::string::npos);
}

TEST_F(DataDirTest, LockIsReleasedWithItsOwner) {
  { auto first = DataDirLock::Acquire(dir_); ASSERT_TRUE(first); }
  EXPECT_FALSE(DataDirLock::HeldByDaemon(dir_));
  EXPECT_TRUE(DataDirLock::Acquire(dir_));
}

TEST_F(DataDirTest, AdminPasswordIsGeneratedOnceAndOnlyItsHashKept) {
  auto made = EnsureAdminSecret(dir_);
  ASSERT_TRUE(made) << made.error().ToString();
  ASSERT_TRUE(made->has_value());
  const std::string password = **made;
  EXPECT_GE(password.size(), 20u);
  auto again = EnsureAdminSecret(dir_);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->has_value()) << "a second start must not print a new password";
  EXPECT_TRUE(*VerifyAdminPassword(dir_, password));
  EXPECT_FALSE(*VerifyAdminPassword(dir_, password + "x"));
  auto stored = fs::status(dir_ + "/secrets/admin.argon2id").permissions();
  EXPECT_EQ(stored & fs::perms::others_read, fs::perms::none);
}

}  // namespace
}  // namespace custos
