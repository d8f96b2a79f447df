#include "crypto/sha256.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <vector>

#include "crypto/node_key.h"

namespace custos {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
  Ctx() : md(EVP_MD_CTX_new()) { EVP_DigestInit_ex(md, EVP_sha256(), nullptr); }
  ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&& other) noexcept = default;
Sha256& Sha256::operator=(Sha256&& other) noexcept = default;

void Sha256::Update(const uint8_t* data, size_t size) {
  if (!ctx_) ctx_ = std::make_unique<Ctx>();  // a moved-from hasher starts afresh
  EVP_DigestUpdate(ctx_->md, data, size);
}

Sha256Digest Sha256::Finish() {
  if (!ctx_) ctx_ = std::make_unique<Ctx>();
  Sha256Digest d{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->md, d.data(), &len);
  EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr);
  return d;
}

Sha256Digest Sha256Of(std::string_view data) {
  Sha256 h;
  h.Update(data);
  return h.Finish();
}

Result<Sha256Digest> Sha256OfFile(const std::string& path, uint64_t* size_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Err(ErrnoStatus(errno, "open " + path));
  Sha256 h;
  std::vector<uint8_t> buf(1 << 20);
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = ErrnoStatus(errno, "read " + path);
      ::close(fd);
      return Err(s);
    }
    if (n == 0) break;
    h.Update(buf.data(), static_cast<size_t>(n));
    total += static_cast<uint64_t>(n);
  }
  ::close(fd);
  if (size_bytes) *size_bytes = total;
  return h.Finish();
}

std::string DigestHex(const Sha256Digest& d) { return ToHex(d.data(), d.size()); }

Result<Sha256Digest> ParseDigestHex(std::string_view hex) {
  if (hex.size() != 2 * kSha256Bytes) return Err(InvalidArgument("a SHA-256 is 64 hex digits"));
  auto raw = FromHex(hex);
  if (!raw) return Err(raw.error());
  Sha256Digest d{};
  std::copy(raw->begin(), raw->end(), d.begin());
  return d;
}

}  // namespace custos
