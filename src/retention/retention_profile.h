// retention_profile.h: the retention numbers of the five jurisdiction profiles (INTERIM).
//
// INTERIM: a stand-in until the registry's src/govern/profile.h (profiles as data files)
// lands; replace InterimRetentionProfile with its Profile and ActiveRetentionProfile with
// its loader. The numbers are the table at the end of ../shared/REQUIREMENTS.md.
// The active profile is the name in DATA/profile (one line), else national-2025.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"

namespace custos {

inline constexpr char kDefaultProfileName[] = "national-2025";
inline constexpr int64_t kDay90k = int64_t{86400} * kTicksPerSecond90k;

struct InterimRetentionProfile {
  std::string name;
  int64_t minimum_days = 30;             // R501: nothing younger is deleted or altered
  bool delete_after_minimum = false;     // R503 (N25): delete once the minimum has passed, unless held
  std::optional<int64_t> important_days;  // R502: how long an evidence hold lasts; nullopt: until released
};

// InvalidArgument naming the five profiles if `name` is none of them.
Result<InterimRetentionProfile> InterimRetentionProfileByName(std::string_view name);
// The profile named in DATA/profile, or the default when the file is absent.
Result<InterimRetentionProfile> ActiveRetentionProfile(const std::string& data_dir);

}  // namespace custos
