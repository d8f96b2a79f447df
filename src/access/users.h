// users.h: user accounts: creation, login with lockout, passwords, disabling, roles and
// camera assignments. The rules live here; the rows in the catalog (access_store.cc).
//
// Login failures never say whether the user exists: every failure (unknown name, wrong
// password, disabled, locked) gets the same message, which also states the lockout rule,
// and costs one Argon2id verification. Thread-safety: stateless functions; the Catalog is
// the caller's (one thread at a time).
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "catalog/catalog.h"

namespace custos::access {

struct LockoutPolicy {
  int64_t failures_to_lock = 5;                   // failed logins in a row that lock
  int64_t lock_90k = 15 * 60 * kTicksPerSecond90k;  // how long
};

struct NewUser {
  std::string name;
  std::string display_name;
  std::string unit;
  std::string password;  // checked against CheckPasswordRule, then only hashed
  std::vector<std::string> roles;
  std::vector<std::string> camera_ids;
  std::vector<std::string> camera_groups;
};

// [a-z0-9_.-]{1,64}; InvalidArgument saying so.
Status CheckUserName(const std::string& name);
// The message of every failed login (it names the lockout rule, never the cause).
std::string LoginFailedMessage(const LockoutPolicy& policy);

Status AddUser(Catalog& catalog, const Clock& clock, const NewUser& user);
// The user, or Unauthenticated(LoginFailedMessage) for any failure; counts failures and
// locks. Other codes are real errors (database).
Result<UserRecord> Authenticate(Catalog& catalog, const Clock& clock, const std::string& name,
                                const std::string& password, const LockoutPolicy& policy = {});
// Sets a new password (an administrator's reset, or `custos user passwd`); clears the
// failure count and any lock.
Status SetPassword(Catalog& catalog, const Clock& clock, const std::string& name, const std::string& password);
// A user changing their own password: the old one must match (PermissionDenied if not).
Status ChangeOwnPassword(Catalog& catalog, const Clock& clock, const std::string& name,
                         const std::string& old_password, const std::string& new_password);
// FailedPrecondition when it would leave no enabled administrator.
Status SetDisabled(Catalog& catalog, const Clock& clock, const std::string& name, bool disabled);
// Replaces roles and assignments. FailedPrecondition when it would leave no enabled
// administrator; FailedPrecondition from the catalog for an unknown camera or group.
Status Grant(Catalog& catalog, const Clock& clock, const std::string& name, const std::vector<std::string>& roles,
             const std::vector<std::string>& camera_ids, const std::vector<std::string>& camera_groups);

}  // namespace custos::access
