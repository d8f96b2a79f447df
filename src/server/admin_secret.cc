#include "server/admin_secret.h"

#include <sodium.h>
#include <sys/stat.h>

#include "base/file_util.h"

namespace custos {

namespace {

std::string SecretPath(const std::string& data_dir) { return data_dir + "/secrets/admin.argon2id"; }

std::string RandomPassword() {
  // 20 characters from an alphabet without look-alikes: about 113 bits.
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

}  // namespace

Result<std::optional<std::string>> EnsureAdminSecret(const std::string& data_dir) {
  if (sodium_init() < 0) return Err(Internal("libsodium failed to initialise"));
  const std::string path = SecretPath(data_dir);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return std::optional<std::string>();
  CUSTOS_RETURN_IF_ERROR(MakeDirs(data_dir + "/secrets"));
  ::chmod((data_dir + "/secrets").c_str(), 0700);
  std::string password = RandomPassword();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.c_str(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Err(ResourceExhausted("not enough memory to hash the admin password"));
  }
  std::string line = std::string(hash) + "\n";
  CUSTOS_RETURN_IF_ERROR(WriteFileAtomic(path, ByteSpan(reinterpret_cast<const uint8_t*>(line.data()), line.size()), 0600));
  return std::optional<std::string>(password);
}

Result<bool> VerifyAdminPassword(const std::string& data_dir, const std::string& password) {
  if (sodium_init() < 0) return Err(Internal("libsodium failed to initialise"));
  auto bytes = ReadFileBytes(SecretPath(data_dir));
  if (!bytes) return Err(bytes.error());
  std::string hash(bytes->begin(), bytes->end());
  while (!hash.empty() && (hash.back() == '\n' || hash.back() == '\0')) hash.pop_back();
  return crypto_pwhash_str_verify(hash.c_str(), password.c_str(), password.size()) == 0;
}

}  // namespace custos
