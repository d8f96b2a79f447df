// `custos export`: one camera's time range as one MP4 file, or as a signed package.
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

#include "cli/cli.h"
#include "crypto/node_key.h"
#include "server/data_dir.h"
#include "storage/export_package.h"
#include "storage/range_export.h"

namespace custos::cli {

namespace {

struct ExportArgs {
  std::string data, from_s, to_s, out, package;
  std::vector<std::string> cameras;
  PackageRequest req;
};

int WriteFile(Catalog& catalog, const ExportArgs& a, WallTime90k from, WallTime90k to) {
  if (a.cameras.size() != 1) return Fail("export", InvalidArgument("-o writes one camera; use --package for several"));
  auto plan = PlanRangeExport(catalog, a.data, a.cameras[0], from, to);
  if (!plan) return Fail("export", plan.error());
  int fd = ::open(a.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail("export", ErrnoStatus(errno, "create " + a.out));
  Status s = mp4::WriteExport(plan->plan, fd);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus(errno, "fsync " + a.out);
  ::close(fd);
  if (!s.ok()) {
    ::unlink(a.out.c_str());
    return Fail("export", s);
  }
  std::cout << "wrote " << a.out << ": " << plan->plan.sample_count << " frames, "
            << TicksToSeconds(plan->plan.presented_duration_90k) << " s, " << plan->plan.total_bytes
            << " bytes, from " << plan->recordings << " recording(s)\n"
            << "  plays  " << FormatIso8601(plan->play_start_wall) << " (the frame showing at the asked start)\n"
            << "  frames " << FormatIso8601(plan->start_wall) << " (key frame at or before it; "
            << TicksToSeconds(plan->plan.lead_in_90k) << " s decoded, not shown)\n"
            << "  ends   " << FormatIso8601(plan->end_wall) << "\n";
  return 0;
}

int WritePackage(Catalog& catalog, ExportArgs& a, WallTime90k from, WallTime90k to) {
  auto key = NodeKey::LoadOrCreate(a.data);
  if (!key) return Fail("export", key.error().With("loading the node key"));
  a.req.cameras = a.cameras;
  a.req.from = from;
  a.req.to = to;
  a.req.out_dir = a.package;
  auto m = WriteExportPackage(catalog, a.data, *key, RealClock::Get(), a.req);
  if (!m) return Fail("export", m.error());
  std::cout << "wrote package " << a.package << " (id " << m->package_id << ")\n";
  for (const auto& c : m->cameras) {
    std::cout << "  " << c.video_path << ": camera " << c.camera_id << ", " << FormatIso8601(c.start_wall_90k)
              << " to " << FormatIso8601(c.end_wall_90k) << ", from " << c.source_recordings.size()
              << " sealed recording(s), checkpoint at link " << c.checkpoint.seq << "\n";
  }
  std::cout << "  signed by node key " << key->PublicKeyHex() << "\n"
            << "check it anywhere with: custos verify " << a.package << " --public-key " << key->PublicKeyHex()
            << "\n";
  return 0;
}

}  // namespace

int Export(int argc, char** argv) {
  ExportArgs a;
  po::options_description opts("export");
  AddDataOption(opts, a.data);
  opts.add_options()("camera", po::value(&a.cameras)->required(), "camera id (repeat for several with --package)")(
      "from", po::value(&a.from_s)->required(), "start, ISO 8601 (2026-11-23T08:30:00+08:00 or ...Z)")(
      "to", po::value(&a.to_s)->required(), "end, ISO 8601")("output,o", po::value(&a.out), "the MP4 file to write")(
      "package", po::value(&a.package), "write a signed evidence package into this new directory instead")(
      "requester", po::value(&a.req.requester)->default_value(""), "package: who asked for the footage")(
      "purpose", po::value(&a.req.purpose)->default_value(""), "package: why (case reference)")(
      "destination", po::value(&a.req.destination)->default_value(""), "package: where the copy goes")(
      "approval", po::value(&a.req.approvals), "package: an approval reference (repeat for each approver)")(
      "include-sources", po::bool_switch(&a.req.include_sources),
      "package: also copy the whole source recording files, so verify can check them against the chain");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm,
                     "custos export --camera ID --from TIME --to TIME (-o FILE.mp4 | --package DIR [options])",
                     "Writes the recordings of one camera in [from, to) as one MP4 that any player opens.\n"
                     "It starts at the key frame at or before --from, so it may begin up to one GOP early.\n"
                     "With --package, writes a signed evidence package (MP4s, manifest.json, manifest.sig)\n"
                     "that `custos verify DIR` checks offline (docs/design/integrity.md).");
  if (rc >= 0) return rc;
  if (a.out.empty() == a.package.empty()) {
    return Fail("export", InvalidArgument("give either -o FILE.mp4 or --package DIR"));
  }
  auto from = ParseIso8601(a.from_s);
  if (!from) return Fail("export", from.error().With("--from"));
  auto to = ParseIso8601(a.to_s);
  if (!to) return Fail("export", to.error().With("--to"));
  auto catalog = Catalog::Open(CatalogPath(a.data));
  if (!catalog) return Fail("export", catalog.error());
  return a.package.empty() ? WriteFile(**catalog, a, *from, *to) : WritePackage(**catalog, a, *from, *to);
}

}  // namespace custos::cli
