#include "rtsp/url.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "rtsp/text.h"

namespace custos {
namespace {

using rtsp_text::PercentDecode;
using rtsp_text::StartsWithIgnoreCase;
using rtsp_text::Trim;

constexpr std::string_view kScheme = "rtsp://";

bool IsDottedIpv4(std::string_view s) {
  int dots = 0;
  int digits = 0;
  for (char c : s) {
    if (c == '.') {
      if (digits == 0) return false;
      ++dots;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return dots == 3 && digits > 0;
}

Status ParsePort(std::string_view s, RtspUrl& url) {
  if (s.empty()) return Status::Ok();  // "host:" means the default port
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value == 0 || value > 65535) {
    return InvalidArgument("invalid port '" + std::string(s) + "' in rtsp URL");
  }
  url.port = static_cast<uint16_t>(value);
  url.explicit_port = true;
  return Status::Ok();
}

// Fills host and port from "host", "host:port", "[v6]:port" or an unbracketed IPv6
// literal (which cannot carry a port).
Status ParseHostPort(std::string_view hp, RtspUrl& url) {
  if (!hp.empty() && hp.front() == '[') {
    size_t close = hp.find(']');
    if (close == std::string_view::npos) return InvalidArgument("unterminated '[' in rtsp URL host");
    url.host = std::string(hp.substr(1, close - 1));
    std::string_view rest = hp.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return InvalidArgument("junk after ']' in rtsp URL host");
    if (!rest.empty()) CUSTOS_RETURN_IF_ERROR(ParsePort(rest.substr(1), url));
  } else if (std::count(hp.begin(), hp.end(), ':') > 1) {
    // Seen as "rtsp://::ffff:192.168.1.123/": an IPv4-mapped address without brackets.
    constexpr std::string_view kMapped = "::ffff:";
    if (StartsWithIgnoreCase(hp, kMapped) && IsDottedIpv4(hp.substr(kMapped.size()))) {
      url.host = std::string(hp.substr(kMapped.size()));
    } else {
      url.host = std::string(hp);
    }
  } else {
    size_t colon = hp.find(':');
    url.host = std::string(hp.substr(0, colon));
    if (colon != std::string_view::npos) CUSTOS_RETURN_IF_ERROR(ParsePort(hp.substr(colon + 1), url));
  }
  if (url.host.empty()) return InvalidArgument("rtsp URL has no host");
  return Status::Ok();
}

// The authority ends at the first '/', '?' or '#' after the scheme.
size_t AuthorityEnd(std::string_view s, size_t start) {
  size_t end = s.find_first_of("/?#", start);
  return end == std::string_view::npos ? s.size() : end;
}

std::string_view WithoutTrailingSlash(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

// RFC 3986 §5.2.4, for a path that starts with '/'.
std::string RemoveDotSegments(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t next = path.find('/', pos);
    bool last = next == std::string_view::npos;
    std::string_view seg = path.substr(pos, last ? std::string_view::npos : next - pos);
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      if (last) out.push_back("");
    } else if (seg == ".") {
      if (last) out.push_back("");
    } else {
      out.push_back(seg);
    }
    if (last) break;
    pos = next + 1;
  }
  std::string result;
  for (size_t i = 0; i < out.size(); ++i) {
    result += '/';
    result += out[i];
  }
  return result.empty() ? "/" : result;
}

}  // namespace

std::string RtspUrl::Authority() const {
  std::string a = is_ipv6() ? "[" + host + "]" : host;
  if (explicit_port) a += ":" + std::to_string(port);
  return a;
}

std::string RtspUrl::ToRequestUri() const { return std::string(kScheme) + Authority() + path_and_query; }

std::string RtspUrl::ToLogString() const {
  if (!has_userinfo) return ToRequestUri();
  return std::string(kScheme) + "***@" + Authority() + path_and_query;
}

Result<RtspUrl> ParseRtspUrl(std::string_view text) {
  text = Trim(text);
  if (!StartsWithIgnoreCase(text, kScheme)) {
    return Err(InvalidArgument("not an rtsp:// URL: '" + StripUserinfo(text) + "'"));
  }
  RtspUrl url;
  size_t start = kScheme.size();
  size_t end = AuthorityEnd(text, start);
  std::string_view authority = text.substr(start, end - start);
  // The last '@' ends the userinfo: unescaped '@' inside passwords is common.
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    url.user = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) url.password = PercentDecode(userinfo.substr(colon + 1));
    url.has_userinfo = true;
    authority = authority.substr(at + 1);
  }
  Status s = ParseHostPort(authority, url);
  if (!s.ok()) return Err(s.With("'" + StripUserinfo(text) + "'"));
  std::string_view rest = text.substr(end);
  if (rest.empty()) {
    url.path_and_query = "/";
  } else if (rest.front() != '/') {
    url.path_and_query = "/" + std::string(rest);
  } else {
    url.path_and_query = std::string(rest);
  }
  return url;
}

