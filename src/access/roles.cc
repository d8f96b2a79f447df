#include "access/roles.h"

#include <algorithm>

namespace custos::access {

std::string_view ToString(Role r) {
  switch (r) {
    case Role::kAdministrator: return "administrator";
    case Role::kDutyOperator: return "duty_operator";
    case Role::kInvestigator: return "investigator";
    case Role::kApprover: return "approver";
    case Role::kAuditor: return "auditor";
    case Role::kMaintainer: return "maintainer";
  }
  return "?";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (Role r : kAllRoles) {
    if (ToString(r) == s) return r;
  }
  return std::nullopt;
}

std::string RoleNames() {
  std::string out;
  for (Role r : kAllRoles) {
    if (!out.empty()) out += ", ";
    out += ToString(r);
  }
  return out;
}

Result<std::vector<std::string>> NormalizeRoles(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& n : names) {
    if (!ParseRole(n)) return Err(InvalidArgument("unknown role '" + n + "'; the roles are " + RoleNames()));
    out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace custos::access
