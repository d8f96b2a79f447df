#include "rtsp/auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <optional>
#include <random>

#include "base/base64.h"
#include "rtsp/text.h"

namespace custos {
namespace {

using rtsp_text::EqualsIgnoreCase;
using rtsp_text::SplitTrimmed;
using rtsp_text::ToLower;

bool IsTokenChar(char c) {
  return c > ' ' && c < 127 && c != ',' && c != '=' && c != '"' && c != ';';
}

// A cursor over one header value, for the RFC 7235 challenge grammar.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  void Advance() { ++pos_; }
  size_t pos() const { return pos_; }
  void set_pos(size_t p) { pos_ = p; }
  void SkipSpaces() {
    while (!done() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) ++pos_;
  }
  std::string_view Token() {
    size_t start = pos_;
    while (!done() && IsTokenChar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  // A quoted-string (escapes resolved; an unterminated one runs to the end) or a token.
  std::string Value() {
    if (peek() != '"') return std::string(rtsp_text::Trim(UntilComma()));
    Advance();
    std::string out;
    while (!done() && peek() != '"') {
      if (peek() == '\\' && pos_ + 1 < s_.size()) Advance();
      out += s_[pos_++];
    }
    if (!done()) Advance();  // closing quote
    return out;
  }
  // True if what follows is "name =" (another auth-param), not a new scheme.
  bool AtParam() {
    size_t save = pos_;
    SkipSpaces();
    bool is_param = !Token().empty() && (SkipSpaces(), peek() == '=');
    pos_ = save;
    return is_param;
  }

 private:
  std::string_view UntilComma() {
    size_t start = pos_;
    while (!done() && s_[pos_] != ',') ++pos_;
    return s_.substr(start, pos_ - start);
  }
  std::string_view s_;
  size_t pos_ = 0;
};

void ParseParams(Cursor& c, AuthChallenge& ch) {
  while (c.AtParam()) {
    c.SkipSpaces();
    std::string name = ToLower(c.Token());
    c.SkipSpaces();
    c.Advance();  // '='
    c.SkipSpaces();
    ch.params[name] = c.Value();
    c.SkipSpaces();
    if (c.peek() != ',') break;
    c.Advance();
  }
}

std::optional<DigestAlgorithm> AlgorithmOf(const std::string* token) {
  if (token == nullptr || token->empty() || EqualsIgnoreCase(*token, "MD5")) return DigestAlgorithm::kMd5;
  if (EqualsIgnoreCase(*token, "MD5-sess")) return DigestAlgorithm::kMd5Sess;
  if (EqualsIgnoreCase(*token, "SHA-256")) return DigestAlgorithm::kSha256;
  if (EqualsIgnoreCase(*token, "SHA-256-sess")) return DigestAlgorithm::kSha256Sess;
  return std::nullopt;
}

// Preference: 0 unsupported, 1 Basic, 2 Digest MD5, 3 Digest SHA-256.
int Rank(const AuthChallenge& ch) {
  if (EqualsIgnoreCase(ch.scheme, "Basic")) return 1;
  if (!EqualsIgnoreCase(ch.scheme, "Digest") || ch.Param("nonce") == nullptr) return 0;
  auto alg = AlgorithmOf(ch.Param("algorithm"));
  if (!alg) return 0;
  return (*alg == DigestAlgorithm::kSha256 || *alg == DigestAlgorithm::kSha256Sess) ? 3 : 2;
}

std::string ChooseQop(const std::string* offered) {
  if (offered == nullptr) return "";
  bool auth_int = false;
  for (std::string_view q : SplitTrimmed(*offered, ',')) {
    if (EqualsIgnoreCase(q, "auth")) return "auth";
    if (EqualsIgnoreCase(q, "auth-int")) auth_int = true;
  }
  return auth_int ? "auth-int" : "";
}

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    std::random_device rd;
    for (auto& b : raw) b = static_cast<unsigned char>(rd());
  }
  std::string out;
  char hex[3];
  for (unsigned char b : raw) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    out += hex;
  }
  return out;
}

// Appends `value` as a quoted-string.
void AppendQuoted(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

const std::string* AuthChallenge::Param(std::string_view key) const {
  auto it = params.find(std::string(key));
  return it == params.end() ? nullptr : &it->second;
}

std::vector<AuthChallenge> ParseAuthChallenges(std::string_view value) {
  std::vector<AuthChallenge> out;
  Cursor c(value);
  while (!c.done()) {
    c.SkipSpaces();
    if (c.peek() == ',') {
      c.Advance();
      continue;
    }
    size_t before = c.pos();
    std::string_view scheme = c.Token();
    if (scheme.empty()) {
      c.set_pos(before + 1);  // garbage character
      continue;
    }
    AuthChallenge ch;
    ch.scheme = std::string(scheme);
    ParseParams(c, ch);
    out.push_back(std::move(ch));
  }
  return out;
}

std::string DigestHashHex(DigestAlgorithm algorithm, std::string_view data) {
  bool sha = algorithm == DigestAlgorithm::kSha256 || algorithm == DigestAlgorithm::kSha256Sess;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, sha ? EVP_sha256() : EVP_md5(), nullptr) != 1) {
    return "";  // the server will reject the response; nothing else to do
  }
  std::string out;
  char hex[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", md[i]);
    out += hex;
  }
  return out;
}

