// The table of compliance checks (compliance.h): one small function per requirement.
// nullptr = not implemented by Custos yet. Subsystems add theirs here.
#include <algorithm>
#include <functional>

#include "govern/compliance.h"
#include "retention/compliance_checks.h"

namespace custos::govern {

namespace {

using S = ComplianceState;

// "a, b, c and 4 more"
std::string Names(const std::vector<std::string>& ids) {
  std::string out;
  const size_t shown = std::min<size_t>(ids.size(), 5);
  for (size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > shown) out += " and " + std::to_string(ids.size() - shown) + " more";
  return out;
}

// Registered cameras that are not dismantled.
std::vector<const Camera*> Installed(const ComplianceInput& in) {
  std::vector<const Camera*> out;
  for (const Camera& c : in.cameras) {
    if (!c.registry || c.registry->lifecycle != Lifecycle::kDismantled) out.push_back(&c);
  }
  return out;
}

std::vector<const Camera*> InUse(const ComplianceInput& in) {
  std::vector<const Camera*> out;
  for (const Camera& c : in.cameras) {
    if (c.registry && IsRecordedLifecycle(c.registry->lifecycle)) out.push_back(&c);
  }
  return out;
}

// The ids of installed cameras for which `bad` holds.
std::vector<std::string> Failing(const ComplianceInput& in, const std::function<bool(const Camera&)>& bad) {
  std::vector<std::string> out;
  for (const Camera* c : Installed(in)) {
    if (bad(*c)) out.push_back(c->config.id);
  }
  return out;
}

std::string Count(size_t n, std::string_view what) { return std::to_string(n) + " " + std::string(what); }

CheckResult R101(const ComplianceInput& in) {
  std::vector<std::string> missing = Failing(in, [](const Camera& c) {
    if (!c.registry) return true;
    const CameraRegistry& r = *c.registry;
    return r.owning_unit.empty() || r.address.empty() || !r.latitude || r.site_category.empty() ||
           r.equipment_type.empty() || r.equipment_model.empty() || r.commissioned_on.empty();
  });
  const std::string n = Count(Installed(in).size(), "installed cameras");
  if (!missing.empty()) {
    return {S::kNotMet, n + "; unregistered or missing unit, address, coordinates, category, equipment or "
                            "commissioning date: " + Names(missing) + " (custos camera update ID ...)"};
  }
  return {S::kMet, n + ", each with unit, address, coordinates, site category, position, equipment type "
                       "and model, commissioning date and lifecycle state"};
}

CheckResult R102(const ComplianceInput& in) {
  std::vector<std::string> uncategorised =
      Failing(in, [](const Camera& c) { return !c.registry || c.registry->site_category.empty(); });
  const std::string t = "taxonomy of " + Count(in.taxonomy.categories().size(), "site categories");
  if (!uncategorised.empty()) return {S::kNotMet, t + "; cameras without a category: " + Names(uncategorised)};
  return {S::kMet, t + "; every installed camera has one (coverage per area is not reported yet)"};
}

CheckResult R103(const ComplianceInput& in) {
  std::vector<std::string> bad;
  for (const Camera& c : in.cameras) {
    if (!c.registry) continue;
    const SiteCategory* cat = in.taxonomy.Find(c.registry->site_category);
    if (cat != nullptr && cat->is_private) bad.push_back(c.config.id + " (" + cat->id + ")");
  }
  if (!bad.empty()) {
    return {S::kNotMet, "cameras in private places, which registration refuses (was the catalog edited "
                        "directly?): " + Names(bad)};
  }
  return {S::kMet, Count(in.cameras.size(), "cameras") +
                       ", none in a private category; registration and every change refuse private categories"};
}

CheckResult R105(const ComplianceInput& in) {
  std::vector<std::string> unsigned_ids;
  for (const Camera* c : InUse(in)) {
    if (!c->registry->signage || c->registry->signage_evidence.empty()) unsigned_ids.push_back(c->config.id);
  }
  if (!unsigned_ids.empty()) return {S::kNotMet, "cameras in use without a sign or its evidence: " + Names(unsigned_ids)};
  return {S::kMet, Count(InUse(in).size(), "cameras in use") + ", each with a sign and its evidence recorded"};
}

CheckResult R107(const ComplianceInput& in) {
  size_t government = 0;
  for (const Camera* c : Installed(in)) government += c->registry && c->registry->government_invested ? 1 : 0;
  return {S::kMet, "the registry marks government investment: " + std::to_string(government) + " of " +
                       Count(Installed(in).size(), "installed cameras") + " marked"};
}

CheckResult R108(const ComplianceInput& in) {
  std::vector<std::string> near;
  for (const Camera* c : Installed(in)) {
    if (c->registry && c->registry->near_military_zone) near.push_back(c->config.id);
  }
  return {S::kMet, Count(near.size(), "cameras near a military zone or classified unit") +
                       (near.empty() ? "" : " (" + Names(near) + "), each with the consent reference") +
                       "; registration refuses one without it"};
}

CheckResult R109(const ComplianceInput& in) {
  size_t required = 0, optional = 0;
  std::vector<std::string> unknown;
  for (const Camera* c : Installed(in)) {
    const SiteCategory* cat = c->registry ? in.taxonomy.Find(c->registry->site_category) : nullptr;
    if (cat == nullptr) {
      unknown.push_back(c->config.id);
    } else {
      (cat->tier == SiteTier::kRequired ? required : optional)++;
    }
  }
  const std::string tiers = std::to_string(required) + " in required places, " + std::to_string(optional) +
                            " in other public places";
  if (!unknown.empty()) return {S::kNotMet, tiers + "; tier unknown (no category): " + Names(unknown)};
  if (!in.profile.tier2_lighter_duties.value) {
    return {S::kNotApplicable, tiers + "; " + in.profile.name + " has one tier of duties"};
  }
  return {S::kMet, tiers + "; lighter duties for the latter are not applied automatically yet"};
}

// R201-R203: the filings of `kind`.
CheckResult Filings(const ComplianceInput& in, FilingKind kind, std::string_view none_text) {
  const FilingRule& rule = kind == FilingKind::kSystem   ? in.profile.system_filing
                           : kind == FilingKind::kChange ? in.profile.change_report
                                                         : in.profile.dismantling_filing;
  if (!rule.required) return {S::kNotApplicable, "not required under " + in.profile.name + " (" + rule.source + ")"};
  std::vector<std::string> overdue, pending, filed;
  for (const FilingStatus& f : in.filings) {
    if (f.filing.filing.kind != kind) continue;
    const std::string label = "#" + std::to_string(f.filing.id) + " due " + f.due_text;
    if (!f.open) {
      filed.push_back("#" + std::to_string(f.filing.id) + " filed " + f.filing.filed_on);
    } else if (f.overdue) {
      overdue.push_back(label);
    } else {
      pending.push_back(label);
    }
  }
  if (!overdue.empty()) return {S::kNotMet, "overdue: " + Names(overdue) + " (custos filing list --overdue)"};
  if (kind == FilingKind::kSystem && filed.empty() && pending.empty()) {
    if (InUse(in).empty()) return {S::kNotApplicable, std::string(none_text)};
    return {S::kNotMet, "cameras are in use but no system filing is recorded"};
  }
  if (!pending.empty() && !rule.deadline.days) {
    return {S::kNotMet, "not filed yet (" + rule.source + "): " + Names(pending)};
  }
  std::string evidence = Count(filed.size(), "filed");
  if (!pending.empty()) evidence += "; open, not yet due: " + Names(pending);
  if (filed.empty() && pending.empty()) evidence = std::string(none_text);
  return {S::kMet, evidence + " (" + rule.source + ")"};
}

CheckResult R201(const ComplianceInput& in) { return Filings(in, FilingKind::kSystem, "no camera in use yet"); }
CheckResult R202(const ComplianceInput& in) { return Filings(in, FilingKind::kChange, "no change to report"); }
CheckResult R203(const ComplianceInput& in) {
  return Filings(in, FilingKind::kDismantling, "nothing dismantled");
}

CheckResult R204(const ComplianceInput& in) {
  std::vector<std::string> incomplete;
  for (const Camera* c : InUse(in)) {
    if (!c->registry->latitude || c->registry->equipment_type.empty()) incomplete.push_back(c->config.id);
  }
  if (!incomplete.empty()) {
    return {S::kNotMet, "the package (custos filing package) would lack points or equipment of: " + Names(incomplete)};
  }
  return {S::kMet, "custos filing package writes equipment types, the distribution of points (CSV, GeoJSON), "
                   "units, " + Count(InUse(in).size(), "cameras in use") + " and the retention of " +
                       std::to_string(in.profile.min_retention_days.value) + " days"};
}

CheckResult R205(const ComplianceInput& in) {
  if (!in.document_problems.empty()) return {S::kNotMet, "archived documents changed or missing: " + Names(in.document_problems)};
  std::vector<std::string> missing;
  for (DocumentKind k : {DocumentKind::kDesign, DocumentKind::kConstruction, DocumentKind::kAcceptance,
                         DocumentKind::kMaintenance}) {
    bool found = std::any_of(in.documents.begin(), in.documents.end(), [k](const auto& d) { return d.kind == k; });
    if (!found) missing.push_back(std::string(ToString(k)));
  }
  const std::string n = Count(in.documents.size(), "documents archived, SHA-256 verified");
  if (!missing.empty()) return {S::kNotMet, n + "; none of kind: " + Names(missing) + " (custos document add)"};
  return {S::kMet, n + "; design, construction, acceptance and maintenance present"};
}

CheckResult R206(const ComplianceInput& in) {
  std::vector<std::string> unaccepted;
  for (const Camera* c : InUse(in)) {
    if (c->registry->accepted_on.empty()) unaccepted.push_back(c->config.id);
  }
  if (!unaccepted.empty()) {
    return {S::kNotMet, "in use without a recorded acceptance (registered before Custos tracked it): " +
                            Names(unaccepted) + " (custos camera update ID --accepted-on DATE --acceptance-ref REF)"};
  }
  return {S::kMet, Count(InUse(in).size(), "cameras in use") +
                       ", each accepted first; only in_use and changed cameras are recorded"};
}

// R301-R304: the newest record of `kind`.
CheckResult Records(const ComplianceInput& in, OpsRecordKind kind) {
  const OpsRecord* newest = nullptr;
  size_t n = 0;
  for (const OpsRecord& r : in.records) {
    if (r.kind != kind) continue;
    ++n;
    if (newest == nullptr || r.on_date > newest->on_date) newest = &r;
  }
  if (newest == nullptr) {
    return {S::kNotMet, "no " + std::string(ToString(kind)) + " record (custos record add --kind " +
                            std::string(ToString(kind)) + ")"};
  }
  return {S::kMet, Count(n, std::string(ToString(kind)) + " records") + ", the newest on " + newest->on_date};
}

CheckResult R301(const ComplianceInput& in) { return Records(in, OpsRecordKind::kMaintenance); }
CheckResult R302(const ComplianceInput& in) { return Records(in, OpsRecordKind::kDuty); }
CheckResult R303(const ComplianceInput& in) { return Records(in, OpsRecordKind::kTraining); }
CheckResult R304(const ComplianceInput& in) { return Records(in, OpsRecordKind::kInspection); }

CheckResult R405(const ComplianceInput& in) {
  return {S::kNotImplemented, "retrieval approval is not in this build; the profile asks for " +
                                  std::to_string(in.profile.RetrievalPersons()) + " person(s) (" +
                                  in.profile.retrieval_min_persons.source + ")"};
}

CheckResult R408(const ComplianceInput& in) {
  return {S::kMet, "registry information is served only under the view_registry permission "
                   "(administrators, and maintainers who service the cameras); camera listings never show URLs or credentials"};
}

CheckResult R412(const ComplianceInput& in) {
  if (!in.profile.subject_access.value) {
    return {S::kNotApplicable, "no subject access under " + in.profile.name + " (" + in.profile.subject_access.source + ")"};
  }
  return {S::kNotImplemented, "subject access requests are not in this build (" + in.profile.subject_access.source + ")"};
}

// The checks of src/retention (R403, R501-R503, R703, R705), which read the catalog, the
// retention rules and the verified audit log.
// `needs_audit`: the check judges the audit log (R403, R501, R703, R705), so an unreadable
// log is "not met"; R502 and R503 look at the catalog only.
CheckResult FromRetention(const ComplianceInput& in, ::custos::ComplianceLine (*check)(const ComplianceInputs&),
                          bool needs_audit) {
  if (in.catalog == nullptr || !in.retention) return {S::kNotMet, "the catalog was not read"};
  if (needs_audit && !in.audit_verify) {
    return {S::kNotMet, "the audit log could not be read, so no deletion can be shown lawful: " +
                            (in.audit_error.empty() ? std::string("not read") : in.audit_error)};
  }
  const AuditVerifyReport unread;
  const ::custos::ComplianceLine line = check(
      ComplianceInputs{*in.catalog, *in.retention, in.audit_verify ? *in.audit_verify : unread, in.audit_entries});
  const std::string evidence = line.why.empty() ? line.evidence
                               : line.evidence.empty() ? line.why
                                                       : line.why + "; " + line.evidence;
  switch (line.state) {
    case ::custos::ComplianceState::kMet: return {S::kMet, evidence};
    case ::custos::ComplianceState::kNotApplicable: return {S::kNotApplicable, evidence};
    case ::custos::ComplianceState::kNotMet: break;
  }
  return {S::kNotMet, evidence};
}

CheckResult R403(const ComplianceInput& in) { return FromRetention(in, CheckR403, true); }
CheckResult R501(const ComplianceInput& in) { return FromRetention(in, CheckR501, true); }
CheckResult R502(const ComplianceInput& in) { return FromRetention(in, CheckR502, false); }
CheckResult R503(const ComplianceInput& in) { return FromRetention(in, CheckR503, false); }
CheckResult R703(const ComplianceInput& in) { return FromRetention(in, CheckR703, true); }
CheckResult R705(const ComplianceInput& in) { return FromRetention(in, CheckR705, true); }

constexpr ComplianceCheckEntry kChecks[] = {
    {"R101", "Every capture point is registered with its unit, place, category, position, equipment, dates, state", R101},
    {"R102", "Site categories form a taxonomy; coverage per area can be reported", R102},
    {"R103", "No camera in a private place; registration and activation there are refused", R103},
    {"R104", "Distance from homes; private space in view is masked", nullptr},
    {"R105", "Public-area cameras carry a sign, recorded with evidence", R105},
    {"R106", "A blocked, covered, defocused or turned camera raises an alarm", nullptr},
    {"R107", "Government-invested systems are marked", R107},
    {"R108", "Near military zones, that unit's consent is stored", R108},
    {"R109", "Two tiers of public place, with the duties that follow", R109},
    {"R201", "The system is filed within the profile's deadline", R201},
    {"R202", "Changes are reported within the profile's deadline", R202},
    {"R203", "Dismantling is filed within the profile's deadline", R203},
    {"R204", "A filing lists equipment types, the distribution of points, unit, camera count, retention", R204},
    {"R205", "Design, construction, acceptance and maintenance documents are archived", R205},
    {"R206", "A camera is not used before it passes acceptance", R206},
    {"R301", "Operation and maintenance procedures are followed (maintenance records)", R301},
    {"R302", "Duty monitoring is organised and recorded", R302},
    {"R303", "Staff training is recorded", R303},
    {"R304", "Regular inspection and evaluation", R304},
    {"R305", "Suspicious information is reported to the police", nullptr},
    {"R306", "Entrusted operation has its responsibilities set out", nullptr},
    {"R307", "The system runs continuously and keeps footage original and complete", nullptr},
    {"R401", "Every recording and retrieval is registered", nullptr},
    {"R402", "Authorisation and access control govern viewing, copying, transmission", nullptr},
    {"R403", "Nobody deletes or alters recordings within retention, nor the operating records", R403},
    {"R404", "No unauthorised viewing, copying, providing or spreading", nullptr},
    {"R405", "A retrieval needs documents, approval and the profile's number of persons", R405},
    {"R406", "Retrieval approval by the organ head; emergency retrieval recorded", nullptr},
    {"R407", "Retrieved footage is not used for profit", nullptr},
    {"R408", "The system's basic information is confidential", R408},
    {"R409", "Footage for publication has faces and plates masked", nullptr},
    {"R410", "Images touching privacy are kept confidential", nullptr},
    {"R411", "Use and position are not changed without authorisation", nullptr},
    {"R412", "A person filmed may view the footage concerning them, with consent", R412},
    {"R501", "Recordings are kept at least the profile's minimum", R501},
    {"R502", "Important information is kept the profile's long period", R502},
    {"R503", "After the minimum, footage whose purpose is achieved is deleted", R503},
    {"R601", "Video resources are shared lawfully and securely", nullptr},
    {"R602", "GB/T 28181 interfaces", nullptr},
    {"R603", "Police may use the system directly or via a platform", nullptr},
    {"R604", "Transmission is secured and stable", nullptr},
    {"R605", "Integrated alarm and access-control systems follow the same rules", nullptr},
    {"R701", "Theft or damage of equipment is detected", nullptr},
    {"R702", "An inspection report can be produced", nullptr},
    {"R703", "The audit trail covers administrators and cannot be erased", R703},
    {"R704", "No malicious code; vulnerabilities fixed and disclosed", nullptr},
    {"R705", "Forged or deleted data is detected", R705},
};

}  // namespace

std::span<const ComplianceCheckEntry> ComplianceChecks() { return kChecks; }

}  // namespace custos::govern
