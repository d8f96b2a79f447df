#include "access/passwords.h"

#include <sodium.h>

namespace custos::access {

Status CheckPasswordRule(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return InvalidArgument("a password needs at least " + std::to_string(kMinPasswordLength) +
                           " characters; a sentence of a few words is easy to remember");
  }
  if (password.size() > 256) return InvalidArgument("a password may have at most 256 bytes");
  return Status::Ok();
}

Result<std::string> HashPassword(const std::string& password) {
  if (sodium_init() < 0) return Err(Internal("libsodium failed to initialise"));
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.c_str(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Err(ResourceExhausted("not enough memory to hash a password (Argon2id needs 64 MiB)"));
  }
  return std::string(hash);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  if (sodium_init() < 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.c_str(), password.size()) == 0;
}

std::string GeneratePassword() {
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  if (sodium_init() < 0) return {};
  std::string out;
  for (int i = 0; i < 20; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

const std::string& DummyHash() {
  static const std::string hash = HashPassword(GeneratePassword()).value_or("$argon2id$");
  return hash;
}

}  // namespace custos::access
