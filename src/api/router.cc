#include "api/router.h"

#include <vector>

namespace custos::api {

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  for (;;) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool IsCatchAll(std::string_view segment) { return IsParam(segment) && segment[segment.size() - 2] == '*'; }

bool IsCatchAllPattern(std::string_view pattern) {
  const size_t slash = pattern.rfind('/');
  return slash != std::string_view::npos && IsCatchAll(pattern.substr(slash + 1));
}

bool MethodMatches(std::optional<Method> m, Method route) {
  return m && (*m == route || (*m == Method::kHead && route == Method::kGet));
}

}  // namespace

std::optional<Method> ParseMethod(std::string_view method) {
  if (method == "GET") return Method::kGet;
  if (method == "HEAD") return Method::kHead;
  if (method == "POST") return Method::kPost;
  if (method == "PUT") return Method::kPut;
  if (method == "DELETE") return Method::kDelete;
  return std::nullopt;
}

std::optional<std::map<std::string, std::string>> MatchPattern(std::string_view pattern, std::string_view path) {
  const auto want = Segments(pattern);
  const auto have = Segments(path);
  const bool catch_all = !want.empty() && IsCatchAll(want.back());
  if (want.empty() || have.empty()) return std::nullopt;
  if (catch_all ? have.size() < want.size() : want.size() != have.size()) return std::nullopt;
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < want.size(); ++i) {
    if (catch_all && i + 1 == want.size()) {
      // The rest of the path from this segment on, as it was written.
      const size_t at = static_cast<size_t>(have[i].data() - path.data());
      params.emplace(std::string(want[i].substr(1, want[i].size() - 3)), std::string(path.substr(at)));
      break;
    }
    if (IsParam(want[i])) {
      if (have[i].empty()) return std::nullopt;
      params.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(have[i]));
    } else if (want[i] != have[i]) {
      return std::nullopt;
    }
  }
  return params;
}

RouteMatch MatchRoute(std::span<const RouteSpec> routes, std::string_view method, std::string_view path) {
  RouteMatch out;
  const std::optional<Method> m = ParseMethod(method);
  for (const RouteSpec& r : routes) {
    if (IsCatchAllPattern(r.pattern)) continue;
    auto params = MatchPattern(r.pattern, path);
    if (!params) continue;
    if (MethodMatches(m, r.method)) {
      out.kind = RouteMatch::kFound;
      out.route = &r;
      out.params = std::move(*params);
      out.allowed.clear();
      return out;
    }
    out.kind = RouteMatch::kMethodNotAllowed;
    if (!out.allowed.empty()) out.allowed += ", ";
    out.allowed += r.method == Method::kGet ? "GET, HEAD" : std::string(ToString(r.method));
  }
  if (out.kind == RouteMatch::kMethodNotAllowed) return out;
  for (const RouteSpec& r : routes) {
    if (!IsCatchAllPattern(r.pattern) || !MethodMatches(m, r.method)) continue;
    auto params = MatchPattern(r.pattern, path);
    if (!params) continue;
    out.kind = RouteMatch::kFound;
    out.route = &r;
    out.params = std::move(*params);
    return out;
  }
  return out;
}

}  // namespace custos::api
