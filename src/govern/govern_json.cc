#include "govern/govern_json.h"

#include <map>
#include <set>

namespace custos::govern {

namespace {

nlohmann::json Optional(const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json RuleJson(const FilingRule& r) {
  return {{"required", r.required},
          {"days", Optional(r.deadline.days)},
          {"working_days", r.deadline.working_days},
          {"source", r.source}};
}

nlohmann::json Coordinate(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

Result<std::string> Text(const nlohmann::json& v, const std::string& name) {
  if (!v.is_string()) return Err(InvalidArgument("registry field '" + name + "' must be a string"));
  return v.get<std::string>();
}

Result<bool> Flag(const nlohmann::json& v, const std::string& name) {
  if (!v.is_boolean()) return Err(InvalidArgument("registry field '" + name + "' must be true or false"));
  return v.get<bool>();
}

Result<std::optional<double>> Degrees(const nlohmann::json& v, const std::string& name) {
  if (v.is_null()) return std::optional<double>();
  if (!v.is_number()) return Err(InvalidArgument("registry field '" + name + "' must be a number or null"));
  return std::optional<double>(v.get<double>());
}

// Sets `out` from text field `name` of `j` when present.
Status TextField(const nlohmann::json& j, const char* name, std::optional<std::string>& out) {
  auto it = j.find(name);
  if (it == j.end()) return Status::Ok();
  Result<std::string> v = Text(*it, name);
  if (!v) return v.error();
  out = *v;
  return Status::Ok();
}

Status FlagField(const nlohmann::json& j, const char* name, std::optional<bool>& out) {
  auto it = j.find(name);
  if (it == j.end()) return Status::Ok();
  Result<bool> v = Flag(*it, name);
  if (!v) return v.error();
  out = *v;
  return Status::Ok();
}

Status DegreesField(const nlohmann::json& j, const char* name, std::optional<std::optional<double>>& out) {
  auto it = j.find(name);
  if (it == j.end()) return Status::Ok();
  Result<std::optional<double>> v = Degrees(*it, name);
  if (!v) return v.error();
  out = *v;
  return Status::Ok();
}

}  // namespace

nlohmann::json ProfileJson(const Profile& p) {
  auto cited = [](const auto& c) { return nlohmann::json{{"value", c.value}, {"source", c.source}}; };
  return {{"name", p.name},
          {"title", p.title},
          {"source_key", p.source_key},
          {"regulation", p.regulation},
          {"effective_on", p.effective_on ? nlohmann::json(FormatCivilDate(*p.effective_on)) : nlohmann::json()},
          {"min_retention_days", cited(p.min_retention_days)},
          {"after_minimum", {{"value", ToString(p.after_minimum.value)}, {"source", p.after_minimum.source}}},
          {"important_retention_days",
           {{"value", Optional(p.important_retention_days.value)}, {"source", p.important_retention_days.source}}},
          {"system_filing", [&] {
             nlohmann::json j = RuleJson(p.system_filing);
             j["from"] = ToString(p.system_filing.from);
             return j;
           }()},
          {"pre_existing_filing_days",
           {{"value", Optional(p.pre_existing_filing_days.value)}, {"source", p.pre_existing_filing_days.source}}},
          {"change_report", RuleJson(p.change_report)},
          {"dismantling_filing", RuleJson(p.dismantling_filing)},
          {"retrieval_min_persons",
           {{"value", Optional(p.retrieval_min_persons.value)}, {"source", p.retrieval_min_persons.source}}},
          {"subject_access", cited(p.subject_access)},
          {"tier2_lighter_duties", cited(p.tier2_lighter_duties)}};
}

nlohmann::json ProfileListJson(const ProfileSet& profiles, std::string_view active) {
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& name : profiles.Names()) {
    Result<const Profile*> p = profiles.Find(name);
    if (!p) continue;  // Names() lists only loaded profiles
    list.push_back({{"name", name},
                    {"title", (*p)->title},
                    {"source_key", (*p)->source_key},
                    {"effective_on", (*p)->effective_on ? nlohmann::json(FormatCivilDate(*(*p)->effective_on))
                                                        : nlohmann::json()},
                    {"active", name == active}});
  }
  return {{"active", active}, {"profiles", list}};
}

nlohmann::json TaxonomyJson(const Taxonomy& taxonomy) {
  nlohmann::json list = nlohmann::json::array();
  for (const SiteCategory& c : taxonomy.categories()) {
    list.push_back({{"id", c.id}, {"name", c.name}, {"tier", ToString(c.tier)}, {"private", c.is_private},
                    {"source", c.source}});
  }
  return {{"categories", list}};
}

nlohmann::json RegistryJson(const CameraRegistry& r) {
  return {{"owning_unit", r.owning_unit},
          {"address", r.address},
          {"latitude", Coordinate(r.latitude)},
          {"longitude", Coordinate(r.longitude)},
          {"site_category", r.site_category},
          {"position", ToString(r.position)},
          {"equipment_type", r.equipment_type},
          {"equipment_model", r.equipment_model},
          {"commissioned_on", r.commissioned_on},
          {"lifecycle", ToString(r.lifecycle)},
          {"lifecycle_since", r.lifecycle_since},
          {"accepted_on", r.accepted_on},
          {"acceptance_ref", r.acceptance_ref},
          {"signage", r.signage},
          {"signage_evidence", r.signage_evidence},
          {"government_invested", r.government_invested},
          {"near_military_zone", r.near_military_zone},
          {"military_consent_ref", r.military_consent_ref}};
}

nlohmann::json RegisteredCameraJson(const Camera& c) {
  return {{"id", c.config.id},
          {"name", c.config.name.empty() ? c.config.id : c.config.name},
          {"recorded", IsRecorded(c)},
          {"registry", c.registry ? RegistryJson(*c.registry) : nlohmann::json()}};
}

nlohmann::json FilingJson(const FilingStatus& f) {
  return {{"id", f.filing.id},
          {"kind", ToString(f.filing.filing.kind)},
          {"camera_id", f.filing.filing.camera_id},
          {"event_on", f.filing.filing.trigger_on},
          {"detail", f.filing.filing.detail},
          {"required", f.required},
          {"pre_existing", f.pre_existing},
          {"due_on", f.due ? nlohmann::json(FormatCivilDate(*f.due)) : nlohmann::json()},
          {"due", f.due_text},
          {"source", f.source},
          {"open", f.open},
          {"overdue", f.overdue},
          {"filed_on", f.filing.filed_on},
          {"receipt_ref", f.filing.receipt_ref}};
}

nlohmann::json DocumentJson(const DocumentRecord& d) {
  return {{"id", d.id},         {"kind", ToString(d.kind)}, {"title", d.title}, {"file", d.file_path},
          {"sha256", d.sha256_hex}, {"bytes", d.bytes},        {"parties", d.parties}};
}

nlohmann::json OpsRecordJson(const OpsRecord& r) {
  return {{"id", r.id},           {"kind", ToString(r.kind)},     {"on", r.on_date},
          {"persons", r.persons}, {"description", r.description}, {"entered_by", r.entered_by}};
}

nlohmann::json ComplianceJson(const Profile& p, CivilDate today, const std::vector<ComplianceLine>& lines) {
  nlohmann::json out = nlohmann::json::array();
  std::map<std::string, int> counts;
  for (const ComplianceLine& l : lines) {
    out.push_back({{"id", l.id}, {"requirement", l.requirement}, {"state", ToString(l.state)}, {"evidence", l.evidence}});
    ++counts[std::string(ToString(l.state))];
  }
  return {{"profile", p.name}, {"date", FormatCivilDate(today)}, {"counts", counts}, {"requirements", out}};
}

Result<RegistryChange> ParseRegistryChange(const nlohmann::json& j) {
  if (!j.is_object()) return Err(InvalidArgument("the registry entry must be a JSON object"));
  static const std::set<std::string> kKnown = {
      "owning_unit", "address", "latitude", "longitude", "site_category", "position", "equipment_type",
      "equipment_model", "commissioned_on", "lifecycle", "accepted_on", "acceptance_ref", "signage",
      "signage_evidence", "government_invested", "near_military_zone", "military_consent_ref"};
  for (const auto& [key, value] : j.items()) {
    if (!kKnown.contains(key)) return Err(InvalidArgument("unknown registry field '" + key + "'"));
  }
  RegistryChange c;
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::optional<std::string>*>>{
           {"owning_unit", &c.owning_unit}, {"address", &c.address}, {"site_category", &c.site_category},
           {"equipment_type", &c.equipment_type}, {"equipment_model", &c.equipment_model},
           {"commissioned_on", &c.commissioned_on}, {"accepted_on", &c.accepted_on},
           {"acceptance_ref", &c.acceptance_ref}, {"signage_evidence", &c.signage_evidence},
           {"military_consent_ref", &c.military_consent_ref}}) {
    CUSTOS_RETURN_IF_ERROR(TextField(j, name, *field));
  }
  for (auto [name, field] : std::initializer_list<std::pair<const char*, std::optional<bool>*>>{
           {"signage", &c.signage}, {"government_invested", &c.government_invested},
           {"near_military_zone", &c.near_military_zone}}) {
    CUSTOS_RETURN_IF_ERROR(FlagField(j, name, *field));
  }
  CUSTOS_RETURN_IF_ERROR(DegreesField(j, "latitude", c.latitude));
  CUSTOS_RETURN_IF_ERROR(DegreesField(j, "longitude", c.longitude));
  std::optional<std::string> position, lifecycle;
  CUSTOS_RETURN_IF_ERROR(TextField(j, "position", position));
  CUSTOS_RETURN_IF_ERROR(TextField(j, "lifecycle", lifecycle));
  if (position) {
    c.position = ParseSitePosition(*position);
    if (!c.position) return Err(InvalidArgument("position must be entrance, main_passage, key_part or other"));
  }
  if (lifecycle) {
    c.lifecycle = ParseLifecycle(*lifecycle);
    if (!c.lifecycle) return Err(InvalidArgument("lifecycle must be planned, accepted, in_use, changed or dismantled"));
  }
  return c;
}

}  // namespace custos::govern
