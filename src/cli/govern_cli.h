// govern_cli.h: what the audit, hold and retention commands share: the audit log opened
// for this process, the retention policy, and option parsing for times and users.
// Thread-safety: called from main() only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "retention/retention_policy.h"

namespace custos::cli {

// The node's key and the audit log of `data_dir` (both created if absent). The key must
// outlive the log, hence one owner.
struct CliAudit {
  std::unique_ptr<NodeKey> key;
  std::unique_ptr<AuditLog> log;
};
Result<CliAudit> OpenCliAudit(const std::string& data_dir);

// "cli uid=N" for the client field of audit events made from the command line.
std::string CliClient();

// Parses an ISO 8601 option value; InvalidArgument naming the option.
Result<WallTime90k> ParseTimeOption(const std::string& option, const std::string& value);

// The catalog of `data_dir` (created if absent).
Result<std::unique_ptr<Catalog>> OpenGovernCatalog(const std::string& data_dir);

// The active profile's policy on the real clock.
Result<RetentionPolicy> OpenPolicy(const std::string& data_dir);

}  // namespace custos::cli
