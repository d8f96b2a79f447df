// json_body.h: reading the JSON bodies of POST requests: an object, and typed optional
// fields with errors that name the field. Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace custos::api {

// The body as a JSON object; InvalidArgument showing `example` otherwise.
Result<nlohmann::json> JsonObjectBody(const std::string& body, const std::string& example);
// Field `name` as text ("" if absent); InvalidArgument if present and not a string.
Result<std::string> TextField(const nlohmann::json& body, const std::string& name);
// Field `name` as a list of strings (empty if absent).
Result<std::vector<std::string>> TextListField(const nlohmann::json& body, const std::string& name);
// Field `name` as a boolean (`fallback` if absent).
Result<bool> BoolField(const nlohmann::json& body, const std::string& name, bool fallback);

}  // namespace custos::api
