// sha256.h: SHA-256, incremental (recording files are hashed while they are written) and
// of whole files (fsck --verify, export packages).
//
// Backed by OpenSSL's EVP (SHA extensions where the CPU has them: about 1.5 GB/s on the
// build machine, against about 0.3 GB/s for portable code). Thread-safety: a Sha256 is
// used by one thread at a time; the free functions are stateless.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"

namespace custos {

inline constexpr size_t kSha256Bytes = 32;
using Sha256Digest = std::array<uint8_t, kSha256Bytes>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&& other) noexcept;
  Sha256& operator=(Sha256&& other) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const uint8_t* data, size_t size);
  void Update(ByteSpan data) { Update(data.data(), data.size()); }
  void Update(std::string_view data) { Update(reinterpret_cast<const uint8_t*>(data.data()), data.size()); }
  // The digest of everything fed so far; the hasher is then reset for new input.
  Sha256Digest Finish();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

Sha256Digest Sha256Of(std::string_view data);
// Reads the file in 1 MiB blocks. NotFound if it does not exist.
Result<Sha256Digest> Sha256OfFile(const std::string& path, uint64_t* size_bytes = nullptr);

std::string DigestHex(const Sha256Digest& d);
// 64 hex digits into a digest; InvalidArgument otherwise.
Result<Sha256Digest> ParseDigestHex(std::string_view hex);

}  // namespace custos
