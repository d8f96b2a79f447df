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

}  // namespace

std::optional<Method> ParseMethod(std::string_view method) {
  if (method == "GET") return Method::kGet;
  if (method == "HEAD") return Method::kHead;
  if (method == "POST") return Method::kPost;
  return std::nullopt;
}

std::optional<std::map<std::string, std::string>> MatchPattern(std::string_view pattern, std::string_view path) {
  const auto want = Segments(pattern);
  const auto have = Segments(path);
  if (want.empty() || want.size() != have.size()) return std::nullopt;
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < want.size(); ++i) {
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
    auto params = MatchPattern(r.pattern, path);
    if (!params) continue;
    const bool method_ok = m && (*m == r.method || (*m == Method::kHead && r.method == Method::kGet));
    if (method_ok) {
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
  return out;
}

}  // namespace custos::api
