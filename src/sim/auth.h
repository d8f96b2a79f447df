// auth.h: RTSP authentication for the simulator (RFC 2617 Basic and Digest, RFC 7826 19).
//
// Provides RtspAuth: when configured with a user, it checks a request's Authorization
// header (Basic, or Digest with MD5 and no qop, as most cameras do) and gives the
// WWW-Authenticate challenges of a 401. The nonce is fixed per server: enough for a load
// generator, not a defence against replay.
// Thread-safety: immutable after construction.
#pragma once

#include <string>
#include <string_view>

namespace custos::sim {

class RtspAuth {
 public:
  RtspAuth() = default;
  RtspAuth(std::string user, std::string password, std::string nonce);

  bool enabled() const { return !user_.empty(); }
  // True if auth is disabled or `authorization` proves the password for `method`.
  bool Check(std::string_view method, std::string_view authorization) const;
  // The WWW-Authenticate header lines of a 401 (each ending in CRLF).
  std::string ChallengeHeaders() const;

 private:
  bool CheckDigest(std::string_view method, std::string_view params) const;

  std::string user_;
  std::string password_;
  std::string nonce_;
};

inline constexpr std::string_view kAuthRealm = "custos-sim";

// MD5 of `data` as 32 lower-case hex digits (Digest needs it; nothing else should).
std::string Md5Hex(std::string_view data);

}  // namespace custos::sim
