// `custos camera add|list|remove`: edits the catalog; a running daemon notices within 1 s.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "catalog/catalog.h"
#include "cli/cli.h"
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
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos camera add --id ID --url rtsp://... [options]",
                     "Adds a camera to the catalog. A running daemon starts recording it within a second.");
  if (rc >= 0) return rc;
  auto t = ParseTransport(transport);
  if (!t) return Fail("camera add", InvalidArgument("--transport must be tcp or udp, not '" + transport + "'"));
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("camera add", catalog.error());
  CameraConfig c;
  c.id = id;
  c.name = name;
  c.url = url;
  c.username = user;
  c.password = password;
  c.transport = *t;
  Status s = (*catalog)->AddCamera(c);
  if (!s.ok()) return Fail("camera add", s);
  std::cout << "camera " << id << " added\n";
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
                     "Stops recording a camera. Its recordings are kept for their retention period.", &pos);
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("camera remove", catalog.error());
  Status s = (*catalog)->RemoveCamera(id);
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
  bool json = false;
  po::options_description opts("camera list");
  AddDataOption(opts, data);
  opts.add_options()("json", po::bool_switch(&json), "print JSON lines");
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
  if (!json) {
    std::cout << std::left << std::setw(16) << "ID" << std::setw(6) << "TRANS" << std::setw(12) << "FRAMES"
              << "URL / STATE\n";
  }
  for (const ::custos::Camera& c : *cams) {
    const int64_t frames = c.status ? c.status->counters.frames : 0;
    if (json) {
      std::cout << "{\"id\":\"" << c.config.id << "\",\"state\":\""
                << (c.status ? std::string(ToString(c.status->state)) : "unknown") << "\",\"frames\":" << frames
                << "}\n";
      continue;
    }
    std::cout << std::left << std::setw(16) << c.config.id << std::setw(6) << ToString(c.config.transport)
              << std::setw(12) << frames << c.config.url << "\n"
              << std::setw(34) << "" << Describe(c) << "\n";
  }
  return 0;
}

}  // namespace

int Camera(int argc, char** argv) {
  const std::string usage = "usage: custos camera add|list|remove [options]   (--help on each)\n";
  return RunSubcommand("camera", usage, argc, argv,
                       {{"add", Add},
                        {"list", List},
                        {"remove", Remove},
                        {"rm", Remove}});
}

}  // namespace custos::cli
