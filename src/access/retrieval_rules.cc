#include "access/retrieval_rules.h"

#include <array>
#include <utility>

namespace custos::access {

namespace {

// REQUIREMENTS.md, "Jurisdiction profiles", row "persons present at a retrieval".
constexpr std::array<std::pair<std::string_view, int>, 5> kMinPersons = {{
    {"national-2025", 1},        // not stated (N25 16: the person's unit and name)
    {"xinjiang-2014", 2},        // XJ 17 (C): not less than two persons
    {"liaoning-2008", 2},        // LN 18 (i): no fewer than two staff
    {"national-draft-2016", 1},  // not stated
    {"nanchang", 1},             // not stated (text cut short)
}};

}  // namespace

Result<RetrievalRules> RetrievalRulesFor(std::string_view profile) {
  std::string names;
  for (const auto& [name, persons] : kMinPersons) {
    if (name == profile) return RetrievalRules{std::string(name), persons};
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  return Err(NotFound("no jurisdiction profile '" + std::string(profile) + "'; the profiles are " + names));
}

Result<RetrievalRules> ActiveRetrievalRules(Catalog& /*catalog*/) { return RetrievalRulesFor(kDefaultProfile); }

}  // namespace custos::access
