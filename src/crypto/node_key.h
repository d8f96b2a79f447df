// node_key.h: this node's Ed25519 signing key.
//
// Generated at the first start of a data folder and kept in DATA/secrets/node.ed25519
// (mode 0600, the 32-byte seed as hex). It signs audit checkpoints, recording-chain
// checkpoints and export manifests; anyone holding the public key (shown by the CLI and the
// UI) can verify those offline. Thread-safety: a NodeKey is immutable after loading, so
// Sign() may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace custos {

inline constexpr size_t kEd25519PublicKeyBytes = 32;
inline constexpr size_t kEd25519SignatureBytes = 64;

using PublicKey = std::array<uint8_t, kEd25519PublicKeyBytes>;
using Signature = std::array<uint8_t, kEd25519SignatureBytes>;

class NodeKey {
 public:
  // Loads DATA/secrets/node.ed25519, creating it first if absent. DataLoss if the file
  // exists but is not a 64-hex-digit seed (never silently replaced: signatures would break).
  static Result<NodeKey> LoadOrCreate(const std::string& data_dir);
  // Loads an existing key; NotFound if the data folder has none.
  static Result<NodeKey> Load(const std::string& data_dir);
  // A key from a 32-byte seed (tests).
  static NodeKey FromSeed(const std::array<uint8_t, 32>& seed);

  const PublicKey& public_key() const { return public_key_; }
  std::string PublicKeyHex() const;
  Signature Sign(std::string_view message) const;

 private:
  NodeKey() = default;
  std::array<uint8_t, 64> secret_key_{};
  PublicKey public_key_{};
};

// True when `signature` is a valid Ed25519 signature of `message` by `public_key`.
bool VerifySignature(const PublicKey& public_key, std::string_view message, const Signature& signature);

// Lower-case hex of bytes, and back (InvalidArgument on odd length or a non-hex digit).
std::string ToHex(const uint8_t* data, size_t size);
Result<std::string> FromHex(std::string_view hex);
// Parses 64 hex digits into a public key; InvalidArgument otherwise.
Result<PublicKey> ParsePublicKeyHex(std::string_view hex);
// Parses 128 hex digits into a signature; InvalidArgument otherwise.
Result<Signature> ParseSignatureHex(std::string_view hex);

}  // namespace custos
