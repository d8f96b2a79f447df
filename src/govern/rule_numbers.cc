#include "govern/rule_numbers.h"

namespace custos::govern {

RetentionProfile RetentionProfileOf(const Profile& profile) {
  RetentionProfile r;
  r.name = profile.name;
  r.minimum_days = profile.min_retention_days.value;
  r.delete_after_minimum = profile.after_minimum.value == AfterMinimum::kDeleteWhenPurposeAchieved;
  if (profile.important_retention_days.value) r.important_days = *profile.important_retention_days.value;
  return r;
}

access::RetrievalRules RetrievalRulesOf(const Profile& profile) {
  return access::RetrievalRules{profile.name, profile.RetrievalPersons()};
}

Result<RetentionProfile> ActiveRetentionProfile(Catalog& catalog, const ProfileSet& profiles) {
  auto p = ActiveProfile(catalog, profiles);
  if (!p) return Err(p.error());
  return RetentionProfileOf(**p);
}

Result<access::RetrievalRules> ActiveRetrievalRules(Catalog& catalog, const ProfileSet& profiles) {
  auto p = ActiveProfile(catalog, profiles);
  if (!p) return Err(p.error());
  return RetrievalRulesOf(**p);
}

}  // namespace custos::govern
