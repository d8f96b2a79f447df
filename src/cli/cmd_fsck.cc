// `custos fsck`: checks recordings against the catalog, and repairs.
#include <iostream>
#include <optional>

#include "cli/cli.h"
#include "server/data_dir.h"
#include "storage/fsck.h"

namespace custos::cli {

int Fsck(int argc, char** argv) {
  std::string data;
  bool repair = false;
  po::options_description opts("fsck");
  AddDataOption(opts, data);
  opts.add_options()("repair", po::bool_switch(&repair),
                     "recover recordings left open, cut torn tails, move foreign files to lost+found/");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos fsck [--data DIR] [--repair]",
                     "Checks every recording file against the catalog: it exists, parses, and holds exactly\n"
                     "the frames the index says. Exit status 0 when clean (or fully repaired), 1 otherwise.");
  if (rc >= 0) return rc;
  FsckOptions o;
  o.repair = repair;
  o.daemon_running = DataDirLock::HeldByDaemon(data);
  if (repair && o.daemon_running) {
    return Fail("fsck", FailedPrecondition("the daemon is running on " + data +
                                           "; stop it before --repair (checking without --repair is safe)"));
  }
  std::optional<DataDirLock> lock;  // keeps a daemon from starting while we repair
  if (repair) {
    auto l = DataDirLock::Acquire(data);
    if (!l) return Fail("fsck", l.error());
    lock.emplace(std::move(*l));
  }
  auto catalog = Catalog::Open(CatalogPath(data));
  if (!catalog) return Fail("fsck", catalog.error());
  auto report = RunFsck(**catalog, data, o);
  if (!report) return Fail("fsck", report.error());
  for (const auto& f : report->findings) std::cout << f << "\n";
  std::cout << "fsck: " << report->recordings_checked << " recordings, " << report->files_checked << " files checked; "
            << report->problems << " problems, " << report->repaired << " repaired\n";
  return report->problems == 0 ? 0 : 1;
}

}  // namespace custos::cli
