// admin_secret.h: the first administrator of a data folder.
//
// No default secret exists anywhere. At the first start (no user in the catalog) a user
// "admin" with the role administrator is created with a random password, which is
// printed once; only its Argon2id hash is kept, in the catalog (app_user). A data folder
// from before users existed has DATA/secrets/admin.argon2id: its hash becomes the admin
// user's, so the old password keeps working, and the file is no longer read.
// Thread-safety: stateless functions; the Catalog is the caller's.
#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "catalog/catalog.h"

namespace custos {

inline constexpr char kBootstrapAdmin[] = "admin";

// Ensures the catalog has a user. Returns the new admin password when one was just
// generated (to print once), nullopt otherwise.
Result<std::optional<std::string>> EnsureBootstrapAdmin(Catalog& catalog, const Clock& clock,
                                                        const std::string& data_dir);

}  // namespace custos
