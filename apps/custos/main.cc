// custos: the one binary of Custos. `custos --help` lists the commands.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/cli.h"

namespace {

constexpr const char* kUsage = R"(usage: custos <command> [options]   (custos <command> --help for each)

Custos records IP cameras lawfully: every access authorised and audited.

commands:
  serve     run the recorder daemon and its web UI
  camera    add, update, list or remove cameras and their registry entries
  profile   the jurisdiction profile: list, show, set; site categories
  compliance report: every requirement's state on this installation
  filing    filings owed (list --overdue, done) and the filing package
  document  archive design/construction/acceptance/maintenance documents (SHA-256)
  record    training, maintenance, inspection and duty records
  export    write a time range of one camera as one MP4 file
  fsck      check recordings against the catalog, and repair
  sim       an RTSP server replaying a clip as N cameras (load generator)
  version   print the version
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  if (cmd == "version" || cmd == "--version") {
    std::cout << "custos " << CUSTOS_VERSION << "\n";
    return 0;
  }
  if (cmd == "serve") return custos::cli::Serve(argc - 1, argv + 1);
  if (cmd == "camera") return custos::cli::Camera(argc - 1, argv + 1);
  if (cmd == "profile") return custos::cli::Profile(argc - 1, argv + 1);
  if (cmd == "compliance") return custos::cli::Compliance(argc - 1, argv + 1);
  if (cmd == "filing") return custos::cli::Filing(argc - 1, argv + 1);
  if (cmd == "document") return custos::cli::Document(argc - 1, argv + 1);
  if (cmd == "record") return custos::cli::Record(argc - 1, argv + 1);
  if (cmd == "export") return custos::cli::Export(argc - 1, argv + 1);
  if (cmd == "fsck") return custos::cli::Fsck(argc - 1, argv + 1);
  if (cmd == "sim") return custos::cli::Sim(argc - 1, argv + 1);
  std::cerr << "custos: unknown command '" << cmd << "'\n\n" << kUsage;
  return 2;
}
