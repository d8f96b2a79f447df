// retention_profile.h: the numbers retention takes from the jurisdiction profile.
//
// The profiles are data files (profiles/*.json, src/govern/profile.h); govern makes this
// struct from the active one (govern::RetentionProfileOf, govern/rule_numbers.h), so that
// retention does not depend on govern. Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/time.h"

namespace custos {

inline constexpr int64_t kDay90k = int64_t{86400} * kTicksPerSecond90k;

struct RetentionProfile {
  std::string name;                       // the profile's name, e.g. "national-2025"
  int64_t minimum_days = 30;              // R501: nothing younger is deleted or altered
  bool delete_after_minimum = false;      // R503 (N25): delete once the minimum has passed, unless held
  std::optional<int64_t> important_days;  // R502: how long an evidence hold lasts; nullopt: until released
};

}  // namespace custos
