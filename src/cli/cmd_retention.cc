// `custos retention status|set-max|delete|sweep`: the retention rules in force, and the acts
// they allow, each audited.
#include <iostream>

#include "cli/cli.h"
#include "cli/govern_cli.h"
#include "retention/retention_service.h"
#include "retention/retention_status.h"
#include "retention/retention_sweeper.h"

namespace custos::cli {

namespace {

struct Context {
  std::unique_ptr<Catalog> catalog;
  std::optional<RetentionPolicy> policy;
  CliAudit audit;
};

Result<Context> Open(const std::string& data, bool with_audit) {
  Context c;
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Err(catalog.error());
  c.catalog = std::move(*catalog);
  auto policy = OpenPolicy(data);
  if (!policy) return Err(policy.error());
  c.policy.emplace(*policy);
  if (with_audit) {
    auto audit = OpenCliAudit(data);
    if (!audit) return Err(audit.error());
    c.audit = std::move(*audit);
  }
  return c;
}

int Status_(int argc, char** argv) {
  std::string data;
  po::options_description opts("retention status");
  AddDataOption(opts, data);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos retention status",
                     "Shows the active profile's retention rules (custos profile show), each\n"
                     "camera's maximum and oldest footage, and the evidence holds.");
  if (rc >= 0) return rc;
  auto c = Open(data, false);
  if (!c) return Fail("retention status", c.error());
  auto tables = RetentionStatusTables(*c->catalog, *c->policy);
  if (!tables) return Fail("retention status", tables.error());
  std::cout << TablesToText(*tables);
  return 0;
}

int SetMax(int argc, char** argv) {
  std::string data, camera, user;
  int64_t days = 0;
  bool clear = false;
  po::options_description opts("retention set-max");
  AddDataOption(opts, data);
  opts.add_options()("camera", po::value(&camera)->required(), "camera id")(
      "days", po::value(&days), "delete this camera's footage this many days after it ends (R503)")(
      "clear", po::bool_switch(&clear), "remove the camera's maximum")(
      "user", po::value(&user)->required(), "who changes it (audited)");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos retention set-max --camera C (--days N | --clear) --user U",
                     "Sets a camera's maximum retention. It cannot be below the profile's minimum (R501).");
  if (rc >= 0) return rc;
  if (clear == (days > 0)) return Fail("retention set-max", InvalidArgument("give --days N (N > 0) or --clear"));
  auto c = Open(data, true);
  if (!c) return Fail("retention set-max", c.error());
  RetentionService service(*c->catalog, *c->policy, *c->audit.log, data);
  service.set_client(CliClient());
  Status s = service.SetCameraMaxRetention(user, camera, clear ? std::nullopt : std::optional(days));
  if (!s.ok()) return Fail("retention set-max", s);
  std::cout << "camera " << camera << ": " << (clear ? "maximum cleared" : std::to_string(days) + " days") << "\n";
  return 0;
}

int Delete(int argc, char** argv) {
  std::string data, user;
  int64_t id = 0;
  po::options_description opts("retention delete");
  AddDataOption(opts, data);
  opts.add_options()("recording", po::value(&id)->required(), "recording id")(
      "user", po::value(&user)->required(), "who deletes (audited, refusals too)");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos retention delete --recording ID --user U",
                     "Deletes one recording and its file. Refused (R403/R501) while it is younger than the\n"
                     "profile's minimum, and (R502) while an evidence hold covers it.");
  if (rc >= 0) return rc;
  auto c = Open(data, true);
  if (!c) return Fail("retention delete", c.error());
  RetentionService service(*c->catalog, *c->policy, *c->audit.log, data);
  service.set_client(CliClient());
  Status s = service.DeleteRecording(user, id);
  if (!s.ok()) return Fail("retention delete", s);
  std::cout << "recording " << id << " deleted\n";
  return 0;
}

int Sweep(int argc, char** argv) {
  std::string data;
  po::options_description opts("retention sweep");
  AddDataOption(opts, data);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos retention sweep",
                     "Runs one retention sweep now (the daemon runs one at start and every hour).");
  if (rc >= 0) return rc;
  auto c = Open(data, true);
  if (!c) return Fail("retention sweep", c.error());
  RetentionSweeper sweeper(*c->catalog, data, *c->policy, *c->audit.log, StatvfsFreeSpace);
  auto r = sweeper.Sweep();
  if (!r) return Fail("retention sweep", r.error());
  std::cout << "retention sweep: " << r->deleted << " recordings (" << r->bytes_deleted << " bytes) deleted, " << r->held
            << " kept by holds, " << r->garbage_finished << " interrupted deletes finished; disk "
            << DiskPressureName(r->pressure) << " (" << (r->free_bytes >> 20) << " MiB free)\n";
  return 0;
}

}  // namespace

int Retention(int argc, char** argv) {
  const std::string usage = "usage: custos retention status|set-max|delete|sweep [options]   (--help on each)\n";
  return RunSubcommand("retention", usage, argc, argv,
                       {{"status", Status_},
                        {"set-max", SetMax},
                        {"delete", Delete},
                        {"sweep", Sweep}});
}

}  // namespace custos::cli
