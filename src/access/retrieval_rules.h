// retrieval_rules.h: what the jurisdiction profile demands of a retrieval request.
//
// The profiles are data files that the helper "registry" brings (src/govern/profile.h);
// until that lands, the one number access control needs, the persons present at a
// retrieval (REQUIREMENTS.md, profile table: at least 2 in xinjiang-2014 and
// liaoning-2008), is tabled here for the five profiles. Everything reads it through
// ActiveRetrievalRules(), so switching to the profile files changes one function.
// Where a profile states no number, one person is still required: R401 (N25 16) asks for
// the retrieving person's unit and name, truthfully. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "catalog/catalog.h"

namespace custos::access {

inline constexpr std::string_view kDefaultProfile = "national-2025";

struct RetrievalRules {
  std::string profile;
  int min_persons = 1;  // persons present whose identity and work permit are recorded (R405)
};

// NotFound listing the profile names for an unknown one.
Result<RetrievalRules> RetrievalRulesFor(std::string_view profile);
// The rules of this installation's active profile. Today: the default profile
// (national-2025), as no profile can be selected before "registry" merges.
Result<RetrievalRules> ActiveRetrievalRules(Catalog& catalog);

}  // namespace custos::access
