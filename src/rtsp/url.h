// url.h: rtsp:// URLs: parsing, credential stripping, control-URL resolution.
//
// ParseRtspUrl splits "rtsp://user:pass@host:port/path?query" (userinfo percent-decoded,
// IPv6 literals in brackets, port 554 by default). RtspUrl::ToRequestUri() never carries
// credentials, so it is what goes on the request line and into Digest `uri`;
// ToLogString() is the form for logs. RepairBaseUrl and ResolveControlUrl implement the
// camera-compatible rules of RTSP-QUIRKS.md §2 (live555/FFmpeg-style joining, not RFC 3986,
// with the RFC 3986 form available as a fallback).
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace custos {

inline constexpr uint16_t kDefaultRtspPort = 554;

struct RtspUrl {
  std::string user;      // percent-decoded; empty when absent
  std::string password;  // percent-decoded; empty when absent
  bool has_userinfo = false;
  std::string host;      // IPv6 without brackets
  uint16_t port = kDefaultRtspPort;
  bool explicit_port = false;
  std::string path_and_query = "/";  // always starts with '/'

  bool is_ipv6() const { return host.find(':') != std::string::npos; }
  // "host" or "[v6]", plus ":port" when the URL gave one.
  std::string Authority() const;
  // "rtsp://host[:port]/path?query", without credentials: the request-line URI.
  std::string ToRequestUri() const;
  // Like ToRequestUri, with "***@" in place of credentials that were present.
  std::string ToLogString() const;
};

// Parses an absolute rtsp:// URL (the scheme is case-insensitive). Errors are
// InvalidArgument with a message that never contains the password.
Result<RtspUrl> ParseRtspUrl(std::string_view text);

// Removes "user:pass@" from a URL-like string without parsing it fully; for logging
// strings that may not parse.
std::string StripUserinfo(std::string_view url);

// Repairs a Content-Base/Content-Location value as cameras send it: adds a missing
// "rtsp://", removes a doubled "rtsp://rtsp://", removes userinfo, turns an
// unbracketed "::ffff:a.b.c.d" host into a.b.c.d. Returns nullopt if it still does not
// parse as an rtsp URL.
std::optional<std::string> RepairBaseUrl(std::string_view value);

// Picks the base for control URLs: Content-Base, then Content-Location, then the request
// URL (each repaired; empty strings mean "absent").
std::string ChooseBaseUrl(std::string_view content_base, std::string_view content_location,
                          std::string_view request_url);

// Resolves an SDP a=control value against `base` the way cameras expect: an absolute
// rtsp:// URL is used as is (minus userinfo); "*" or "" means the base itself; anything
// else is appended to the base with exactly one '/' between them, which keeps queries
// such as "...?channel=1&subtype=0" intact.
std::string ResolveControlUrl(std::string_view base, std::string_view control);

// RFC 3986 §5.2 resolution of a relative reference, the fallback after a 404 on SETUP.
std::string ResolveControlUrlRfc3986(std::string_view base, std::string_view control);

}  // namespace custos
