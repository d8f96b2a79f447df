// Users: creation rules, login with lockout (the message never tells whether the user
// exists), disabled accounts, password changes, and keeping one administrator.
#include "access/passwords.h"
#include "access/access_test_util.h"

namespace custos::testing {
namespace {

class UsersTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    AddTestUsers(*catalog_, clock_);
  }
  Result<UserRecord> Login(const std::string& name, const std::string& password) {
    return access::Authenticate(*catalog_, clock_, name, password);
  }
};

TEST_F(UsersTest, StoresOnlyAnArgon2idHash) {
  auto u = catalog_->GetUser("investigator");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(u->password_hash.find(kTestPassword), std::string::npos);
  ASSERT_TRUE(Login("investigator", kTestPassword)) << "the right password logs in";
}

TEST_F(UsersTest, RefusesBadNamesShortPasswordsAndUnknownRoles) {
  EXPECT_EQ(access::AddUser(*catalog_, clock_, {"Bad Name", "", "", kTestPassword, {}, {}, {}}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access::AddUser(*catalog_, clock_, {"short", "", "", "abc", {}, {}, {}}).code(),
            StatusCode::kInvalidArgument);
  Status s = access::AddUser(*catalog_, clock_, {"x", "", "", kTestPassword, {"root"}, {}, {}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("duty_operator"), std::string::npos) << "lists the valid roles: " << s.message();
  EXPECT_EQ(access::AddUser(*catalog_, clock_, {"investigator", "", "", kTestPassword, {}, {}, {}}).code(),
            StatusCode::kAlreadyExists);
}

TEST_F(UsersTest, FiveFailuresLockFifteenMinutesWithTheSameMessageAsAnUnknownUser) {
  auto unknown = Login("nobody", kTestPassword);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(unknown.error().message().find("locked for 15 minutes"), std::string::npos);
  for (int i = 0; i < 5; ++i) {
    auto r = Login("investigator", "wrong password!!");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), unknown.error()) << "a failure must not reveal that the user exists";
  }
  auto locked = Login("investigator", kTestPassword);
  ASSERT_FALSE(locked) << "locked: even the right password is refused";
  EXPECT_EQ(locked.error(), unknown.error());
  clock_.Advance(14 * 60 * kSecond);
  EXPECT_FALSE(Login("investigator", kTestPassword));
  clock_.Advance(61 * kSecond);
  EXPECT_TRUE(Login("investigator", kTestPassword)) << "the lock ends after 15 minutes";
  EXPECT_EQ(catalog_->GetUser("investigator")->failed_logins, 0);
}

TEST_F(UsersTest, ASuccessResetsTheCount) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login("approver", "wrong password!!"));
  EXPECT_TRUE(Login("approver", kTestPassword));
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Login("approver", "wrong password!!"));
  EXPECT_TRUE(Login("approver", kTestPassword)) << "8 failures, but never 5 in a row";
}

TEST_F(UsersTest, ADisabledUserCannotLogIn) {
  ASSERT_TRUE(access::SetDisabled(*catalog_, clock_, "auditor", true).ok());
  auto r = Login("auditor", kTestPassword);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kUnauthenticated);
  ASSERT_TRUE(access::SetDisabled(*catalog_, clock_, "auditor", false).ok());
  EXPECT_TRUE(Login("auditor", kTestPassword));
}

TEST_F(UsersTest, PasswordChangesNeedTheOldPasswordAndClearALock) {
  EXPECT_EQ(access::ChangeOwnPassword(*catalog_, clock_, "maintainer", "not the password", "a new long password")
                .code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(access::ChangeOwnPassword(*catalog_, clock_, "maintainer", kTestPassword, "a new long password").ok());
  EXPECT_FALSE(Login("maintainer", kTestPassword));
  EXPECT_TRUE(Login("maintainer", "a new long password"));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(Login("maintainer", "wrong password!!"));
  ASSERT_TRUE(access::SetPassword(*catalog_, clock_, "maintainer", "reset by the admin").ok());
  EXPECT_TRUE(Login("maintainer", "reset by the admin")) << "a reset clears the lock";
}

TEST_F(UsersTest, TheLastAdministratorCannotBeDisabledOrDemoted) {
  EXPECT_EQ(access::SetDisabled(*catalog_, clock_, "administrator", true).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(access::Grant(*catalog_, clock_, "administrator", {"auditor"}, {}, {}).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(access::Grant(*catalog_, clock_, "maintainer", {"administrator", "maintainer"}, {}, {}).ok());
  EXPECT_TRUE(access::SetDisabled(*catalog_, clock_, "administrator", true).ok());
}

TEST_F(UsersTest, GrantReplacesRolesAndAssignments) {
  ASSERT_TRUE(catalog_->PutCameraGroup(CameraGroup{"all", "", {"gate", "yard"}}).ok());
  ASSERT_TRUE(access::Grant(*catalog_, clock_, "duty_operator", {"duty_operator"}, {}, {"all"}).ok());
  EXPECT_EQ(*catalog_->AssignedCameras("duty_operator"), (std::vector<std::string>{"gate", "yard"}));
  EXPECT_FALSE(access::Grant(*catalog_, clock_, "duty_operator", {"duty_operator"}, {"nope"}, {}).ok());
  EXPECT_EQ(access::Grant(*catalog_, clock_, "nobody", {}, {}, {}).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace custos::testing
