// `custos audit verify|list|register|inspection`: reads the audit log (DATA/audit.db).
#include <fstream>
#include <iostream>

#include "audit/audit_report.h"
#include "audit/audit_verify.h"
#include "cli/cli.h"
#include "cli/govern_cli.h"
#include "retention/audit_reports.h"
#include "retention/retention_status.h"

namespace custos::cli {

namespace {

Result<std::unique_ptr<SqliteDb>> OpenForReading(const std::string& data) {
  return OpenAuditDb(AuditLogPath(data), /*read_only=*/true);
}

// The key checkpoints must be signed with: --public-key, else this node's own.
Result<PublicKey> ExpectedKey(const std::string& data, const std::string& hex) {
  if (!hex.empty()) return ParsePublicKeyHex(hex);
  auto key = NodeKey::Load(data);
  if (!key) return Err(key.error().With("no node key to check signatures against; pass --public-key HEX"));
  return key->public_key();
}

int VerifyLog(int argc, char** argv) {
  std::string data, public_key;
  po::options_description opts("audit verify");
  AddDataOption(opts, data);
  opts.add_options()("public-key", po::value(&public_key),
                     "the node's Ed25519 public key (hex) as filed elsewhere; default: DATA/secrets");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos audit verify [--data DIR] [--public-key HEX]",
                     "Recomputes the audit log's hash chain and checks every signed checkpoint. Reports each\n"
                     "entry edited, deleted, inserted or reordered, each forged or missing checkpoint and a\n"
                     "cut tail, by sequence number. Exit status 0 when intact, 1 otherwise.");
  if (rc >= 0) return rc;
  auto key = ExpectedKey(data, public_key);
  if (!key) return Fail("audit verify", key.error());
  auto db = OpenForReading(data);
  if (!db) return Fail("audit verify", db.error());
  auto report = VerifyAuditLog(**db, *key);
  if (!report) return Fail("audit verify", report.error());
  for (const auto& p : report->problems) {
    std::cout << "seq " << p.seq << ": " << AuditProblemName(p.problem) << ": " << p.message << "\n";
  }
  for (const auto& n : report->notes) std::cout << "note: " << n << "\n";
  std::cout << "audit verify: " << report->entries << " entries (last seq " << report->last_seq << "), "
            << report->checkpoints << " checkpoints, signed up to seq " << report->last_signed_seq << "; "
            << (report->ok() ? "intact" : std::to_string(report->problems.size()) + " problems") << "\n";
  return report->ok() ? 0 : 1;
}

std::string Opt(const std::optional<WallTime90k>& t) { return t ? FormatIso8601(*t) : "-"; }

int List(int argc, char** argv) {
  std::string data, from, to, actor, camera;
  bool csv = false;
  po::options_description opts("audit list");
  AddDataOption(opts, data);
  opts.add_options()("from", po::value(&from), "entries at or after this time (ISO 8601)")(
      "to", po::value(&to), "entries before this time")("actor", po::value(&actor), "only this user")(
      "camera", po::value(&camera), "only entries naming this camera")("csv", po::bool_switch(&csv), "CSV output");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos audit list [--from T] [--to T] [--actor U] [--camera C] [--csv]",
                     "Prints audit entries in order. Reading the log is itself not audited here: the CLI\n"
                     "needs access to the data folder, which only the operating system protects.");
  if (rc >= 0) return rc;
  AuditFilter f;
  f.actor = actor;
  f.camera = camera;
  if (!from.empty()) {
    auto t = ParseTimeOption("from", from);
    if (!t) return Fail("audit list", t.error());
    f.from_wall_90k = *t;
  }
  if (!to.empty()) {
    auto t = ParseTimeOption("to", to);
    if (!t) return Fail("audit list", t.error());
    f.to_wall_90k = *t;
  }
  auto db = OpenForReading(data);
  if (!db) return Fail("audit list", db.error());
  auto entries = ReadAuditEntries(**db, f);
  if (!entries) return Fail("audit list", entries.error());
  ReportTable t{"Audit entries",
                {"seq", "when", "actor", "action", "outcome", "cameras", "from", "to", "purpose", "destination",
                 "request", "client", "detail"},
                {}};
  for (const auto& s : *entries) {
    const AuditEvent& e = s.entry.event;
    std::string cams;
    for (const auto& c : e.camera_ids) cams += (cams.empty() ? "" : " ") + c;
    t.rows.push_back({std::to_string(s.entry.seq), FormatIso8601(s.entry.wall_90k), e.actor, e.action, e.outcome, cams,
                      Opt(e.from_wall_90k), Opt(e.to_wall_90k), e.purpose, e.destination, e.request_id, e.client,
                      e.detail});
  }
  std::cout << (csv ? ReportToCsv(Report{"", {}, {t}}) : TablesToText({t}));
  return 0;
}