std::string DigestResponse(const DigestInput& in) {
  auto h = [&](const std::string& s) { return DigestHashHex(in.algorithm, s); };
  auto join = [](std::initializer_list<std::string_view> parts) {
    std::string s;
    for (std::string_view p : parts) {
      if (!s.empty()) s += ':';
      s += p;
    }
    return s;
  };
  std::string ha1 = h(join({in.user, in.realm, in.password}));
  if (in.algorithm == DigestAlgorithm::kMd5Sess || in.algorithm == DigestAlgorithm::kSha256Sess) {
    ha1 = h(join({ha1, in.nonce, in.cnonce}));
  }
  std::string ha2 = in.qop == "auth-int" ? h(join({in.method, in.uri, h(std::string(in.body))}))
                                         : h(join({in.method, in.uri}));
  if (in.qop.empty()) return h(join({ha1, in.nonce, ha2}));
  return h(join({ha1, in.nonce, in.nc, in.cnonce, in.qop, ha2}));
}

RtspAuthenticator::RtspAuthenticator(std::string user, std::string password)
    : user_(std::move(user)), password_(std::move(password)) {}

Status RtspAuthenticator::OnChallenge(const std::vector<std::string_view>& www_authenticate_values) {
  const AuthChallenge* best = nullptr;
  int best_rank = 0;
  std::vector<AuthChallenge> all;
  for (std::string_view v : www_authenticate_values) {
    for (AuthChallenge& ch : ParseAuthChallenges(v)) all.push_back(std::move(ch));
  }
  for (const AuthChallenge& ch : all) {
    if (int r = Rank(ch); r > best_rank) {
      best = &ch;
      best_rank = r;
    }
  }
  if (best == nullptr) {
    return Unauthenticated("the camera asks for an authentication scheme Custos does not support");
  }
  if (best_rank == 1) {
    scheme_ = AuthScheme::kBasic;
    return Status::Ok();
  }
  const std::string* nonce = best->Param("nonce");
  if (scheme_ != AuthScheme::kDigest || *nonce != nonce_) nc_ = 0;
  scheme_ = AuthScheme::kDigest;
  algorithm_ = *AlgorithmOf(best->Param("algorithm"));
  const std::string* alg = best->Param("algorithm");
  algorithm_token_ = alg ? *alg : "";
  realm_ = best->Param("realm") ? *best->Param("realm") : "";
  nonce_ = *nonce;
  has_opaque_ = best->Param("opaque") != nullptr;
  opaque_ = has_opaque_ ? *best->Param("opaque") : "";
  qop_ = ChooseQop(best->Param("qop"));
  const std::string* stale = best->Param("stale");
  stale_ = stale != nullptr && EqualsIgnoreCase(rtsp_text::Trim(*stale), "true");
  if (cnonce_.empty()) cnonce_ = RandomHex(8);
  return Status::Ok();
}

std::string RtspAuthenticator::Authorize(std::string_view method, std::string_view uri) {
  if (scheme_ == AuthScheme::kNone) return "";
  if (scheme_ == AuthScheme::kBasic) return "Basic " + Base64Encode(user_ + ":" + password_);
  char nc[9] = "";
  if (!qop_.empty()) std::snprintf(nc, sizeof nc, "%08x", ++nc_);
  DigestInput in{algorithm_, user_, password_, realm_, nonce_, method, uri, qop_, nc, cnonce_, {}};
  std::string out = "Digest username=";
  AppendQuoted(out, user_);
  out += ", realm=";
  AppendQuoted(out, realm_);
  out += ", nonce=";
  AppendQuoted(out, nonce_);
  out += ", uri=";
  AppendQuoted(out, uri);
  out += ", response=";
  AppendQuoted(out, DigestResponse(in));
  if (!algorithm_token_.empty()) out += ", algorithm=" + algorithm_token_;
  if (has_opaque_) {
    out += ", opaque=";
    AppendQuoted(out, opaque_);
  }
  if (!qop_.empty()) {
    out += ", qop=" + qop_ + ", nc=" + nc + ", cnonce=";
    AppendQuoted(out, cnonce_);
  }
  return out;
}

void RtspAuthenticator::Reset() {
  scheme_ = AuthScheme::kNone;
  realm_.clear();
  nonce_.clear();
  opaque_.clear();
  qop_.clear();
  algorithm_token_.clear();
  has_opaque_ = false;
  stale_ = false;
  nc_ = 0;
}

}  // namespace custos
