// `custos camera add|update|list|remove`: edits the catalog (the registry through
// govern::Registry, whose refusals hold here too: R103, R206, R108); a running daemon
// notices within 1 s. Every change and refusal is audited (cli_audit.h): camera_change,
// or refused with the rule.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/cli_audit.h"
#include "cli/registry_cli.h"
#include "govern/govern_json.h"
#include "server/data_dir.h"

namespace custos::cli {

namespace {

Result<std::unique_ptr<Catalog>> OpenCatalog(const std::string& data_dir) {
  Status s = MakeDataDir(data_dir);
  if (!s.ok()) return Err(s);
  return Catalog::Open(CatalogPath(data_dir));
}

int Add(int argc, char** argv) {
  std::string data, id, name, url, user, password, transport;
  po::options_description opts("camera add");
  AddDataOption(opts, data);
  opts.add_options()("id", po::value(&id)->required(), "short id: lowercase letters, digits, - and _")(
      "url", po::value(&url)->required(), "rtsp://host[:port]/path (credentials go in --user/--password)")(
      "name", po::value(&name), "a name for people (default: the id)")("user", po::value(&user), "RTSP user name")(
      "password", po::value(&password), "RTSP password")(
      "transport", po::value(&transport)->default_value("tcp"), "tcp (interleaved) or udp");
  AddRegistryOptions(opts);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos camera add --id ID --url rtsp://... [registry options]",
                     "Registers a camera. It is recorded once it is in use (--state in_use), which needs\n"
                     "the date it passed acceptance (--accepted-on, R206); --state defaults to in_use when\n"
                     "--accepted-on is given, else planned. A private site category (hotel room, toilet,\n"
                     "changing room, ...) is refused (R103): nobody can override that. The change, or the\n"
                     "refusal with its rule, is audited (actor cli:<OS login>).");
  if (rc >= 0) return rc;
  auto t = ParseTransport(transport);
  if (!t) return Fail("camera add", InvalidArgument("--transport must be tcp or udp, not '" + transport + "'"));
  Result<govern::RegistryChange> fields = RegistryChangeFrom(vm);
  if (!fields) return Fail("camera add", fields.error());
  if (!fields->lifecycle) fields->lifecycle = fields->accepted_on ? Lifecycle::kInUse : Lifecycle::kPlanned;
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("camera add", gov.error());
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("camera add", catalog.error());
  auto auditor = CliAuditor::Open(data);
  if (!auditor) return Fail("camera add", auditor.error());
  CameraConfig c;
  c.id = id;
  c.name = name;
  c.url = url;
  c.username = user;
  c.password = password;
  c.transport = *t;
  CameraRegistry registry;
  govern::Apply(*fields, registry);
  govern::Registry reg(**catalog, gov->taxonomy, auditor->get(), (*auditor)->actor(), Today());
  Status s = reg.Register(c, registry);
  if (!s.ok()) return Fail("camera add", s);
  std::cout << "camera " << id << " added (" << ToString(registry.lifecycle) << ")"
            << (IsRecordedLifecycle(registry.lifecycle) ? "" : "; it is recorded once in use: custos camera update " + id +
                                                                   " --state ...")
            << "\n";
  return 0;
}

int Update(int argc, char** argv) {
  std::string data, id;
  po::options_description opts("camera update");
  AddDataOption(opts, data);
  opts.add_options()("id", po::value(&id)->required(), "the camera's id");
  AddRegistryOptions(opts);
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos camera update [--id] ID [registry options]",
                     "Changes a camera's registry entry; only the options given change. The lifecycle moves\n"
                     "planned -> accepted -> in_use <-> changed, any -> dismantled (R206). A private site\n"
                     "category is refused (R103). A camera in use that moves opens a change report (R202).\n"
                     "The change, or the refusal with its rule, is audited (actor cli:<OS login>).",
                     &pos);
  if (rc >= 0) return rc;
  Result<govern::RegistryChange> fields = RegistryChangeFrom(vm);
  if (!fields) return Fail("camera update", fields.error());
  Result<GovernData> gov = LoadGovernData();
  if (!gov) return Fail("camera update", gov.error());
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("camera update", catalog.error());
  auto auditor = CliAuditor::Open(data);
  if (!auditor) return Fail("camera update", auditor.error());
  govern::Registry reg(**catalog, gov->taxonomy, auditor->get(), (*auditor)->actor(), Today());
  Status s = reg.Change(id, *fields);
  if (!s.ok()) return Fail("camera update", s);
  auto camera = (*catalog)->GetCamera(id);
  if (!camera) return Fail("camera update", camera.error());
  std::cout << "camera " << id << " updated ("
            << (camera->registry ? ToString(camera->registry->lifecycle) : "unregistered") << ")\n";
  return 0;
}

