#include "api/json_body.h"

namespace custos::api {

Result<nlohmann::json> JsonObjectBody(const std::string& body, const std::string& example) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Err(InvalidArgument("the body must be a JSON object, e.g. " + example));
  return j;
}

Result<std::string> TextField(const nlohmann::json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::string();
  if (!body[name].is_string()) return Err(InvalidArgument("\"" + name + "\" must be a string"));
  return body[name].get<std::string>();
}

Result<std::vector<std::string>> TextListField(const nlohmann::json& body, const std::string& name) {
  std::vector<std::string> out;
  if (!body.contains(name) || body[name].is_null()) return out;
  if (!body[name].is_array()) return Err(InvalidArgument("\"" + name + "\" must be a list of strings"));
  for (const nlohmann::json& v : body[name]) {
    if (!v.is_string()) return Err(InvalidArgument("\"" + name + "\" must be a list of strings"));
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<bool> BoolField(const nlohmann::json& body, const std::string& name, bool fallback) {
  if (!body.contains(name) || body[name].is_null()) return fallback;
  if (!body[name].is_boolean()) return Err(InvalidArgument("\"" + name + "\" must be true or false"));
  return body[name].get<bool>();
}

}  // namespace custos::api
