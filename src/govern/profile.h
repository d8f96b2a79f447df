// profile.h: jurisdiction profiles, the numbers every rule of Govern takes (REQUIREMENTS.md,
// "Jurisdiction profiles"). Start here for retention, retrieval and filing code: read the
// active profile with ActiveProfile(catalog, profiles) and use its named fields; never
// hard-code a number of days.
//
// Profiles are data files, profiles/<name>.json, shipped with Custos: national-2025 (the
// default), xinjiang-2014, liaoning-2008, national-draft-2016, nanchang. Each number
// carries the article it comes from (`source`). Files are loaded and validated at start:
// a bad file is an InvalidArgument naming the file and the field. The installation's
// choice is stored in the catalog (govern_setting 'profile').
// Thread-safety: a ProfileSet is immutable after loading; share it freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "catalog/catalog.h"
#include "govern/civil_date.h"

namespace custos::govern {

inline constexpr std::string_view kDefaultProfile = "national-2025";
inline constexpr std::string_view kProfileSettingKey = "profile";

// What happens to recordings once the minimum retention has passed.
enum class AfterMinimum {
  kKeep,                       // nothing said: kept until space is needed (XJ, LN, ND, NC)
  kDeleteWhenPurposeAchieved,  // N25 17 (R503): deleted unless held
};
std::string_view ToString(AfterMinimum v);

// A number of days, or none: nullopt means the regulation sets no number ("promptly",
// "not stated"). `working_days`: count Monday-Friday only (civil_date.h).
struct DayCount {
  std::optional<int> days;
  bool working_days = false;
};

// When the system filing's deadline starts: going into use (XJ, LN, N25) or passing
// acceptance (ND, NC).
enum class FilingStart { kInUse, kAcceptance };
std::string_view ToString(FilingStart v);

struct FilingRule {
  bool required = false;
  FilingStart from = FilingStart::kInUse;  // for the system filing only
  DayCount deadline;
  std::string source;
};

template <typename T>
struct Cited {
  T value{};
  std::string source;  // the article(s) the value comes from, e.g. "XJ 14 (E)"
};

struct Profile {
  std::string name;        // "national-2025"; also the file name without .json
  std::string title;
  std::string source_key;  // XJ, LN, ND, NC, N25
  std::string regulation;  // where the text is
  std::optional<CivilDate> effective_on;  // when the rules took effect, if known

  Cited<int> min_retention_days;                     // R501
  Cited<AfterMinimum> after_minimum;                 // R503
  Cited<std::optional<int>> important_retention_days;  // R502; nullopt: not set
  FilingRule system_filing;                          // R201
  Cited<std::optional<int>> pre_existing_filing_days;  // R201, systems built before the rules
  FilingRule change_report;                          // R202
  FilingRule dismantling_filing;                     // R203
  Cited<std::optional<int>> retrieval_min_persons;   // R405; nullopt: not stated
  Cited<bool> subject_access;                        // R412
  Cited<bool> tier2_lighter_duties;                  // R109

  // The persons a retrieval needs: the profile's number, else 1.
  int RetrievalPersons() const { return retrieval_min_persons.value.value_or(1); }
};

// Parses and validates one profile file's text. InvalidArgument "<file>: field '<path>': ..."
Result<Profile> ParseProfile(std::string_view json_text, std::string_view file_name);

class ProfileSet {
 public:
  // Loads every <name>.json of `dir` except site-categories.json. InvalidArgument for a bad
  // file (naming it and the field), a name that differs from the file name, or a missing
  // default profile; NotFound if the directory cannot be read.
  static Result<ProfileSet> Load(const std::string& dir);

  // NotFound listing the known names.
  Result<const Profile*> Find(std::string_view name) const;
  std::vector<std::string> Names() const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::map<std::string, Profile, std::less<>> profiles_;
};

// Where the shipped data files are: $CUSTOS_PROFILES if set, else the first of
// <binary dir>/profiles, <binary dir>/../profiles, <binary dir>/../share/custos/profiles
// and the source tree's profiles/ (compiled in) that exists.
std::string FindProfilesDir();

// The installation's profile name (catalog setting), the default if never set.
Result<std::string> ActiveProfileName(Catalog& catalog);
// The installation's profile. NotFound if the stored name is not among `profiles`.
Result<const Profile*> ActiveProfile(Catalog& catalog, const ProfileSet& profiles);
// Stores `name` as the installation's profile; NotFound if it is not among `profiles`.
Status SetActiveProfile(Catalog& catalog, const ProfileSet& profiles, std::string_view name);

}  // namespace custos::govern
