#include "api/request_util.h"

#include <charconv>

namespace custos::api {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return Err(InvalidArgument("truncated %-escape"));
      const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return Err(InvalidArgument("bad %-escape in the request target"));
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

constexpr const char* kTimeHint =
    "write an ISO 8601 time with a zone, e.g. 2026-11-23T08:00:00+08:00 or 2026-11-23T00:00:00.000Z "
    "(percent-encode '+' as %2B in a URL)";

}  // namespace

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return Err(InvalidArgument("the request target must start with '/'"));
  const size_t q = target.find('?');
  auto path = PercentDecode(target.substr(0, q), false);
  if (!path) return Err(path.error());
  if (path->find('\0') != std::string::npos || path->find("..") != std::string::npos) {
    return Err(InvalidArgument("the path may not contain NUL or '..'"));
  }
  Target out{std::move(*path), {}};
  if (q == std::string_view::npos) return out;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      auto key = PercentDecode(pair.substr(0, eq), true);
      auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
      if (!key || !value) return Err(InvalidArgument("bad %-escape in the query string"));
      out.query.emplace(std::move(*key), std::move(*value));  // the first occurrence wins
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

Result<WallTime90k> RequiredTime(const Request& request, const std::string& name) {
  auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) {
    return Err(InvalidArgument("query parameter '" + name + "' is missing: " + kTimeHint));
  }
  auto t = ParseIso8601(it->second);
  if (!t) return Err(InvalidArgument("query parameter '" + name + "' ('" + it->second + "') is not a time: " + kTimeHint));
  return *t;
}

Result<TimeRange> RequiredTimeRange(const Request& request, int64_t max_span_90k) {
  auto from = RequiredTime(request, "from");
  if (!from) return Err(from.error());
  auto to = RequiredTime(request, "to");
  if (!to) return Err(to.error());
  if (!(*from < *to)) return Err(InvalidArgument("'from' must be before 'to'"));
  if (to->ticks_90k - from->ticks_90k > max_span_90k) {
    return Err(InvalidArgument("the range may be at most " + std::to_string(max_span_90k / kTicksPerSecond90k / 3600) +
                               " hours long; ask for several ranges"));
  }
  return TimeRange{*from, *to};
}

std::string DumpJson(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Reply JsonReply(const nlohmann::json& body, int status) {
  Reply r;
  r.status = status;
  r.body = DumpJson(body);
  return r;
}

std::optional<int64_t> ParseWholeNumber(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace custos::api
