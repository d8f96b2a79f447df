// taxonomy.h: the site categories of R102 (profiles/site-categories.json), each with the
// tier of R109 and whether it is a private place where cameras are forbidden (R103).
//
// The private categories are also compiled in (kPrivateCategories): a file that drops one
// or marks it public is rejected at load, so editing the data file cannot unlock R103.
// Thread-safety: immutable after loading.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace custos::govern {

enum class SiteTier {
  kRequired,   // a system is required (N25 7)
  kOptional,   // may be installed when necessary (N25 9): lighter duties under N25
  kForbidden,  // a private place (R103)
};
std::string_view ToString(SiteTier v);

struct SiteCategory {
  std::string id;
  std::string name;
  SiteTier tier = SiteTier::kOptional;
  bool is_private = false;
  std::string source;
};

// R103's private places, in every profile (XJ 8, LN 9, ND 11, NC 9, N25 8).
inline constexpr std::array<std::string_view, 13> kPrivateCategories = {
    "hotel_room",     "private_entertainment_room", "dormitory",   "student_dormitory_room", "staff_rest_room",
    "public_bathroom", "toilet",                    "changing_room", "fitting_room",         "nursing_room",
    "financial_customer_info", "polling_station",   "home"};

class Taxonomy {
 public:
  // Loads <dir>/site-categories.json. InvalidArgument naming the file and field.
  static Result<Taxonomy> Load(const std::string& dir);
  static Result<Taxonomy> Parse(std::string_view json_text, std::string_view file_name);

  // nullptr if unknown.
  const SiteCategory* Find(std::string_view id) const;
  const std::vector<SiteCategory>& categories() const { return categories_; }

 private:
  std::vector<SiteCategory> categories_;
  std::map<std::string, size_t, std::less<>> by_id_;
};

}  // namespace custos::govern
