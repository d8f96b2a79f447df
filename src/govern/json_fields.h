// json_fields.h: reading validated fields out of a parsed JSON data file (profiles,
// site categories), with errors that name the file and the field: "profiles/x.json: field
// 'min_retention_days.value': must be an integer from 1 to 3650". Internal to src/govern.
// Thread-safety: one FieldReader per parse.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace custos::govern {

class FieldReader {
 public:
  explicit FieldReader(std::string file) : file_(std::move(file)) {}

  // An error about field `path` of this file.
  Status Bad(std::string_view path, std::string_view what) const;
  // The member `name` of object `obj` (at `path`): its JSON, or an error if absent.
  Result<const nlohmann::json*> Member(const nlohmann::json& obj, std::string_view path, std::string_view name) const;
  Result<std::string> String(const nlohmann::json& obj, std::string_view path, std::string_view name,
                             bool allow_empty = false) const;
  Result<bool> Bool(const nlohmann::json& obj, std::string_view path, std::string_view name) const;
  Result<int> Int(const nlohmann::json& obj, std::string_view path, std::string_view name, int min, int max) const;
  // An integer in [min, max], or null.
  Result<std::optional<int>> OptionalInt(const nlohmann::json& obj, std::string_view path, std::string_view name,
                                         int min, int max) const;

 private:
  static std::string Join(std::string_view path, std::string_view name);
  std::string file_;
};

}  // namespace custos::govern
