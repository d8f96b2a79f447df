// admin_secret.h: the administrator's password, generated at first start.
//
// No default secret exists anywhere: at the first start of a data folder a random password
// is generated, printed once, and only its Argon2id hash (libsodium crypto_pwhash_str) is
// kept, in DATA/secrets/admin.argon2id (mode 0600). Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <string>

#include "base/status.h"

namespace custos {

// Ensures the admin secret exists. Returns the new password when it was just created
// (to print once), nullopt when it already existed.
Result<std::optional<std::string>> EnsureAdminSecret(const std::string& data_dir);
// Checks a password against the stored hash.
Result<bool> VerifyAdminPassword(const std::string& data_dir, const std::string& password);

}  // namespace custos
