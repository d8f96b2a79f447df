// `custos hold add|list|release`: evidence holds (R502), each act audited.
#include <iostream>

#include "cli/cli.h"
#include "cli/govern_cli.h"
#include "retention/retention_service.h"
#include "retention/retention_status.h"

namespace custos::cli {

namespace {

// Everything a hold command needs, opened in order (the policy and the key outlive users).
struct HoldContext {
  std::unique_ptr<Catalog> catalog;
  std::optional<RetentionPolicy> policy;
  CliAudit audit;
  std::unique_ptr<RetentionService> service;
};

Result<HoldContext> OpenContext(const std::string& data) {
  HoldContext c;
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Err(catalog.error());
  c.catalog = std::move(*catalog);
  auto policy = OpenPolicy(data);
  if (!policy) return Err(policy.error());
  c.policy.emplace(*policy);
  auto audit = OpenCliAudit(data);
  if (!audit) return Err(audit.error());
  c.audit = std::move(*audit);
  c.service = std::make_unique<RetentionService>(*c.catalog, *c.policy, *c.audit.log, data);
  c.service->set_client(CliClient());
  return c;
}

int Add(int argc, char** argv) {
  std::string data, camera, from, to, case_ref, user;
  po::options_description opts("hold add");
  AddDataOption(opts, data);
  opts.add_options()("camera", po::value(&camera)->required(), "camera id")(
      "from", po::value(&from)->required(), "start of the footage held (ISO 8601)")(
      "to", po::value(&to)->required(), "end of the footage held")(
      "case", po::value(&case_ref)->required(), "the case reference the footage is evidence for")(
      "user", po::value(&user)->required(), "who places the hold (recorded in the audit log)");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos hold add --camera C --from T --to T --case REF --user U",
                     "Keeps a camera's footage in [from, to) past every retention rule, for the profile's long\n"
                     "period (R502: 2 years in xinjiang-2014, 1 in liaoning-2008) or until released.");
  if (rc >= 0) return rc;
  auto f = ParseTimeOption("from", from);
  if (!f) return Fail("hold add", f.error());
  auto t = ParseTimeOption("to", to);
  if (!t) return Fail("hold add", t.error());
  auto c = OpenContext(data);
  if (!c) return Fail("hold add", c.error());
  auto id = c->service->AddHold(user, camera, *f, *t, case_ref);
  if (!id) return Fail("hold add", id.error());
  auto h = c->catalog->GetHold(*id);
  std::cout << "hold " << *id << " placed on " << camera << " for case " << case_ref << ", "
            << (h && h->until_wall_90k ? "until " + FormatIso8601(*h->until_wall_90k) : "until released") << "\n";
  return 0;
}

int List(int argc, char** argv) {
  std::string data;
  bool all = false;
  po::options_description opts("hold list");
  AddDataOption(opts, data);
  opts.add_options()("all", po::bool_switch(&all), "include released and lapsed holds");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos hold list [--all]", "Lists evidence holds.");
  if (rc >= 0) return rc;
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("hold list", catalog.error());
  auto policy = OpenPolicy(data);
  if (!policy) return Fail("hold list", policy.error());
  auto tables = RetentionStatusTables(**catalog, *policy);
  if (!tables) return Fail("hold list", tables.error());
  ReportTable holds = (*tables)[2];
  if (!all) {
    std::erase_if(holds.rows, [](const std::vector<std::string>& r) { return r.back() != "active"; });
  }
  std::cout << TablesToText({holds});
  return 0;
}

int Release(int argc, char** argv) {
  std::string data, user;
  int64_t id = 0;
  bool approve = false;
  po::options_description opts("hold release");
  AddDataOption(opts, data);
  opts.add_options()("id", po::value(&id)->required(), "the hold")(
      "user", po::value(&user)->required(), "who asks, or who approves")(
      "approve", po::bool_switch(&approve), "approve a release another person asked for");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos hold release --id N --user U [--approve]",
                     "Releasing a hold takes two persons: one asks (without --approve), another approves\n"
                     "(--approve). Both are recorded in the hold and in the audit log.");
  if (rc >= 0) return rc;
  auto c = OpenContext(data);
  if (!c) return Fail("hold release", c.error());
  Status s = approve ? c->service->ApproveHoldRelease(user, id) : c->service->RequestHoldRelease(user, id);
  if (!s.ok()) return Fail("hold release", s);
  std::cout << (approve ? "hold " + std::to_string(id) + " released"
                        : "release of hold " + std::to_string(id) + " asked; another person must approve it "
                                                                     "(custos hold release --id " +
                              std::to_string(id) + " --approve --user NAME)")
            << "\n";
  return 0;
}

}  // namespace

int Hold(int argc, char** argv) {
  const std::string usage = "usage: custos hold add|list|release [options]   (--help on each)\n";
  return RunSubcommand("hold", usage, argc, argv,
                       {{"add", Add},
                        {"list", List},
                        {"release", Release}});
}

}  // namespace custos::cli
