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
  export    write a time range as one MP4 file (--masked: for publication), or a signed package
  verify    check a signed export package offline (no data folder needed)
  key       show this node's public key (it verifies packages and checkpoints)
  fsck      check recordings against the catalog, and repair; --verify checks the hash chains
  still     write the picture of one camera at a time as a JPEG file
  privacy   privacy zones of a camera (zone add|list|remove)
  sim       an RTSP server replaying a clip as N cameras (load generator)
  audit     verify the audit log, list it, the retrieval register and inspection report
  hold      place, list and release evidence holds (release needs a second person)
  retention the retention rules in force; set a camera's maximum; delete; sweep
  user      add, list, disable users; set passwords; grant roles and cameras
  request   file, list, approve or reject retrieval requests for footage
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
  if (cmd == "still") return custos::cli::Still(argc - 1, argv + 1);
  if (cmd == "fsck") return custos::cli::Fsck(argc - 1, argv + 1);
  if (cmd == "sim") return custos::cli::Sim(argc - 1, argv + 1);
  if (cmd == "verify") return custos::cli::Verify(argc - 1, argv + 1);
  if (cmd == "key") return custos::cli::Key(argc - 1, argv + 1);
  if (cmd == "audit") return custos::cli::Audit(argc - 1, argv + 1);
  if (cmd == "hold") return custos::cli::Hold(argc - 1, argv + 1);
  if (cmd == "retention") return custos::cli::Retention(argc - 1, argv + 1);
  if (cmd == "user") return custos::cli::User(argc - 1, argv + 1);
  if (cmd == "request") return custos::cli::Request(argc - 1, argv + 1);
  if (cmd == "privacy") return custos::cli::Privacy(argc - 1, argv + 1);
  std::cerr << "custos: unknown command '" << cmd << "'\n\n" << kUsage;
  return 2;
}
