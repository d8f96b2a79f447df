// retrieval_rules.h: what the jurisdiction profile demands of a retrieval request.
//
// Made from the active profile by govern::ActiveRetrievalRules (govern/rule_numbers.h);
// access itself does not read the profile files. Where a profile states no number, one
// person is still required: R401 (N25 16) asks for the retrieving person's unit and name,
// truthfully. Thread-safety: a plain value.
#pragma once

#include <string>

namespace custos::access {

struct RetrievalRules {
  std::string profile;
  int min_persons = 1;  // persons present whose identity and work permit are recorded (R405)
};

}  // namespace custos::access
