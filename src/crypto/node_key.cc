#include "crypto/node_key.h"

#include <sodium.h>
#include <sys/stat.h>

#include "base/file_util.h"

namespace custos {

namespace {

std::string KeyPath(const std::string& data_dir) { return data_dir + "/secrets/node.ed25519"; }

Status InitSodium() {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  return Status::Ok();
}

Result<NodeKey> ParseKeyFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::string text(bytes.begin(), bytes.end());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  Result<std::string> seed = FromHex(text);
  if (!seed || seed->size() != 32) {
    return Err(DataLoss(path + " is not a 64-hex-digit Ed25519 seed; restore it from a backup "
                               "(replacing it would invalidate every signature this node made)"));
  }
  std::array<uint8_t, 32> raw{};
  std::copy(seed->begin(), seed->end(), raw.begin());
  return NodeKey::FromSeed(raw);
}

}  // namespace

NodeKey NodeKey::FromSeed(const std::array<uint8_t, 32>& seed) {
  (void)InitSodium();
  NodeKey key;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_key_.data(), seed.data());
  return key;
}

Result<NodeKey> NodeKey::Load(const std::string& data_dir) {
  CUSTOS_RETURN_IF_ERROR(InitSodium());
  const std::string path = KeyPath(data_dir);
  auto bytes = ReadFileBytes(path);
  if (!bytes) {
    if (bytes.error().code() == StatusCode::kNotFound) {
      return Err(NotFound("no node key at " + path + "; start `custos serve --data " + data_dir +
                          "` once to create it"));
    }
    return Err(bytes.error());
  }
  return ParseKeyFile(path, *bytes);
}

Result<NodeKey> NodeKey::LoadOrCreate(const std::string& data_dir) {
  CUSTOS_RETURN_IF_ERROR(InitSodium());
  const std::string path = KeyPath(data_dir);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    CUSTOS_RETURN_IF_ERROR(MakeDirs(data_dir + "/secrets"));
    ::chmod((data_dir + "/secrets").c_str(), 0700);
    std::array<uint8_t, 32> seed{};
    randombytes_buf(seed.data(), seed.size());
    std::string line = ToHex(seed.data(), seed.size()) + "\n";
    sodium_memzero(seed.data(), seed.size());
    CUSTOS_RETURN_IF_ERROR(
        WriteFileAtomic(path, ByteSpan(reinterpret_cast<const uint8_t*>(line.data()), line.size()), 0600));
  }
  return Load(data_dir);
}

std::string NodeKey::PublicKeyHex() const { return ToHex(public_key_.data(), public_key_.size()); }

Signature NodeKey::Sign(std::string_view message) const {
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_key_.data());
  return sig;
}

bool VerifySignature(const PublicKey& public_key, std::string_view message, const Signature& signature) {
  if (sodium_init() < 0) return false;
  return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

std::string ToHex(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

Result<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return Err(InvalidArgument("hex string has an odd number of digits"));
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]);
    int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return Err(InvalidArgument("not a hex digit in \"" + std::string(hex) + "\""));
    out += static_cast<char>(hi << 4 | lo);
  }
  return out;
}

namespace {

template <size_t N>
Result<std::array<uint8_t, N>> ParseFixedHex(std::string_view hex, const char* what) {
  Result<std::string> raw = FromHex(hex);
  if (!raw || raw->size() != N) {
    return Err(InvalidArgument(std::string(what) + " must be " + std::to_string(2 * N) + " hex digits"));
  }
  std::array<uint8_t, N> out{};
  std::copy(raw->begin(), raw->end(), out.begin());
  return out;
}

}  // namespace

Result<PublicKey> ParsePublicKeyHex(std::string_view hex) {
  return ParseFixedHex<kEd25519PublicKeyBytes>(hex, "an Ed25519 public key");
}

Result<Signature> ParseSignatureHex(std::string_view hex) {
  return ParseFixedHex<kEd25519SignatureBytes>(hex, "an Ed25519 signature");
}

}  // namespace custos
