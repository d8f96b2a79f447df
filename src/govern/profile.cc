#include "govern/profile.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "govern/json_fields.h"

#ifndef CUSTOS_SOURCE_PROFILES_DIR
#define CUSTOS_SOURCE_PROFILES_DIR ""
#endif

namespace custos::govern {

namespace {

constexpr int kMaxDays = 36500;  // a century: anything longer is a typo
constexpr std::string_view kFormat = "custos-profile-1";

Result<Cited<std::optional<int>>> CitedOptionalInt(const FieldReader& r, const nlohmann::json& j,
                                                   std::string_view name, int min, int max) {
  Result<const nlohmann::json*> obj = r.Member(j, "", name);
  if (!obj) return Err(obj.error());
  Result<std::optional<int>> v = r.OptionalInt(**obj, name, "value", min, max);
  if (!v) return Err(v.error());
  Result<std::string> src = r.String(**obj, name, "source");
  if (!src) return Err(src.error());
  return Cited<std::optional<int>>{*v, *src};
}

Result<Cited<bool>> CitedBool(const FieldReader& r, const nlohmann::json& j, std::string_view name) {
  Result<const nlohmann::json*> obj = r.Member(j, "", name);
  if (!obj) return Err(obj.error());
  Result<bool> v = r.Bool(**obj, name, "value");
  if (!v) return Err(v.error());
  Result<std::string> src = r.String(**obj, name, "source");
  if (!src) return Err(src.error());
  return Cited<bool>{*v, *src};
}

Result<FilingRule> ReadFilingRule(const FieldReader& r, const nlohmann::json& j, std::string_view name,
                                  bool has_start) {
  Result<const nlohmann::json*> obj = r.Member(j, "", name);
  if (!obj) return Err(obj.error());
  FilingRule rule;
  Result<bool> required = r.Bool(**obj, name, "required");
  Result<std::optional<int>> days = r.OptionalInt(**obj, name, "days", 0, kMaxDays);
  Result<bool> working = r.Bool(**obj, name, "working_days");
  Result<std::string> src = r.String(**obj, name, "source");
  for (const Status* s : {required ? nullptr : &required.error(), days ? nullptr : &days.error(),
                          working ? nullptr : &working.error(), src ? nullptr : &src.error()}) {
    if (s) return Err(*s);
  }
  rule.required = *required;
  rule.deadline = DayCount{*days, *working};
  rule.source = *src;
  if (has_start) {
    Result<std::string> from = r.String(**obj, name, "from");
    if (!from) return Err(from.error());
    if (*from == "in_use") {
      rule.from = FilingStart::kInUse;
    } else if (*from == "acceptance") {
      rule.from = FilingStart::kAcceptance;
    } else {
      return Err(r.Bad(std::string(name) + ".from", "must be \"in_use\" or \"acceptance\", not \"" + *from + "\""));
    }
  }
  return rule;
}

Status ReadHeader(const FieldReader& r, const nlohmann::json& j, Profile& p) {
  Result<std::string> format = r.String(j, "", "format");
  if (!format) return format.error();
  if (*format != kFormat) return r.Bad("format", "must be \"" + std::string(kFormat) + "\", not \"" + *format + "\"");
  Result<std::string> name = r.String(j, "", "name");
  Result<std::string> title = r.String(j, "", "title");
  Result<std::string> key = r.String(j, "", "source_key");
  Result<std::string> regulation = r.String(j, "", "regulation");
  for (const Status* s : {name ? nullptr : &name.error(), title ? nullptr : &title.error(),
                          key ? nullptr : &key.error(), regulation ? nullptr : &regulation.error()}) {
    if (s) return *s;
  }
  p.name = *name;
  p.title = *title;
  p.source_key = *key;
  p.regulation = *regulation;
  Result<const nlohmann::json*> eff = r.Member(j, "", "effective_on");
  if (!eff) return eff.error();
  if (!(*eff)->is_null()) {
    if (!(*eff)->is_string()) return r.Bad("effective_on", "must be a date YYYY-MM-DD or null");
    Result<CivilDate> d = ParseCivilDate((*eff)->get<std::string>(), "effective_on");
    if (!d) return r.Bad("effective_on", d.error().message());
    p.effective_on = *d;
  }
  return Status::Ok();
}

Status ReadRetention(const FieldReader& r, const nlohmann::json& j, Profile& p) {
  Result<Cited<std::optional<int>>> min = CitedOptionalInt(r, j, "min_retention_days", 1, kMaxDays);
  if (!min) return min.error();
  if (!min->value) return r.Bad("min_retention_days.value", "must not be null: every profile sets a minimum");
  p.min_retention_days = Cited<int>{*min->value, min->source};
  Result<const nlohmann::json*> after = r.Member(j, "", "after_minimum");
  if (!after) return after.error();
  Result<std::string> v = r.String(**after, "after_minimum", "value");
  if (!v) return v.error();
  Result<std::string> src = r.String(**after, "after_minimum", "source");
  if (!src) return src.error();
  if (*v == "keep") {
    p.after_minimum = {AfterMinimum::kKeep, *src};
  } else if (*v == "delete_when_purpose_achieved") {
    p.after_minimum = {AfterMinimum::kDeleteWhenPurposeAchieved, *src};
  } else {
    return r.Bad("after_minimum.value", "must be \"keep\" or \"delete_when_purpose_achieved\", not \"" + *v + "\"");
  }
  Result<Cited<std::optional<int>>> important = CitedOptionalInt(r, j, "important_retention_days", 1, kMaxDays);
  if (!important) return important.error();
  if (important->value && *important->value < p.min_retention_days.value) {
    return r.Bad("important_retention_days.value", "must not be shorter than min_retention_days");
  }
  p.important_retention_days = *important;
  return Status::Ok();
}

Status ReadFilings(const FieldReader& r, const nlohmann::json& j, Profile& p) {
  Result<FilingRule> system = ReadFilingRule(r, j, "system_filing", true);
  if (!system) return system.error();
  p.system_filing = *system;
  Result<Cited<std::optional<int>>> pre = CitedOptionalInt(r, j, "pre_existing_filing_days", 1, kMaxDays);
  if (!pre) return pre.error();
  p.pre_existing_filing_days = *pre;
  Result<FilingRule> change = ReadFilingRule(r, j, "change_report", false);
  if (!change) return change.error();
  p.change_report = *change;
  Result<FilingRule> dismantling = ReadFilingRule(r, j, "dismantling_filing", false);
  if (!dismantling) return dismantling.error();
  p.dismantling_filing = *dismantling;
  return Status::Ok();
}

Status ReadAccess(const FieldReader& r, const nlohmann::json& j, Profile& p) {
  Result<Cited<std::optional<int>>> persons = CitedOptionalInt(r, j, "retrieval_min_persons", 1, 10);
  if (!persons) return persons.error();
  p.retrieval_min_persons = *persons;
  Result<Cited<bool>> subject = CitedBool(r, j, "subject_access");
  if (!subject) return subject.error();
  p.subject_access = *subject;
  Result<Cited<bool>> tier2 = CitedBool(r, j, "tier2_lighter_duties");
  if (!tier2) return tier2.error();
  p.tier2_lighter_duties = *tier2;
  return Status::Ok();
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Err(NotFound("cannot read " + path));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool IsDir(const std::string& path) {
  DIR* d = opendir(path.c_str());
  if (d == nullptr) return false;
  closedir(d);
  return true;
}

std::string BinaryDir() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  std::string path(buf, static_cast<size_t>(n));
  return path.substr(0, path.rfind('/'));
}

}  // namespace

std::string_view ToString(AfterMinimum v) {
  return v == AfterMinimum::kKeep ? "keep" : "delete_when_purpose_achieved";
}

std::string_view ToString(FilingStart v) { return v == FilingStart::kInUse ? "in_use" : "acceptance"; }

Result<Profile> ParseProfile(std::string_view json_text, std::string_view file_name) {
  const FieldReader r{std::string(file_name)};
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Err(InvalidArgument(std::string(file_name) + ": not valid JSON"));
  if (!j.is_object()) return Err(InvalidArgument(std::string(file_name) + ": must hold a JSON object"));
  Profile p;
  CUSTOS_RETURN_IF_ERROR(ReadHeader(r, j, p));
  CUSTOS_RETURN_IF_ERROR(ReadRetention(r, j, p));
  CUSTOS_RETURN_IF_ERROR(ReadFilings(r, j, p));
  CUSTOS_RETURN_IF_ERROR(ReadAccess(r, j, p));
  return p;
}

Result<ProfileSet> ProfileSet::Load(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    return Err(NotFound("cannot read the profiles folder " + dir +
                        "; set CUSTOS_PROFILES to the folder holding national-2025.json"));
  }
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > 5 && name.ends_with(".json") && name != "site-categories.json") files.push_back(name);
  }
  closedir(d);
  ProfileSet set;
  set.dir_ = dir;
  for (const std::string& file : files) {
    const std::string path = dir + "/" + file;
    Result<std::string> text = ReadText(path);
    if (!text) return Err(text.error());
    Result<Profile> p = ParseProfile(*text, path);
    if (!p) return Err(p.error());
    const std::string stem = file.substr(0, file.size() - 5);
    if (p->name != stem) {
      return Err(InvalidArgument(path + ": field 'name': must equal the file name '" + stem + "', not '" + p->name +
                                 "'"));
    }
    set.profiles_.emplace(stem, std::move(*p));
  }
  if (!set.profiles_.contains(kDefaultProfile)) {
    return Err(InvalidArgument("the profiles folder " + dir + " has no " + std::string(kDefaultProfile) +
                               ".json (the default profile)"));
  }
  return set;
}