int Remove(int argc, char** argv) {
  std::string data, id;
  po::options_description opts("camera remove");
  AddDataOption(opts, data);
  opts.add_options()("id", po::value(&id)->required(), "the camera's id");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos camera remove [--id] ID",
                     "Stops recording a camera. Its recordings are kept for their retention period.\n"
                     "Audited as camera_change (actor cli:<OS login>).", &pos);
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("camera remove", catalog.error());
  auto auditor = CliAuditor::Open(data);
  if (!auditor) return Fail("camera remove", auditor.error());
  AuditEvent e = (*auditor)->Event("camera_change");
  e.camera_ids = {id};
  e.detail = "removed; its recordings are kept";
  Status s = (*auditor)->Run(e, [&](AuditEvent&) { return (*catalog)->RemoveCamera(id); });
  if (!s.ok()) return Fail("camera remove", s);
  std::cout << "camera " << id << " removed; its recordings are kept\n";
  return 0;
}

std::string Describe(const ::custos::Camera& c) {
  if (!c.status) return "not started (is `custos serve` running?)";
  std::string s(ToString(c.status->state));
  if (!c.status->last_error.empty()) s += ": " + c.status->last_error;
  return s;
}

int List(int argc, char** argv) {
  std::string data;
  bool json = false, registry = false;
  po::options_description opts("camera list");
  AddDataOption(opts, data);
  opts.add_options()("json", po::bool_switch(&json), "print JSON lines")(
      "registry", po::bool_switch(&registry), "print the registry entries (confidential: R408)");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos camera list [--data DIR]",
                     "Lists cameras with their state as the daemon last reported it.");
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("camera list", catalog.error());
  auto cams = (*catalog)->ListCameras(CameraFilter::kActive);
  if (!cams) return Fail("camera list", cams.error());
  if (cams->empty() && !json) {
    std::cout << "no cameras; add one with: custos camera add --id ID --url rtsp://...\n";
    return 0;
  }
  if (registry) {
    for (const ::custos::Camera& c : *cams) std::cout << Dump(govern::RegisteredCameraJson(c)) << "\n";
    return 0;
  }
  if (!json) {
    std::cout << std::left << std::setw(16) << "ID" << std::setw(6) << "TRANS" << std::setw(12) << "FRAMES"
              << "URL / STATE\n";
  }
  for (const ::custos::Camera& c : *cams) {
    const int64_t frames = c.status ? c.status->counters.frames : 0;
    if (json) {
      std::cout << "{\"id\":\"" << c.config.id << "\",\"state\":\""
                << (c.status ? std::string(ToString(c.status->state)) : "unknown") << "\",\"frames\":" << frames
                << ",\"lifecycle\":\"" << (c.registry ? ToString(c.registry->lifecycle) : "unregistered")
                << "\",\"recorded\":" << (IsRecorded(c) ? "true" : "false") << "}\n";
      continue;
    }
    std::cout << std::left << std::setw(16) << c.config.id << std::setw(6) << ToString(c.config.transport)
              << std::setw(12) << frames << c.config.url << "\n"
              << std::setw(34) << "" << Describe(c) << "\n"
              << std::setw(34) << ""
              << (c.registry ? std::string(ToString(c.registry->lifecycle)) +
                                   (c.registry->site_category.empty() ? "" : " " + c.registry->site_category)
                             : std::string("unregistered"))
              << (IsRecorded(c) ? ", recorded" : ", not recorded") << "\n";
  }
  return 0;
}

}  // namespace

int Camera(int argc, char** argv) {
  const std::string usage = "usage: custos camera add|update|list|remove [options]   (--help on each)\n";
  return RunSubcommand("camera", usage, argc, argv,
                       {{"add", Add},
                        {"update", Update},
                        {"list", List},
                        {"remove", Remove},
                        {"rm", Remove}});
}

}  // namespace custos::cli
