#include "api/sessions.h"

#include <sodium.h>

#include <array>

namespace custos::api {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

std::string RandomHex256() {
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  return std::string(hex.data(), 64);
}

}  // namespace

SessionStore::SessionStore(const Clock& clock, SessionOptions options) : clock_(clock), options_(options) {}

std::string SessionStore::Key(std::string_view session_id) {
  std::array<unsigned char, crypto_generichash_BYTES> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(session_id.data()),
                     session_id.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

bool SessionStore::Expired(const Entry& e, int64_t now_ns) const {
  return now_ns - e.last_used_mono_ns >= options_.idle_timeout.count() * kNanosPerSecond ||
         now_ns - e.created_mono_ns >= options_.max_age.count() * kNanosPerSecond;
}

void SessionStore::EvictLocked(int64_t now_ns) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = Expired(it->second, now_ns) ? sessions_.erase(it) : std::next(it);
  }
  while (sessions_.size() >= options_.max_sessions && !sessions_.empty()) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.last_used_mono_ns < oldest->second.last_used_mono_ns) oldest = it;
    }
    sessions_.erase(oldest);
  }
}

Result<NewSession> SessionStore::Create(const std::string& user) {
  if (sodium_init() < 0) return Err(Internal("libsodium failed to initialise"));
  NewSession out{RandomHex256(), RandomHex256(), {}};
  const int64_t now_ns = clock_.MonotonicNanos();
  out.expires_wall_90k = WallTime90k{clock_.Now().ticks_90k + options_.max_age.count() * kTicksPerSecond90k};
  Principal p;
  p.authenticated = true;
  p.user = user;
  p.session_id = out.id;
  p.csrf_token = out.csrf_token;
  Entry e{std::move(p), now_ns, now_ns};
  std::lock_guard lock(mu_);
  EvictLocked(now_ns);
  sessions_[Key(out.id)] = std::move(e);
  return out;
}

std::optional<Principal> SessionStore::Lookup(std::string_view session_id) {
  if (session_id.empty()) return std::nullopt;
  const std::string key = Key(session_id);
  const int64_t now_ns = clock_.MonotonicNanos();
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (Expired(it->second, now_ns)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used_mono_ns = now_ns;
  return it->second.principal;
}

void SessionStore::Remove(std::string_view session_id) {
  const std::string key = Key(session_id);
  std::lock_guard lock(mu_);
  sessions_.erase(key);
}

size_t SessionStore::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      std::string_view v = pair.substr(eq + 1);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return "";
}

}  // namespace custos::api
