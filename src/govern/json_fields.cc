#include "govern/json_fields.h"

namespace custos::govern {

std::string FieldReader::Join(std::string_view path, std::string_view name) {
  return path.empty() ? std::string(name) : std::string(path) + "." + std::string(name);
}

Status FieldReader::Bad(std::string_view path, std::string_view what) const {
  return InvalidArgument(file_ + ": field '" + std::string(path) + "': " + std::string(what));
}

Result<const nlohmann::json*> FieldReader::Member(const nlohmann::json& obj, std::string_view path,
                                                   std::string_view name) const {
  if (!obj.is_object()) return Err(Bad(path, "must be an object"));
  auto it = obj.find(std::string(name));
  if (it == obj.end()) return Err(Bad(Join(path, name), "is missing"));
  return &*it;
}

Result<std::string> FieldReader::String(const nlohmann::json& obj, std::string_view path, std::string_view name,
                                        bool allow_empty) const {
  Result<const nlohmann::json*> v = Member(obj, path, name);
  if (!v) return Err(v.error());
  if (!(*v)->is_string()) return Err(Bad(Join(path, name), "must be a string"));
  std::string s = (*v)->get<std::string>();
  if (s.empty() && !allow_empty) return Err(Bad(Join(path, name), "must not be empty"));
  return s;
}

Result<bool> FieldReader::Bool(const nlohmann::json& obj, std::string_view path, std::string_view name) const {
  Result<const nlohmann::json*> v = Member(obj, path, name);
  if (!v) return Err(v.error());
  if (!(*v)->is_boolean()) return Err(Bad(Join(path, name), "must be true or false"));
  return (*v)->get<bool>();
}

Result<int> FieldReader::Int(const nlohmann::json& obj, std::string_view path, std::string_view name, int min,
                             int max) const {
  Result<std::optional<int>> v = OptionalInt(obj, path, name, min, max);
  if (!v) return Err(v.error());
  if (!v->has_value()) return Err(Bad(Join(path, name), "must not be null"));
  return **v;
}

Result<std::optional<int>> FieldReader::OptionalInt(const nlohmann::json& obj, std::string_view path,
                                                    std::string_view name, int min, int max) const {
  Result<const nlohmann::json*> v = Member(obj, path, name);
  if (!v) return Err(v.error());
  if ((*v)->is_null()) return std::optional<int>();
  const std::string range = "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!(*v)->is_number_integer()) return Err(Bad(Join(path, name), range + " (or null)"));
  const int64_t n = (*v)->get<int64_t>();
  if (n < min || n > max) return Err(Bad(Join(path, name), range + ", not " + std::to_string(n)));
  return std::optional<int>(static_cast<int>(n));
}

}  // namespace custos::govern
