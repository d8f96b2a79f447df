// `custos fsck`: checks recordings against the catalog, and repairs.
#include <iostream>
#include <optional>

#include "base/clock.h"
#include "cli/cli.h"
#include "crypto/node_key.h"
#include "govern/rule_numbers.h"
#include "server/data_dir.h"
#include "storage/fsck.h"
#include "storage/integrity_verify.h"

namespace custos::cli {

namespace {

// --verify: the hash chain, every sealed file's SHA-256 and every checkpoint signature.
int VerifyChains(Catalog& catalog, const std::string& data, bool daemon_running) {
  IntegrityOptions io;
  io.daemon_running = daemon_running;
  auto key = NodeKey::Load(data);
  if (key) io.node_key = key->public_key();
  // Lawful-deletion marks are judged against the active profile's minimum retention.
  auto profiles = govern::ProfileSet::Load(govern::FindProfilesDir());
  if (!profiles) {
    Fail("fsck --verify", profiles.error().With("loading the jurisdiction profiles"));
    return 1;
  }
  auto profile = govern::ActiveRetentionProfile(catalog, *profiles);
  if (!profile) {
    Fail("fsck --verify", profile.error().With("reading the jurisdiction profile"));
    return 1;
  }
  io.minimum_retention_90k = profile->minimum_days * kDay90k;
  io.now_wall_90k = RealClock::Get().Now();
  auto rep = VerifyIntegrity(catalog, data, io);
  if (!rep) {
    Fail("fsck --verify", rep.error());
    return 1;
  }
  for (const auto& d : rep->lawful_deletions) std::cout << d << "\n";
  for (const auto& p : rep->problems) std::cout << p << "\n";
  for (const auto& n : rep->notes) std::cout << "note: " << n << "\n";
  std::cout << "verify: " << rep->cameras << " camera chains, " << rep->links_checked << " links, "
            << rep->files_hashed << " files (" << rep->bytes_hashed << " bytes) hashed, "
            << rep->lawful_deletions.size() << " deleted by retention (profile " << profile->name << "), "
            << rep->checkpoints_checked << " checkpoints; " << rep->problems.size() << " integrity problems\n";
  return rep->problems.empty() ? 0 : 1;
}

}  // namespace

int Fsck(int argc, char** argv) {
  std::string data;
  bool repair = false, verify = false;
  po::options_description opts("fsck");
  AddDataOption(opts, data);
  opts.add_options()("repair", po::bool_switch(&repair),
                     "recover recordings left open, cut torn tails, move foreign files to lost+found/")(
      "verify", po::bool_switch(&verify),
      "also recompute every sealed file's SHA-256, the per-camera hash chains and the signed checkpoints");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos fsck [--data DIR] [--repair] [--verify]",
                     "Checks every recording file against the catalog: it exists, parses, and holds exactly\n"
                     "the frames the index says. With --verify, also that no sealed file changed or\n"
                     "disappeared and no link of a camera's hash chain was edited, removed or inserted\n"
                     "(docs/design/integrity.md). Exit status 0 when clean (or fully repaired), 1 otherwise.");
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
  const int verified = verify ? VerifyChains(**catalog, data, o.daemon_running) : 0;
  return report->problems == 0 && verified == 0 ? 0 : 1;
}

}  // namespace custos::cli
