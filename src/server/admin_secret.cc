#include "server/admin_secret.h"

#include <sys/stat.h>

#include "access/passwords.h"
#include "access/users.h"
#include "base/file_util.h"

namespace custos {

namespace {

std::string LegacySecretPath(const std::string& data_dir) { return data_dir + "/secrets/admin.argon2id"; }

// The hash in a pre-users data folder, if there is one.
Result<std::optional<std::string>> LegacyHash(const std::string& data_dir) {
  struct stat st {};
  if (::stat(LegacySecretPath(data_dir).c_str(), &st) != 0) return std::optional<std::string>();
  auto bytes = ReadFileBytes(LegacySecretPath(data_dir));
  if (!bytes) return Err(bytes.error());
  std::string hash(bytes->begin(), bytes->end());
  while (!hash.empty() && (hash.back() == '\n' || hash.back() == '\0')) hash.pop_back();
  if (hash.rfind("$argon2id$", 0) != 0) {
    return Err(DataLoss(LegacySecretPath(data_dir) + " holds no Argon2id hash; move it away to get a new password"));
  }
  return std::optional<std::string>(hash);
}

}  // namespace

Result<std::optional<std::string>> EnsureBootstrapAdmin(Catalog& catalog, const Clock& clock,
                                                        const std::string& data_dir) {
  auto users = catalog.CountUsers();
  if (!users) return Err(users.error());
  if (*users > 0) return std::optional<std::string>();
  auto legacy = LegacyHash(data_dir);
  if (!legacy) return Err(legacy.error());
  if (*legacy) {
    UserRecord u;
    u.name = kBootstrapAdmin;
    u.display_name = "Administrator";
    u.password_hash = **legacy;
    u.created_wall_90k = u.updated_wall_90k = u.password_changed_wall_90k = clock.Now();
    u.roles = {"administrator"};
    CUSTOS_RETURN_IF_ERROR(catalog.AddUser(u));
    return std::optional<std::string>();
  }
  std::string password = access::GeneratePassword();
  CUSTOS_RETURN_IF_ERROR(access::AddUser(
      catalog, clock, access::NewUser{kBootstrapAdmin, "Administrator", "", password, {"administrator"}, {}, {}}));
  return std::optional<std::string>(password);
}

}  // namespace custos
