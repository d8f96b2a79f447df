// request_util.h: small parsers shared by the server and the handlers: the request target
// (path and query, percent-decoded), required and optional query parameters, and JSON
// replies. Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/handler.h"
#include "base/status.h"
#include "base/time.h"

namespace custos::api {

struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};

// "/a%20b?x=1&y=%3A" -> {"/a b", {x:1, y::}}. InvalidArgument for bad percent escapes, a
// target not starting with '/', or a decoded path holding NUL or "..".
Result<Target> ParseTarget(std::string_view target);

// A wall time from query parameter `name`: ISO 8601 (base/time.h). InvalidArgument naming
// the parameter and showing what to write when it is missing or malformed.
Result<WallTime90k> RequiredTime(const Request& request, const std::string& name);
// A [from, to) range from ?from=&to=, at most `max_span_90k` long, from before to.
struct TimeRange {
  WallTime90k from;
  WallTime90k to;
};
Result<TimeRange> RequiredTimeRange(const Request& request, int64_t max_span_90k);

// The whole of `text` as a base-10 integer ("12"; not "", "1x", "+1", " 1"); nullopt
// otherwise. Callers range-check and word the error for their parameter.
std::optional<int64_t> ParseWholeNumber(std::string_view text);

// A 200 (or `status`) application/json reply.
Reply JsonReply(const nlohmann::json& body, int status = 200);
// Dumps JSON safely (invalid UTF-8 from the database is replaced, never thrown).
std::string DumpJson(const nlohmann::json& body);

}  // namespace custos::api
