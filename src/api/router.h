// router.h: matches a method and a path against the route table.
//
// Patterns are split at '/'; "{name}" matches one non-empty segment and binds it, any
// other segment matches itself exactly. A last segment "{name*}" is a catch-all: it
// matches the rest of the path (zero or more segments, bound without the leading '/').
// HEAD matches GET routes. A path that matches some route but not with this method is
// kMethodNotAllowed (405, with the allowed methods). Catch-all routes (the web UI's files)
// are tried only when no other route matches the path, and they never make a 405: another
// method on a path only a catch-all matches is kNotFound.
// Thread-safety: pure functions over an immutable table.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/route.h"

namespace custos::api {

std::optional<Method> ParseMethod(std::string_view method);

struct RouteMatch {
  enum Kind { kFound, kNotFound, kMethodNotAllowed } kind = kNotFound;
  const RouteSpec* route = nullptr;                // kFound
  std::map<std::string, std::string> params;       // kFound: {name} -> segment
  std::string allowed;                             // kMethodNotAllowed: "GET, HEAD"
};

// Binds pattern `pattern` to `path`; nullopt if it does not match.
std::optional<std::map<std::string, std::string>> MatchPattern(std::string_view pattern, std::string_view path);

RouteMatch MatchRoute(std::span<const RouteSpec> routes, std::string_view method, std::string_view path);

}  // namespace custos::api