std::string StripUserinfo(std::string_view url) {
  size_t scheme_end = url.find("://");
  size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  size_t end = AuthorityEnd(url, start);
  size_t at = url.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(url.substr(start + at + 1));
}

std::optional<std::string> RepairBaseUrl(std::string_view value) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  // "rtsp://rtsp://host/" (Vikylin) becomes "rtsp://host/".
  while (StartsWithIgnoreCase(value, kScheme) && StartsWithIgnoreCase(value.substr(kScheme.size()), kScheme)) {
    value.remove_prefix(kScheme.size());
  }
  std::string candidate(value);
  if (!StartsWithIgnoreCase(value, kScheme)) {
    if (value.find("://") != std::string_view::npos) return std::nullopt;  // another scheme
    candidate = std::string(kScheme) + candidate;                         // "host:1935/" (Anjvision)
  }
  auto url = ParseRtspUrl(candidate);
  if (!url) return std::nullopt;
  return url->ToRequestUri();
}

std::string ChooseBaseUrl(std::string_view content_base, std::string_view content_location,
                          std::string_view request_url) {
  if (auto base = RepairBaseUrl(content_base)) return *base;
  if (auto base = RepairBaseUrl(content_location)) return *base;
  return StripUserinfo(Trim(request_url));
}

std::string ResolveControlUrl(std::string_view base, std::string_view control) {
  control = Trim(control);
  if (control.empty() || control == "*") return std::string(base);
  if (StartsWithIgnoreCase(control, kScheme)) return StripUserinfo(control);
  while (!control.empty() && control.front() == '/') control.remove_prefix(1);
  return std::string(WithoutTrailingSlash(base)) + "/" + std::string(control);
}

std::string ResolveControlUrlRfc3986(std::string_view base, std::string_view control) {
  control = Trim(control);
  if (control.empty() || control == "*") return std::string(base);
  if (StartsWithIgnoreCase(control, kScheme)) return StripUserinfo(control);
  size_t path_start = AuthorityEnd(base, base.find("://") == std::string_view::npos ? 0 : base.find("://") + 3);
  std::string_view origin = base.substr(0, path_start);
  std::string_view base_path = base.substr(path_start);
  base_path = base_path.substr(0, base_path.find_first_of("?#"));
  if (control.front() == '/') return std::string(origin) + RemoveDotSegments(control);
  if (control.front() == '?') return std::string(origin) + std::string(base_path.empty() ? "/" : base_path) + std::string(control);
  size_t query = control.find('?');
  std::string_view control_path = control.substr(0, query);
  std::string_view control_query = query == std::string_view::npos ? "" : control.substr(query);
  size_t last_slash = base_path.rfind('/');
  std::string merged = last_slash == std::string_view::npos ? "/" : std::string(base_path.substr(0, last_slash + 1));
  merged += control_path;
  return std::string(origin) + RemoveDotSegments(merged) + std::string(control_query);
}

}  // namespace custos
