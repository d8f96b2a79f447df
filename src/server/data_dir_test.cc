#include "server/data_dir.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "server/admin_secret.h"

#include <fstream>

#include "access/passwords.h"
#include "access/users.h"

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

TEST_F(DataDirTest, TheFirstAdministratorIsGeneratedOnceAndOnlyItsHashKept) {
  FakeClock clock(WallTime90k{int64_t{1795422600} * kTicksPerSecond90k});
  fs::create_directories(dir_);
  auto catalog = Catalog::Open(dir_ + "/custos.db", clock);
  ASSERT_TRUE(catalog);
  auto made = EnsureBootstrapAdmin(**catalog, clock, dir_);
  ASSERT_TRUE(made) << made.error().ToString();
  ASSERT_TRUE(made->has_value());
  const std::string password = **made;
  EXPECT_GE(password.size(), 20u);
  auto again = EnsureBootstrapAdmin(**catalog, clock, dir_);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->has_value()) << "a second start must not print a new password";
  auto admin = (*catalog)->GetUser("admin");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->roles, std::vector<std::string>{"administrator"});
  EXPECT_EQ(admin->password_hash.find(password), std::string::npos);
  EXPECT_TRUE(access::Authenticate(**catalog, clock, "admin", password));
  EXPECT_FALSE(access::Authenticate(**catalog, clock, "admin", password + "x"));
}

TEST_F(DataDirTest, AnOldAdminSecretFileBecomesTheAdminUser) {
  FakeClock clock(WallTime90k{int64_t{1795422600} * kTicksPerSecond90k});
  fs::create_directories(dir_ + "/secrets");
  auto hash = access::HashPassword("the old admin password");
  ASSERT_TRUE(hash);
  std::ofstream(dir_ + "/secrets/admin.argon2id") << *hash << "\n";
  auto catalog = Catalog::Open(dir_ + "/custos.db", clock);
  ASSERT_TRUE(catalog);
  auto made = EnsureBootstrapAdmin(**catalog, clock, dir_);
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_FALSE(made->has_value()) << "no new password: the old one stays valid";
  EXPECT_TRUE(access::Authenticate(**catalog, clock, "admin", "the old admin password"));
}

}  // namespace
}  // namespace custos
