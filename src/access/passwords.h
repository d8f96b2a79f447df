// passwords.h: Argon2id password hashes (libsodium crypto_pwhash_str) and the password rule.
//
// Only hashes are stored (app_user.password_hash); verification compares in constant time
// inside libsodium. Hashing costs about 0.1 s and 64 MiB (the INTERACTIVE limits): call it
// on a worker, never on an event loop. Thread-safety: stateless functions.
#pragma once

#include <string>

#include "base/status.h"

namespace custos::access {

inline constexpr size_t kMinPasswordLength = 12;

// InvalidArgument (saying what is wanted) for a password shorter than 12 characters or
// longer than 256 bytes.
Status CheckPasswordRule(const std::string& password);
// ResourceExhausted when the memory for Argon2id is not available.
Result<std::string> HashPassword(const std::string& password);
// False for a wrong password or an unparsable hash.
bool VerifyPassword(const std::string& hash, const std::string& password);
// 20 characters without look-alikes (about 113 bits), for generated passwords.
std::string GeneratePassword();
// A valid hash of a random password, to spend the same time on unknown user names.
const std::string& DummyHash();

}  // namespace custos::access
