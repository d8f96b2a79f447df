// `custos privacy zone add|list|remove CAMERA`: a camera's privacy zones (R104), polygons in
// fractions 0..1 of the picture that every decoded output fills opaquely. Changes are
// audited as privacy_zone_change (cli_audit.h; actor cli:<OS login>), refusals too.
#include <functional>
#include <iostream>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/cli_audit.h"
#include "privacy/zone.h"
#include "server/data_dir.h"

namespace custos::cli {

namespace {

using privacy::PrivacyZone;

// The camera's zones; their stored JSON in `json` if given (to put back on an undo).
Result<std::vector<PrivacyZone>> LoadZones(Catalog& catalog, const std::string& camera, std::string* json = nullptr) {
  Result<std::string> stored = catalog.GetPrivacyZonesJson(camera);
  if (!stored) return Err(stored.error());
  if (json != nullptr) *json = *stored;
  return privacy::ZonesFromJson(*stored);
}

AuditEvent ZoneEvent(const CliAuditor& auditor, const std::string& camera, const std::string& detail) {
  AuditEvent e = auditor.Event("privacy_zone_change");
  e.camera_ids = {camera};
  e.detail = detail;
  return e;
}

// Parses the options, opens the catalog (and, for a change, the audit log: `auditor` is
// null for list) and runs `body`.
int WithCatalog(int argc, char** argv, const std::string& what, po::options_description& opts,
                std::string& camera, const std::string& usage, const std::string& help, bool audited,
                const std::function<int(Catalog&, CliAuditor*)>& body) {
  std::string data;
  AddDataOption(opts, data);
  opts.add_options()("camera", po::value(&camera)->required(), "camera id");
  po::positional_options_description pos;
  pos.add("camera", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, usage, help, &pos);
  if (rc >= 0) return rc;
  auto catalog = Catalog::Open(CatalogPath(data));
  if (!catalog) return Fail(what, catalog.error());
  std::unique_ptr<CliAuditor> auditor;
  if (audited) {
    auto opened = CliAuditor::Open(data);
    if (!opened) return Fail(what, opened.error());
    auditor = std::move(*opened);
  }
  return body(**catalog, auditor.get());
}

// Stores `zones` as the camera's, audited with `detail`; the old zones come back if the
// change cannot be audited.
Status SaveZones(Catalog& catalog, CliAuditor& auditor, const std::string& camera, const std::string& before_json,
                 const std::vector<PrivacyZone>& zones, const std::string& detail) {
  return auditor.Run(
      ZoneEvent(auditor, camera, detail),
      [&](AuditEvent& ev) -> Status {
        CUSTOS_RETURN_IF_ERROR(privacy::ValidateZones(zones));
        ev.detail += "; now " + std::to_string(zones.size()) + " zone(s)";
        return catalog.SetPrivacyZonesJson(camera, privacy::ZonesToJson(zones));
      },
      [&] { return catalog.SetPrivacyZonesJson(camera, before_json); });
}

void Print(const std::vector<PrivacyZone>& zones) {
  if (zones.empty()) std::cout << "no privacy zones\n";
  for (size_t i = 0; i < zones.size(); ++i) {
    std::cout << i + 1 << "  " << (zones[i].name.empty() ? "(unnamed)" : zones[i].name) << ":";
    for (const auto& p : zones[i].points) std::cout << " " << p.x << "," << p.y;
    std::cout << "\n";
  }
}

int Add(int argc, char** argv) {
  std::string camera, name, points;
  po::options_description opts("privacy zone add");
  opts.add_options()("points", po::value(&points)->required(),
                     "corners in order, \"x,y x,y x,y ...\" as fractions 0..1 of width and height")(
      "name", po::value(&name), "a label, e.g. \"neighbour's window\"");
  return WithCatalog(
      argc, argv, "privacy zone add", opts, camera, "custos privacy zone add CAMERA --points \"x,y x,y x,y\" [--name N]",
      "Adds a privacy zone: the polygon is filled opaquely in stills, transcoded live and masked exports.\n"
      "Recordings keep the original picture. Audited as privacy_zone_change (actor cli:<OS login>).",
      true, [&](Catalog& catalog, CliAuditor* auditor) {
        std::string before;
        auto zones = LoadZones(catalog, camera, &before);
        if (!zones) return Fail("privacy zone add", zones.error());
        const std::string detail = "zone '" + name + "' added: " + points;
        auto parsed = privacy::ParsePointList(points);
        if (!parsed) {
          return Fail("privacy zone add",
                      auditor->Refuse(ZoneEvent(*auditor, camera, detail), parsed.error().With("--points")));
        }
        zones->push_back({name, *parsed});
        Status s = SaveZones(catalog, *auditor, camera, before, *zones, detail);
        if (!s.ok()) return Fail("privacy zone add", s);
        Print(*zones);
        return 0;
      });
}

int List(int argc, char** argv) {
  std::string camera;
  po::options_description opts("privacy zone list");
  return WithCatalog(argc, argv, "privacy zone list", opts, camera, "custos privacy zone list CAMERA",
                     "Lists the camera's privacy zones, numbered.", false, [&](Catalog& catalog, CliAuditor*) {
                       auto zones = LoadZones(catalog, camera);
                       if (!zones) return Fail("privacy zone list", zones.error());
                       Print(*zones);
                       return 0;
                     });
}

int Remove(int argc, char** argv) {
  std::string camera;
  size_t number = 0;
  bool all = false;
  po::options_description opts("privacy zone remove");
  opts.add_options()("number", po::value(&number), "the zone's number in `list`")(
      "all", po::bool_switch(&all), "remove every zone of the camera");
  return WithCatalog(
      argc, argv, "privacy zone remove", opts, camera, "custos privacy zone remove CAMERA (--number N | --all)",
      "Removes privacy zones. Exports made before keep their masks. Audited as privacy_zone_change\n"
      "(actor cli:<OS login>).",
      true, [&](Catalog& catalog, CliAuditor* auditor) {
        std::string before;
        auto zones = LoadZones(catalog, camera, &before);
        if (!zones) return Fail("privacy zone remove", zones.error());
        std::string detail;
        if (all) {
          detail = "all " + std::to_string(zones->size()) + " zone(s) removed";
          zones->clear();
        } else if (number >= 1 && number <= zones->size()) {
          detail = "zone " + std::to_string(number) + " '" + (*zones)[number - 1].name + "' removed";
          zones->erase(zones->begin() + static_cast<std::ptrdiff_t>(number - 1));
        } else {
          return Fail("privacy zone remove",
                      auditor->Refuse(ZoneEvent(*auditor, camera, "zone removal"), InvalidArgument("give --all or --number between 1 and " +
                                                         std::to_string(zones->size()) + " (see `custos privacy zone list " +
                                                         camera + "`)")));
        }
        Status s = SaveZones(catalog, *auditor, camera, before, *zones, detail);
        if (!s.ok()) return Fail("privacy zone remove", s);
        Print(*zones);
        return 0;
      });
}

}  // namespace

int Privacy(int argc, char** argv) {
  const std::string usage = "usage: custos privacy zone add|list|remove CAMERA [options]   (--help on each)\n";
  if (argc < 3 || std::string(argv[1]) != "zone") {
    std::cerr << usage;
    return 2;
  }
  const std::string sub = argv[2];
  if (sub == "add") return Add(argc - 2, argv + 2);
  if (sub == "list") return List(argc - 2, argv + 2);
  if (sub == "remove" || sub == "rm") return Remove(argc - 2, argv + 2);
  std::cerr << "custos privacy zone: unknown subcommand '" << sub << "'\n" << usage;
  return 2;
}

}  // namespace custos::cli
