// `custos filing list|done|package`, `custos document add|list|verify` and
// `custos record add|list`: filings (R201-R204), documents (R205), records (R301-R304).
// What changes (filing done, document add, record add) is audited (cli_audit.h).
#include <iomanip>
#include <iostream>

#include "cli/registry_cli.h"
#include "govern/filings.h"
#include "govern/govern_json.h"

namespace custos::cli {

namespace {

int FilingList(int argc, char** argv) {
  std::string data;
  bool overdue = false, json = false;
  po::options_description opts("filing list");
  AddDataOption(opts, data);
  opts.add_options()("overdue", po::bool_switch(&overdue), "only overdue filings")(
      "json", po::bool_switch(&json), "print JSON lines");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos filing list [--overdue] [--json]",
                     "Lists filings owed to the public security organ with their deadlines under the\n"
                     "installation's profile (working days count Monday-Friday; holidays are not modelled).\n"
                     "Exit status 3 when --overdue finds any.");
  if (rc >= 0) return rc;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("filing list", gov.error());
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("filing list", catalog.error());
  auto p = govern::ActiveProfile(**catalog, gov->profiles);
  if (!p) return Fail("filing list", p.error());
  auto filings = govern::ListFilingStatus(**catalog, **p, Today());
  if (!filings) return Fail("filing list", filings.error());
  int shown = 0;
  for (const govern::FilingStatus& f : *filings) {
    if (overdue && !f.overdue) continue;
    ++shown;
    if (json) {
      std::cout << Dump(govern::FilingJson(f)) << "\n";
      continue;
    }
    std::cout << std::left << "#" << std::setw(5) << f.filing.id << std::setw(12) << ToString(f.filing.filing.kind)
              << std::setw(12) << f.filing.filing.camera_id << "event " << f.filing.filing.trigger_on << "  "
              << (f.open ? (f.overdue ? "OVERDUE, due " : "due ") + f.due_text
                         : "filed " + f.filing.filed_on + " (" + f.filing.receipt_ref + ")")
              << "   [" << f.source << "]\n";
  }
  if (!json && shown == 0) std::cout << (overdue ? "no overdue filings" : "no filings") << " under " << (*p)->name << "\n";
  return overdue && shown > 0 ? 3 : 0;
}

int FilingDone(int argc, char** argv) {
  std::string data, on, ref;
  int64_t id = 0;
  po::options_description opts("filing done");
  AddDataOption(opts, data);
  opts.add_options()("id", po::value(&id)->required(), "the filing's number")(
      "on", po::value(&on), "the date it was filed, YYYY-MM-DD (default: today)")(
      "ref", po::value(&ref)->required(), "the organ's receipt reference");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos filing done ID --ref RECEIPT [--on DATE]",
                     "Records that a filing was made. Audited as filing_done (actor cli:<OS login>).", &pos);
  if (rc >= 0) return rc;
  if (on.empty()) on = govern::FormatCivilDate(Today());
  if (auto d = govern::ParseCivilDate(on, "--on"); !d) return Fail("filing done", d.error());
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("filing done", catalog.error());
  auto auditor = CliAuditor::Open(data);
  if (!auditor) return Fail("filing done", auditor.error());
  AuditEvent e = (*auditor)->Event("filing_done");
  e.detail = "filing " + std::to_string(id) + " filed on " + on + ", receipt " + ref;
  Status s = (*auditor)->Run(e, [&](AuditEvent& ev) {
    auto filings = (*catalog)->ListFilings();
    if (filings) {
      for (const auto& f : *filings) {
        if (f.id == id && !f.filing.camera_id.empty()) ev.camera_ids = {f.filing.camera_id};
      }
    }
    return (*catalog)->MarkFiled(id, on, ref);
  });
  if (!s.ok()) return Fail("filing done", s);
  std::cout << "filing " << id << " filed on " << on << "\n";
  return 0;
}

int FilingPackage(int argc, char** argv) {
  std::string data, out;
  po::options_description opts("filing package");
  AddDataOption(opts, data);
  opts.add_options()("out", po::value(&out)->required(), "folder to write the package into");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos filing package --out DIR",
                     "Writes a filing package (R204): cameras.csv, equipment.csv, points.geojson and\n"
                     "summary.json (units, camera count, retention days, documents with SHA-256).\n"
                     "The package is confidential (R408).");
  if (rc >= 0) return rc;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("filing package", gov.error());
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("filing package", catalog.error());
  auto p = govern::ActiveProfile(**catalog, gov->profiles);
  if (!p) return Fail("filing package", p.error());
  auto files = govern::WriteFilingPackage(**catalog, **p, gov->taxonomy, out, Today());
  if (!files) return Fail("filing package", files.error());
  for (const std::string& f : *files) std::cout << f << "\n";
  return 0;
}

