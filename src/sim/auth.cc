#include "sim/auth.h"

#include <openssl/evp.h>

#include <utility>

#include "base/base64.h"
#include "sim/rtsp_request.h"

namespace custos::sim {

namespace {

// The value of `key` in a Digest parameter list: key="value" or key=token.
std::string_view DigestParam(std::string_view params, std::string_view key) {
  while (!params.empty()) {
    while (!params.empty() && (params.front() == ' ' || params.front() == ',')) params.remove_prefix(1);
    const size_t eq = params.find('=');
    if (eq == std::string_view::npos) return {};
    std::string_view name = params.substr(0, eq);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    params.remove_prefix(eq + 1);
    std::string_view value;
    if (!params.empty() && params.front() == '"') {
      const size_t close = params.find('"', 1);
      if (close == std::string_view::npos) return {};
      value = params.substr(1, close - 1);
      params.remove_prefix(close + 1);
    } else {
      const size_t comma = params.find(',');
      value = params.substr(0, comma);
      params.remove_prefix(comma == std::string_view::npos ? params.size() : comma);
    }
    if (EqualsIgnoreCase(name, key)) return value;
  }
  return {};
}

bool StartsWithScheme(std::string_view header, std::string_view scheme, std::string_view& rest) {
  if (header.size() <= scheme.size() || !EqualsIgnoreCase(header.substr(0, scheme.size()), scheme) ||
      header[scheme.size()] != ' ') {
    return false;
  }
  rest = header.substr(scheme.size() + 1);
  return true;
}

}  // namespace

std::string Md5Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &n, EVP_md5(), nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

RtspAuth::RtspAuth(std::string user, std::string password, std::string nonce)
    : user_(std::move(user)), password_(std::move(password)), nonce_(std::move(nonce)) {}

bool RtspAuth::Check(std::string_view method, std::string_view authorization) const {
  if (!enabled()) return true;
  std::string_view rest;
  if (StartsWithScheme(authorization, "Basic", rest)) {
    return rest == Base64Encode(user_ + ":" + password_);
  }
  if (StartsWithScheme(authorization, "Digest", rest)) return CheckDigest(method, rest);
  return false;
}

bool RtspAuth::CheckDigest(std::string_view method, std::string_view params) const {
  if (DigestParam(params, "username") != user_ || DigestParam(params, "realm") != kAuthRealm ||
      DigestParam(params, "nonce") != nonce_) {
    return false;
  }
  const std::string ha1 = Md5Hex(user_ + ":" + std::string(kAuthRealm) + ":" + password_);
  const std::string ha2 = Md5Hex(std::string(method) + ":" + std::string(DigestParam(params, "uri")));
  const std::string expected = Md5Hex(ha1 + ":" + nonce_ + ":" + ha2);
  return !expected.empty() && EqualsIgnoreCase(DigestParam(params, "response"), expected);
}

std::string RtspAuth::ChallengeHeaders() const {
  return "WWW-Authenticate: Digest realm=\"" + std::string(kAuthRealm) + "\", nonce=\"" + nonce_ +
         "\"\r\nWWW-Authenticate: Basic realm=\"" + std::string(kAuthRealm) + "\"\r\n";
}

}  // namespace custos::sim
