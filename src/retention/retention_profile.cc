#include "retention/retention_profile.h"

#include <array>
#include <fstream>

namespace custos {

namespace {

// REQUIREMENTS.md, "Jurisdiction profiles". NC's minimum was cut from its text: use ND's.
const std::array<InterimRetentionProfile, 5> kProfiles{{
    {"national-2025", 30, true, std::nullopt},
    {"xinjiang-2014", 30, false, 730},
    {"liaoning-2008", 15, false, 365},
    {"national-draft-2016", 30, false, std::nullopt},
    {"nanchang", 30, false, std::nullopt},
}};

}  // namespace

Result<InterimRetentionProfile> InterimRetentionProfileByName(std::string_view name) {
  for (const auto& p : kProfiles) {
    if (p.name == name) return p;
  }
  return Err(InvalidArgument("unknown profile '" + std::string(name) +
                             "'; use one of national-2025, xinjiang-2014, liaoning-2008, national-draft-2016, "
                             "nanchang"));
}

Result<InterimRetentionProfile> ActiveRetentionProfile(const std::string& data_dir) {
  std::ifstream f(data_dir + "/profile");
  if (!f) return InterimRetentionProfileByName(kDefaultProfileName);
  std::string name;
  std::getline(f, name);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.pop_back();
  auto p = InterimRetentionProfileByName(name);
  if (!p) return Err(p.error().With(data_dir + "/profile"));
  return p;
}

}  // namespace custos
