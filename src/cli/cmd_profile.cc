// `custos profile list|show|set|categories` and `custos compliance report`.
#include <iomanip>
#include <iostream>

#include "cli/govern_cli.h"
#include "cli/registry_cli.h"
#include "govern/compliance.h"
#include "govern/govern_json.h"
#include "server/data_dir.h"

namespace custos::cli {

namespace {

std::string Days(const std::optional<int>& d, std::string_view none) {
  return d ? std::to_string(*d) + " days" : std::string(none);
}

void PrintRule(std::string_view label, const govern::FilingRule& r) {
  std::cout << "  " << std::left << std::setw(30) << label
            << (!r.required ? std::string("not required")
                            : r.deadline.days ? std::to_string(*r.deadline.days) +
                                                    (r.deadline.working_days ? " working days" : " days")
                                              : std::string("no number of days (promptly / not stated)"))
            << "   [" << r.source << "]\n";
}

void PrintProfile(const govern::Profile& p, bool active) {
  auto row = [](std::string_view label, const std::string& value, const std::string& source) {
    std::cout << "  " << std::left << std::setw(30) << label << value << "   [" << source << "]\n";
  };
  std::cout << p.name << (active ? " (active)" : "") << ": " << p.title << "\n  text: " << p.regulation << "\n"
            << "  effective on: " << (p.effective_on ? govern::FormatCivilDate(*p.effective_on) : "not known") << "\n";
  row("minimum retention", std::to_string(p.min_retention_days.value) + " days", p.min_retention_days.source);
  row("after the minimum", std::string(ToString(p.after_minimum.value)), p.after_minimum.source);
  row("important information", Days(p.important_retention_days.value, "not set"), p.important_retention_days.source);
  PrintRule(std::string("system filing (from ") + std::string(ToString(p.system_filing.from)) + ")", p.system_filing);
  row("systems built before", Days(p.pre_existing_filing_days.value, "no rule"), p.pre_existing_filing_days.source);
  PrintRule("change report", p.change_report);
  PrintRule("dismantling filing", p.dismantling_filing);
  row("persons at a retrieval",
      p.retrieval_min_persons.value ? "at least " + std::to_string(*p.retrieval_min_persons.value) : "not stated",
      p.retrieval_min_persons.source);
  row("subject access (R412)", p.subject_access.value ? "yes" : "no", p.subject_access.source);
  row("lighter duties, tier 2 (R109)", p.tier2_lighter_duties.value ? "yes" : "no", p.tier2_lighter_duties.source);
}

int Show(int argc, char** argv) {
  std::string data, name;
  bool json = false;
  po::options_description opts("profile show");
  AddDataOption(opts, data);
  opts.add_options()("name", po::value(&name), "a profile (default: the installation's)")(
      "json", po::bool_switch(&json), "print JSON");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos profile show [NAME] [--json]",
                     "Prints a jurisdiction profile: every number with the article it comes from.", &pos);
  if (rc >= 0) return rc;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("profile show", gov.error());
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("profile show", catalog.error());
  Result<std::string> active = govern::ActiveProfileName(**catalog);
  if (!active) return Fail("profile show", active.error());
  Result<const govern::Profile*> p = gov->profiles.Find(name.empty() ? *active : name);
  if (!p) return Fail("profile show", p.error());
  if (json) {
    nlohmann::json j = govern::ProfileJson(**p);
    j["active"] = (*p)->name == *active;
    std::cout << Dump(j, 2) << "\n";
  } else {
    PrintProfile(**p, (*p)->name == *active);
  }
  return 0;
}

int Set(int argc, char** argv) {
  std::string data, name;
  po::options_description opts("profile set");
  AddDataOption(opts, data);
  opts.add_options()("name", po::value(&name)->required(), "the profile");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos profile set NAME",
                     "Chooses the installation's jurisdiction profile (custos profile list): retention,\n"
                     "retrieval, filing deadlines and the compliance report all follow it. Refused while\n"
                     "`custos serve` runs on the folder (its retention rules are fixed at start): stop it,\n"
                     "set the profile, start it again. The change, or the refusal, is audited as config_change\n"
                     "(actor cli:<OS login>).", &pos);
  if (rc >= 0) return rc;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("profile set", gov.error());
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("profile set", catalog.error());
  Result<std::string> before = govern::ActiveProfileName(**catalog);
  if (!before) return Fail("profile set", before.error());
  auto auditor = CliAuditor::Open(data);
  if (!auditor) return Fail("profile set", auditor.error());
  AuditEvent e = (*auditor)->Event("config_change");
  e.detail = "jurisdiction profile " + *before + " -> " + name;
  // Held while changing, so a daemon cannot start with half of it.
  auto lock = DataDirLock::Acquire(data);
  if (!lock) {
    return Fail("profile set", (*auditor)->Refuse(e, FailedPrecondition("custos serve is running on " + data +
                                                                      "; stop it, set the profile, then start it "
                                                                      "again (its retention rules are read at start)")));
  }
  Status s = (*auditor)->Run(
      e, [&](AuditEvent&) { return govern::SetActiveProfile(**catalog, gov->profiles, name); },
      [&] { return govern::SetActiveProfile(**catalog, gov->profiles, *before); });
  if (!s.ok()) return Fail("profile set", s);
  std::cout << "profile " << name << " is now the installation's (was " << *before << ")\n";
  return 0;
}

