// roles.h: the roles a user can hold (issue "Govern", docs/design/access.md).
//
// What each role may do is decided in one place, src/api/authorize.cc (role -> permission
// table); this file only names them. Thread-safety: constants and pure functions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace custos::access {

enum class Role {
  kAdministrator,  // users, cameras, configuration; no footage without a grant
  kDutyOperator,   // live view of the cameras assigned to them
  kInvestigator,   // files retrieval requests; plays back / exports what is granted
  kApprover,       // approves or rejects other people's requests
  kAuditor,        // reads the audit log and the retrieval register, nothing else
  kMaintainer,     // camera health and state; no footage
};

inline constexpr std::array<Role, 6> kAllRoles = {Role::kAdministrator, Role::kDutyOperator, Role::kInvestigator,
                                                  Role::kApprover,      Role::kAuditor,      Role::kMaintainer};

std::string_view ToString(Role r);
std::optional<Role> ParseRole(std::string_view s);
// Parses role names, sorted and without duplicates; InvalidArgument naming the bad one
// and listing the valid names.
Result<std::vector<std::string>> NormalizeRoles(const std::vector<std::string>& names);
// "administrator, duty_operator, ..." for help and error texts.
std::string RoleNames();

}  // namespace custos::access