struct ReportArgs {
  std::string data, from, to, format = "csv", output;
};

int ParseReportArgs(int argc, char** argv, const std::string& name, const std::string& description, ReportArgs& a) {
  po::options_description opts("audit " + name);
  AddDataOption(opts, a.data);
  opts.add_options()("from", po::value(&a.from)->required(), "start of the period (ISO 8601)")(
      "to", po::value(&a.to)->required(), "end of the period (excluded)")(
      "format", po::value(&a.format)->default_value("csv"), "csv or pdf")(
      "output,o", po::value(&a.output), "file to write (default: standard output)");
  po::variables_map vm;
  return ParseArgs(argc, argv, opts, vm, "custos audit " + name + " --from T --to T [--format csv|pdf] [-o FILE]",
                   description);
}

int WriteReport(const std::string& cmd, const Report& r, const ReportArgs& a) {
  const std::string bytes = a.format == "pdf" ? ReportToPdf(r) : ReportToCsv(r);
  if (a.output.empty()) {
    std::cout << bytes;
    return 0;
  }
  std::ofstream f(a.output, std::ios::binary | std::ios::trunc);
  f << bytes;
  if (!f.flush()) return Fail(cmd, Unavailable("cannot write " + a.output));
  std::cerr << "wrote " << a.output << " (" << bytes.size() << " bytes)\n";
  return 0;
}

int RunReport(int argc, char** argv, bool inspection) {
  const std::string name = inspection ? "inspection" : "register";
  const std::string cmd = "audit " + name;
  ReportArgs a;
  int rc = ParseReportArgs(argc, argv, name,
                           inspection ? "The inspection report of R702 for a period: the audit log's verification,\n"
                                        "audited actions, retrievals, refusals, retention rules and holds."
                                      : "The retrieval register of R401 for a period: who recorded, who retrieved,\n"
                                        "when, what footage, for what purpose, and where any copy went.",
                           a);
  if (rc >= 0) return rc;
  if (a.format != "csv" && a.format != "pdf") return Fail(cmd, InvalidArgument("--format must be csv or pdf"));
  auto from = ParseTimeOption("from", a.from);
  if (!from) return Fail(cmd, from.error());
  auto to = ParseTimeOption("to", a.to);
  if (!to) return Fail(cmd, to.error());
  if (*to <= *from) return Fail(cmd, InvalidArgument("--to must be after --from"));
  auto db = OpenForReading(a.data);
  if (!db) return Fail(cmd, db.error());
  auto catalog = OpenGovernCatalog(a.data);
  if (!catalog) return Fail(cmd, catalog.error());
  auto key = ExpectedKey(a.data, "");
  if (!key) return Fail(cmd, key.error());
  auto policy = OpenPolicy(a.data);
  if (!policy) return Fail(cmd, policy.error());
  const AuditReportKind kind = inspection ? AuditReportKind::kInspection : AuditReportKind::kRetrievalRegister;
  auto report = BuildAuditReport(kind, ReportPeriod{*from, *to}, AuditReportSources{**db, **catalog, *key, *policy},
                                 RealClock::Get().Now());
  if (!report) return Fail(cmd, report.error());
  return WriteReport(cmd, *report, a);
}

}  // namespace

int Audit(int argc, char** argv) {
  const std::string usage =
      "usage: custos audit verify|list|register|inspection [options]   (--help on each)\n"
      "  verify      check the hash chain and signatures; says which entry was altered\n"
      "  list        print entries (filters: --from --to --actor --camera; --csv)\n"
      "  register    the retrieval register (R401) for a period, CSV or PDF\n"
      "  inspection  the inspection report (R702) for a period, CSV or PDF\n";
  return RunSubcommand("audit", usage, argc, argv,
                       {{"verify", VerifyLog},
                        {"list", List},
                        {"register", [](int c, char** v) { return RunReport(c, v, false); }},
                        {"inspection", [](int c, char** v) { return RunReport(c, v, true); }}});
}

}  // namespace custos::cli