int List(int argc, char** argv) {
  std::string data;
  po::options_description opts("profile list");
  AddDataOption(opts, data);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos profile list", "Lists the shipped jurisdiction profiles.");
  if (rc >= 0) return rc;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("profile list", gov.error());
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("profile list", catalog.error());
  Result<std::string> active = govern::ActiveProfileName(**catalog);
  if (!active) return Fail("profile list", active.error());
  for (const std::string& n : gov->profiles.Names()) {
    std::cout << (n == *active ? "* " : "  ") << std::left << std::setw(22) << n << (*gov->profiles.Find(n))->title
              << "\n";
  }
  std::cout << "(from " << gov->profiles.dir() << ")\n";
  return 0;
}

int Categories(int argc, char** argv) {
  po::options_description opts("profile categories");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos profile categories",
                     "Lists the site categories (R102) with their tier (R109); forbidden ones are private "
                     "places (R103).");
  if (rc >= 0) return rc;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("profile categories", gov.error());
  for (const govern::SiteCategory& c : gov->taxonomy.categories()) {
    std::cout << std::left << std::setw(28) << c.id << std::setw(10) << ToString(c.tier) << c.name << "  ["
              << c.source << "]\n";
  }
  return 0;
}

}  // namespace

int Profile(int argc, char** argv) {
  const std::string usage = "usage: custos profile list|show|set|categories [options]   (--help on each)\n";
  const std::string sub = argc < 2 ? "" : argv[1];
  if (sub == "show") return Show(argc - 1, argv + 1);
  if (sub == "set") return Set(argc - 1, argv + 1);
  if (sub == "list") return List(argc - 1, argv + 1);
  if (sub == "categories") return Categories(argc - 1, argv + 1);
  if (sub == "--help" || sub == "-h") {
    std::cout << usage;
    return 0;
  }
  std::cerr << usage;
  return 2;
}

int Compliance(int argc, char** argv) {
  std::string data, profile;
  bool json = false;
  po::options_description opts("compliance report");
  AddDataOption(opts, data);
  opts.add_options()("profile", po::value(&profile), "judge under this profile (default: the installation's)")(
      "json", po::bool_switch(&json), "print JSON");
  po::variables_map vm;
  if (argc < 2 || std::string(argv[1]) != "report") {
    std::cerr << "usage: custos compliance report [--profile P] [--json]\n";
    return 2;
  }
  int rc = ParseArgs(argc - 1, argv + 1, opts, vm, "custos compliance report [--profile P] [--json]",
                     "Every requirement of REQUIREMENTS.md with its state on this installation: met, not_met\n"
                     "(with why), not_applicable (under the profile) or not_implemented (by Custos), and the\n"
                     "evidence, computed from the catalog and the data folder now. Exit status 0 either way.");
  if (rc >= 0) return rc;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("compliance report", gov.error());
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("compliance report", catalog.error());
  Result<const govern::Profile*> p =
      profile.empty() ? govern::ActiveProfile(**catalog, gov->profiles) : gov->profiles.Find(profile);
  if (!p) return Fail("compliance report", p.error());
  const govern::CivilDate today = Today();
  Result<govern::ComplianceInput> in = govern::ReadComplianceInput(**catalog, **p, gov->taxonomy, data, today);
  if (!in) return Fail("compliance report", in.error());
  const std::vector<govern::ComplianceLine> lines = govern::RunComplianceChecks(*in);
  if (json) {
    std::cout << Dump(govern::ComplianceJson(**p, today, lines), 2) << "\n";
    return 0;
  }
  std::cout << "Compliance of " << data << " under " << (*p)->name << " on " << govern::FormatCivilDate(today)
            << "\n\n";
  for (const govern::ComplianceLine& l : lines) {
    std::cout << std::left << std::setw(6) << l.id << std::setw(17) << ToString(l.state) << l.requirement << "\n"
              << std::setw(23) << "" << l.evidence << "\n";
  }
  return 0;
}

}  // namespace custos::cli
