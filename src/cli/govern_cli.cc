#include "cli/govern_cli.h"

#include <unistd.h>

#include "audit/audit_store.h"
#include "govern/rule_numbers.h"
#include "server/data_dir.h"

namespace custos::cli {

Result<CliAudit> OpenCliAudit(const std::string& data_dir) {
  CUSTOS_RETURN_IF_ERROR(MakeDataDir(data_dir));
  auto key = NodeKey::LoadOrCreate(data_dir);
  if (!key) return Err(key.error().With("loading the node key"));
  CliAudit out;
  out.key = std::make_unique<NodeKey>(std::move(*key));
  auto log = AuditLog::Open(AuditLogPath(data_dir), *out.key, RealClock::Get());
  if (!log) return Err(log.error());
  out.log = std::move(*log);
  return out;
}

std::string CliClient() { return "cli uid=" + std::to_string(::getuid()); }

Result<WallTime90k> ParseTimeOption(const std::string& option, const std::string& value) {
  auto t = ParseIso8601(value);
  if (!t) return Err(InvalidArgument("--" + option + " '" + value + "': " + t.error().message() +
                                     " (use e.g. 2026-11-23T08:00:00Z)"));
  return *t;
}

Result<std::unique_ptr<Catalog>> OpenGovernCatalog(const std::string& data_dir) {
  CUSTOS_RETURN_IF_ERROR(MakeDataDir(data_dir));
  return Catalog::Open(CatalogPath(data_dir));
}

Result<RetentionPolicy> OpenPolicy(const std::string& data_dir) {
  auto profiles = govern::ProfileSet::Load(govern::FindProfilesDir());
  if (!profiles) return Err(profiles.error().With("loading the jurisdiction profiles"));
  auto catalog = OpenGovernCatalog(data_dir);
  if (!catalog) return Err(catalog.error());
  auto profile = govern::ActiveRetentionProfile(**catalog, *profiles);
  if (!profile) return Err(profile.error().With("custos profile set NAME chooses one"));
  return RetentionPolicy(*profile, RealClock::Get());
}

}  // namespace custos::cli
