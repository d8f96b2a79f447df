#include "access/users.h"

#include <algorithm>

#include "access/passwords.h"
#include "access/roles.h"

namespace custos::access {

namespace {

bool IsEnabledAdmin(const UserRecord& u) {
  return !u.disabled && std::find(u.roles.begin(), u.roles.end(), "administrator") != u.roles.end();
}

// FailedPrecondition if replacing the stored `before` by `after` leaves no enabled
// administrator: nobody could manage users any more.
Status KeepAnAdministrator(Catalog& catalog, const UserRecord& before, const UserRecord& after) {
  if (!IsEnabledAdmin(before) || IsEnabledAdmin(after)) return Status::Ok();
  auto users = catalog.ListUsers();
  if (!users) return users.error();
  for (const UserRecord& u : *users) {
    if (u.name != before.name && IsEnabledAdmin(u)) return Status::Ok();
  }
  return FailedPrecondition("'" + before.name + "' is the last enabled administrator; make another user " +
                            "administrator first");
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

Status CheckUserName(const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
  if (ok) return Status::Ok();
  return InvalidArgument("a user name has 1 to 64 characters from a-z, 0-9, '_', '.', '-'");
}

std::string LoginFailedMessage(const LockoutPolicy& policy) {
  return "wrong user name or password, or the account is disabled or locked (after " +
         std::to_string(policy.failures_to_lock) + " failed logins in a row an account is locked for " +
         std::to_string(policy.lock_90k / (60 * kTicksPerSecond90k)) + " minutes)";
}

Status AddUser(Catalog& catalog, const Clock& clock, const NewUser& n) {
  CUSTOS_RETURN_IF_ERROR(CheckUserName(n.name));
  CUSTOS_RETURN_IF_ERROR(CheckPasswordRule(n.password));
  auto roles = NormalizeRoles(n.roles);
  if (!roles) return roles.error();
  auto hash = HashPassword(n.password);
  if (!hash) return hash.error();
  UserRecord u;
  u.name = n.name;
  u.display_name = n.display_name;
  u.unit = n.unit;
  u.password_hash = *hash;
  u.created_wall_90k = u.updated_wall_90k = u.password_changed_wall_90k = clock.Now();
  u.roles = *roles;
  u.camera_ids = Sorted(n.camera_ids);
  u.camera_groups = Sorted(n.camera_groups);
  return catalog.AddUser(u);
}

Result<UserRecord> Authenticate(Catalog& catalog, const Clock& clock, const std::string& name,
                                const std::string& password, const LockoutPolicy& policy) {
  const Status failed = Unauthenticated(LoginFailedMessage(policy));
  auto user = catalog.GetUser(name);
  if (!user && user.error().code() != StatusCode::kNotFound) return Err(user.error());
  if (!user) {
    VerifyPassword(DummyHash(), password);  // the same cost as for a real user
    return Err(failed);
  }
  const bool match = VerifyPassword(user->password_hash, password);
  const WallTime90k now = clock.Now();
  if (user->disabled || now.ticks_90k < user->locked_until_wall_90k.ticks_90k) return Err(failed);
  if (!match) {
    CUSTOS_RETURN_IF_ERROR(
        catalog.RecordFailedLogin(name, policy.failures_to_lock, WallTime90k{now.ticks_90k + policy.lock_90k}));
    return Err(failed);
  }
  if (user->failed_logins != 0) CUSTOS_RETURN_IF_ERROR(catalog.RecordGoodLogin(name));
  user->failed_logins = 0;
  return user;
}

Status SetPassword(Catalog& catalog, const Clock& clock, const std::string& name, const std::string& password) {
  CUSTOS_RETURN_IF_ERROR(CheckPasswordRule(password));
  auto user = catalog.GetUser(name);
  if (!user) return user.error();
  auto hash = HashPassword(password);
  if (!hash) return hash.error();
  user->password_hash = *hash;
  user->failed_logins = 0;
  user->locked_until_wall_90k = WallTime90k{0};
  user->updated_wall_90k = user->password_changed_wall_90k = clock.Now();
  return catalog.UpdateUser(*user);
}

Status ChangeOwnPassword(Catalog& catalog, const Clock& clock, const std::string& name,
                         const std::string& old_password, const std::string& new_password) {
  auto user = catalog.GetUser(name);
  if (!user) return user.error();
  if (!VerifyPassword(user->password_hash, old_password)) {
    return PermissionDenied("the current password is wrong; nothing was changed");
  }
  return SetPassword(catalog, clock, name, new_password);
}

Status SetDisabled(Catalog& catalog, const Clock& clock, const std::string& name, bool disabled) {
  auto user = catalog.GetUser(name);
  if (!user) return user.error();
  UserRecord after = *user;
  after.disabled = disabled;
  after.updated_wall_90k = clock.Now();
  CUSTOS_RETURN_IF_ERROR(KeepAnAdministrator(catalog, *user, after));
  return catalog.UpdateUser(after);
}

Status Grant(Catalog& catalog, const Clock& clock, const std::string& name, const std::vector<std::string>& roles,
             const std::vector<std::string>& camera_ids, const std::vector<std::string>& camera_groups) {
  auto normalized = NormalizeRoles(roles);
  if (!normalized) return normalized.error();
  auto user = catalog.GetUser(name);
  if (!user) return user.error();
  UserRecord after = *user;
  after.roles = *normalized;
  after.camera_ids = Sorted(camera_ids);
  after.camera_groups = Sorted(camera_groups);
  after.updated_wall_90k = clock.Now();
  CUSTOS_RETURN_IF_ERROR(KeepAnAdministrator(catalog, *user, after));
  return catalog.UpdateUser(after);
}

}  // namespace custos::access
