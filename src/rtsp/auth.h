// auth.h: RTSP authentication: WWW-Authenticate parsing, Basic and Digest.
//
// ParseAuthChallenges reads one WWW-Authenticate value per RFC 7235 (several challenges
// per value, quoted values containing commas, case-insensitive parameter names).
// RtspAuthenticator keeps the per-connection state: it picks the strongest offered scheme
// (Digest SHA-256 > Digest MD5 > Basic; a Tapo C210 rejects Basic when Digest is offered)
// and produces the Authorization value for each request: RFC 2617/7616 Digest with or
// without qop=auth (nc incremented per request under one nonce, a constant cnonce, opaque
// and algorithm echoed), hashed with OpenSSL EVP over the raw, unescaped credentials.
// Reset() on every new connection: nonces are not reused across connections.
// Thread-safety: plain values; one owner.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace custos {

struct AuthChallenge {
  std::string scheme;                         // as sent: "Digest", "Basic"
  std::map<std::string, std::string> params;  // keys lowercased, values unquoted

  // The value of `key` (lowercase), or nullptr.
  const std::string* Param(std::string_view key) const;
};

// Parses every challenge of one WWW-Authenticate header value; never fails (garbage
// yields fewer or no challenges).
std::vector<AuthChallenge> ParseAuthChallenges(std::string_view value);

enum class DigestAlgorithm { kMd5, kMd5Sess, kSha256, kSha256Sess };

struct DigestInput {
  DigestAlgorithm algorithm = DigestAlgorithm::kMd5;
  std::string_view user, password, realm, nonce, method, uri;
  std::string_view qop;  // "", "auth" or "auth-int"
  std::string_view nc;   // 8 hex digits, with qop only
  std::string_view cnonce;
  std::string_view body;  // auth-int only
};

// Lowercase hex digest of `data` (MD5 or SHA-256 per `algorithm`).
std::string DigestHashHex(DigestAlgorithm algorithm, std::string_view data);
// The Digest "response" value (RFC 7616 §3.4.1; RFC 2069 form when qop is empty).
std::string DigestResponse(const DigestInput& in);

enum class AuthScheme { kNone, kBasic, kDigest };

class RtspAuthenticator {
 public:
  RtspAuthenticator() = default;
  RtspAuthenticator(std::string user, std::string password);

  bool has_credentials() const { return !user_.empty() || !password_.empty(); }
  AuthScheme scheme() const { return scheme_; }
  // The last Digest challenge said stale=true (any case, quoted or not).
  bool stale() const { return stale_; }

  // Takes all WWW-Authenticate values of a 401 and adopts the strongest supported
  // challenge. Unauthenticated if none is supported (e.g. only SHA-512-256 Digest).
  Status OnChallenge(const std::vector<std::string_view>& www_authenticate_values);

  // The Authorization header value for `method` on `uri` (the exact request-line URI), or
  // "" before any challenge. Advances the Digest nonce count.
  std::string Authorize(std::string_view method, std::string_view uri);

  // Forgets the challenge (a new connection).
  void Reset();

  // Tests use a fixed client nonce.
  void set_cnonce_for_test(std::string cnonce) { cnonce_ = std::move(cnonce); }

 private:
  std::string user_, password_;
  AuthScheme scheme_ = AuthScheme::kNone;
  DigestAlgorithm algorithm_ = DigestAlgorithm::kMd5;
  std::string algorithm_token_;  // as the server wrote it; echoed back
  std::string realm_, nonce_, opaque_, qop_, cnonce_;
  bool has_opaque_ = false;
  bool stale_ = false;
  uint32_t nc_ = 0;
};

}  // namespace custos
