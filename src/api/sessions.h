// sessions.h: server-side login sessions, kept in memory.
//
// A session id is 256 random bits (libsodium), sent to the browser as a cookie (HttpOnly,
// SameSite=Strict) and never stored as such: the map is keyed by its BLAKE2b hash, so
// lookups do not compare secrets byte by byte. A session ends after `idle_timeout` without
// use, `max_age` after login, at logout, or when the store is full and it is the oldest.
// Sessions do not survive a restart (users log in again). Each has its own CSRF token.
// Thread-safety: all methods are thread-safe (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/principal.h"
#include "base/clock.h"
#include "base/status.h"

namespace custos::api {

inline constexpr std::string_view kSessionCookie = "custos_session";

struct SessionOptions {
  std::chrono::seconds idle_timeout{2 * 3600};
  std::chrono::seconds max_age{12 * 3600};
  size_t max_sessions = 1024;
};

struct NewSession {
  std::string id;          // the cookie value (64 hex digits)
  std::string csrf_token;  // 64 hex digits
  WallTime90k expires_wall_90k;  // at the latest (max_age)
};

class SessionStore {
 public:
  SessionStore(const Clock& clock, SessionOptions options = {});

  // Internal only if libsodium cannot initialise.
  Result<NewSession> Create(const std::string& user);
  // The session's principal, or nullopt if unknown or expired (an expired one is removed).
  // Refreshes the idle timer.
  std::optional<Principal> Lookup(std::string_view session_id);
  void Remove(std::string_view session_id);
  size_t size() const;

 private:
  struct Entry {
    Principal principal;
    int64_t created_mono_ns = 0;
    int64_t last_used_mono_ns = 0;
  };
  static std::string Key(std::string_view session_id);
  bool Expired(const Entry& e, int64_t now_ns) const;
  void EvictLocked(int64_t now_ns);

  const Clock& clock_;
  const SessionOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> sessions_;  // GUARDED_BY(mu_), keyed by Key(id)
};

// The value of cookie `name` in a Cookie header ("a=1; custos_session=…"), "" if absent.
std::string CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace custos::api
