// rule_numbers.h: the numbers that retention and access control take from the active
// jurisdiction profile. They are made here, in govern, so that src/retention and
// src/access keep their own small structs and do not depend on the profile files.
// Thread-safety: pure functions; the Active* ones read the catalog they are given.
#pragma once

#include "access/retrieval_rules.h"
#include "base/status.h"
#include "catalog/catalog.h"
#include "govern/profile.h"
#include "retention/retention_profile.h"

namespace custos::govern {

// R501 minimum, R503 deletion after it, R502 how long an evidence hold lasts.
RetentionProfile RetentionProfileOf(const Profile& profile);
// R405 persons present at a retrieval (1 where the profile states no number).
access::RetrievalRules RetrievalRulesOf(const Profile& profile);

// The same for the installation's active profile (ActiveProfile).
Result<RetentionProfile> ActiveRetentionProfile(Catalog& catalog, const ProfileSet& profiles);
Result<access::RetrievalRules> ActiveRetrievalRules(Catalog& catalog, const ProfileSet& profiles);

}  // namespace custos::govern