int DocumentCmd(int argc, char** argv) {
  std::string data, file, kind, title, parties;
  po::options_description opts("document");
  AddDataOption(opts, data);
  opts.add_options()("file", po::value(&file), "add: the file to archive")(
      "kind", po::value(&kind), "add: design, construction, acceptance or maintenance")(
      "title", po::value(&title), "add: a title (default: the file name)")(
      "parties", po::value(&parties), "add: the units and technicians involved (R205)");
  const std::string sub = argc < 2 ? "" : argv[1];
  if (sub != "add" && sub != "list" && sub != "verify") {
    std::cerr << "usage: custos document add --file F --kind K [--title T] [--parties P] | list | verify\n";
    return 2;
  }
  po::variables_map vm;
  int rc = ParseArgs(argc - 1, argv + 1, opts, vm, "custos document " + sub + " [options]",
                     "Archives design, construction, acceptance and maintenance documents in DATA/documents/\n"
                     "with their SHA-256 (R205); verify recomputes every hash. Exit status 1 if one differs.\n"
                     "add is audited as document_add (actor cli:<OS login>).");
  if (rc >= 0) return rc;
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("document", catalog.error());
  if (sub == "add") {
    std::optional<DocumentKind> k = ParseDocumentKind(kind);
    if (!k) return Fail("document add", InvalidArgument("--kind must be design, construction, acceptance or maintenance"));
    if (file.empty()) return Fail("document add", InvalidArgument("--file is required"));
    auto auditor = CliAuditor::Open(data);
    if (!auditor) return Fail("document add", auditor.error());
    AuditEvent e = (*auditor)->Event("document_add");
    e.detail = std::string(ToString(*k)) + " document " + file;
    std::optional<DocumentRecord> d;
    Status s = (*auditor)->Run(e, [&](AuditEvent& ev) {
      auto archived = govern::ArchiveDocument(**catalog, data, file, *k, title, parties);
      if (!archived) return archived.error();
      d = *archived;
      ev.detail += " archived as document " + std::to_string(d->id) + " (" + d->file_path + ", sha256 " +
                   d->sha256_hex + ")";
      return Status::Ok();
    });
    if (!s.ok()) return Fail("document add", s);
    std::cout << "document " << d->id << " archived as " << d->file_path << "\nsha256 " << d->sha256_hex << "\n";
    return 0;
  }
  if (sub == "list") {
    auto docs = (*catalog)->ListDocuments();
    if (!docs) return Fail("document list", docs.error());
    for (const DocumentRecord& d : *docs) std::cout << Dump(govern::DocumentJson(d)) << "\n";
    return 0;
  }
  auto problems = govern::VerifyDocuments(**catalog, data);
  if (!problems) return Fail("document verify", problems.error());
  for (const std::string& p : *problems) std::cout << p << "\n";
  if (problems->empty()) std::cout << "every archived document matches its SHA-256\n";
  return problems->empty() ? 0 : 1;
}

int RecordCmd(int argc, char** argv) {
  std::string data, kind, on, persons, text;
  po::options_description opts("record");
  AddDataOption(opts, data);
  opts.add_options()("kind", po::value(&kind), "training, maintenance, inspection or duty")(
      "on", po::value(&on), "add: the date, YYYY-MM-DD (default: today)")(
      "persons", po::value(&persons), "add: who took part")("text", po::value(&text), "add: what was done");
  const std::string sub = argc < 2 ? "" : argv[1];
  if (sub != "add" && sub != "list") {
    std::cerr << "usage: custos record add --kind K --text T [--on DATE] [--persons P] | list [--kind K]\n";
    return 2;
  }
  po::variables_map vm;
  int rc = ParseArgs(argc - 1, argv + 1, opts, vm, "custos record " + sub + " [options]",
                     "Dated operations records: training (R303), maintenance (R301), inspection (R304) and\n"
                     "duty (R302). add is audited as record_add (actor cli:<OS login>, also the record's\n"
                     "entered_by).");
  if (rc >= 0) return rc;
  auto catalog = OpenGovernCatalog(data);
  if (!catalog) return Fail("record", catalog.error());
  if (sub == "list") {
    auto records = (*catalog)->ListOpsRecords();
    if (!records) return Fail("record list", records.error());
    for (const OpsRecord& r : *records) {
      if (kind.empty() || ToString(r.kind) == kind) std::cout << Dump(govern::OpsRecordJson(r)) << "\n";
    }
    return 0;
  }
  std::optional<OpsRecordKind> k = ParseOpsRecordKind(kind);
  if (!k) return Fail("record add", InvalidArgument("--kind must be training, maintenance, inspection or duty"));
  OpsRecord r;
  r.kind = *k;
  r.on_date = on.empty() ? govern::FormatCivilDate(Today()) : on;
  r.persons = persons;
  r.description = text;
  auto auditor = CliAuditor::Open(data);
  if (!auditor) return Fail("record add", auditor.error());
  r.entered_by = (*auditor)->actor();
  AuditEvent e = (*auditor)->Event("record_add");
  e.detail = std::string(ToString(r.kind)) + " record of " + r.on_date;
  int64_t id = 0;
  Status s = (*auditor)->Run(e, [&](AuditEvent& ev) {
    auto added = govern::AddOpsRecord(**catalog, r);
    if (!added) return added.error();
    id = *added;
    ev.detail = std::string(ToString(r.kind)) + " record " + std::to_string(id) + " of " + r.on_date + ": " +
                r.description;
    return Status::Ok();
  });
  if (!s.ok()) return Fail("record add", s);
  std::cout << "record " << id << " added\n";
  return 0;
}

}  // namespace

int Filing(int argc, char** argv) {
  const std::string sub = argc < 2 ? "" : argv[1];
  if (sub == "list") return FilingList(argc - 1, argv + 1);
  if (sub == "done") return FilingDone(argc - 1, argv + 1);
  if (sub == "package") return FilingPackage(argc - 1, argv + 1);
  std::cerr << "usage: custos filing list|done|package [options]   (--help on each)\n";
  return sub == "--help" || sub == "-h" ? 0 : 2;
}

int Document(int argc, char** argv) { return DocumentCmd(argc, argv); }
int Record(int argc, char** argv) { return RecordCmd(argc, argv); }

}  // namespace custos::cli