Result<const Profile*> ProfileSet::Find(std::string_view name) const {
  auto it = profiles_.find(name);
  if (it != profiles_.end()) return &it->second;
  std::string known;
  for (const auto& [n, p] : profiles_) known += (known.empty() ? "" : ", ") + n;
  return Err(NotFound("no jurisdiction profile '" + std::string(name) + "'; known: " + known));
}

std::vector<std::string> ProfileSet::Names() const {
  std::vector<std::string> out;
  for (const auto& [n, p] : profiles_) out.push_back(n);
  return out;
}

std::string FindProfilesDir() {
  if (const char* env = std::getenv("CUSTOS_PROFILES"); env != nullptr && *env != '\0') return env;
  const std::string bin = BinaryDir();
  for (const std::string& dir : {bin + "/profiles", bin + "/../profiles", bin + "/../share/custos/profiles",
                                 std::string(CUSTOS_SOURCE_PROFILES_DIR)}) {
    if (!dir.empty() && IsDir(dir)) return dir;
  }
  return CUSTOS_SOURCE_PROFILES_DIR;
}

Result<std::string> ActiveProfileName(Catalog& catalog) {
  Result<std::optional<std::string>> v = catalog.GetGovernSetting(kProfileSettingKey);
  if (!v) return Err(v.error());
  return v->value_or(std::string(kDefaultProfile));
}

Result<const Profile*> ActiveProfile(Catalog& catalog, const ProfileSet& profiles) {
  Result<std::string> name = ActiveProfileName(catalog);
  if (!name) return Err(name.error());
  Result<const Profile*> p = profiles.Find(*name);
  if (!p) return Err(p.error().With("the installation's profile"));
  return p;
}

Status SetActiveProfile(Catalog& catalog, const ProfileSet& profiles, std::string_view name) {
  Result<const Profile*> p = profiles.Find(name);
  if (!p) return p.error();
  return catalog.SetGovernSetting(kProfileSettingKey, name);
}

}  // namespace custos::govern
