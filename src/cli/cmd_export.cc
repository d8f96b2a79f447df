// `custos export`: one camera's time range as one MP4 file (optionally masked for
// publication), or as a signed package.
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

extern "C" {
#include <libavutil/log.h>
}

#include "cli/cli.h"
#include "crypto/node_key.h"
#include "privacy/pipeline.h"
#include "server/data_dir.h"
#include "storage/export_package.h"
#include "storage/range_export.h"

namespace custos::cli {

namespace {

// The plain export goes to a temporary file next to `out`, which is then decoded, masked
// and re-encoded into `out`; the temporary file (unmasked) is removed in every case.
struct MaskFlags {
  bool detect = true;
  int detect_every = 0;  // 0: the library's default
  int detect_width_px = 0;
  std::string preset;
};

int ExportMasked(Catalog& catalog, const std::string& camera, const mp4::ExportPlan& plan, const std::string& out,
                 const MaskFlags& flags) {
  const bool detect = flags.detect;
  Result<std::string> zones_json = catalog.GetPrivacyZonesJson(camera);
  if (!zones_json) return Fail("export", zones_json.error());
  auto zones = privacy::ZonesFromJson(*zones_json);
  if (!zones) return Fail("export", zones.error().With("the stored privacy zones"));
  const std::string tmp = out + ".unmasked.tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail("export", ErrnoStatus(errno, "create " + tmp));
  Status s = mp4::WriteExport(plan, fd);
  ::close(fd);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return Fail("export", s);
  }
  av_log_set_level(AV_LOG_ERROR);  // libx264's statistics are noise here
  privacy::MaskedExportOptions options;
  options.zones = std::move(*zones);
  options.detect = detect;
  if (flags.detect_every > 0) options.stage.detect_every = flags.detect_every;
  if (flags.detect_width_px > 0) options.detector.max_width_px = flags.detect_width_px;
  if (!flags.preset.empty()) options.encode.preset = flags.preset;
  auto stats = privacy::MaskedExportFile(tmp, out, options, [](double percent) {
    std::cerr << "\rmasking " << static_cast<int>(percent) << "%" << std::flush;
  });
  std::cerr << "\n";
  ::unlink(tmp.c_str());
  if (!stats) return Fail("export", stats.error().With("masking"));
  std::cout << "wrote " << out << " (masked): " << stats->frames << " frames re-encoded to H.264 in " << stats->seconds
            << " s; " << options.zones.size() << " privacy zone(s) filled; "
            << (detect ? std::to_string(stats->frames_with_regions) + " frame(s) with blurred faces or plates"
                       : std::string("no detection (--no-detect)"))
            << "\n";
  return 0;
}

struct ExportArgs {
  std::string data, from_s, to_s, out, package;
  std::vector<std::string> cameras;
  PackageRequest req;
  bool masked = false, no_detect = false;
  MaskFlags mask;
};


int WriteFile(Catalog& catalog, const ExportArgs& a, WallTime90k from, WallTime90k to) {
  if (a.cameras.size() != 1) return Fail("export", InvalidArgument("-o writes one camera; use --package for several"));
  auto plan = PlanRangeExport(catalog, a.data, a.cameras[0], from, to);
  if (!plan) return Fail("export", plan.error());
  if (a.masked) return ExportMasked(catalog, a.cameras[0], plan->plan, a.out, a.mask);
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
      "package: also copy the whole source recording files, so verify can check them against the chain")(
      "masked", po::bool_switch(&a.masked),
      "with -o, for publication (R409): fill the camera's privacy zones, blur faces and plates, re-encode to H.264")(
      "no-detect", po::bool_switch(&a.no_detect), "with --masked: privacy zones only, no face/plate detection")(
      "detect-every", po::value(&a.mask.detect_every), "with --masked: detect every N frames (default 5)")(
      "detect-width", po::value(&a.mask.detect_width_px),
      "with --masked: detection width in px (default 960; 640 is faster, misses faces under ~54 px at 1080p)")(
      "preset", po::value(&a.mask.preset), "with --masked: libx264 preset (default veryfast; ultrafast is faster)");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm,
                     "custos export --camera ID --from TIME --to TIME (-o FILE.mp4 | --package DIR [options])",
                     "Writes the recordings of one camera in [from, to) as one MP4 that any player opens.\n"
                     "It holds the frames from the key frame at or before --from; an edit list makes players start at --from.\n"
                     "With --masked, privacy zones are filled and faces and plates blurred (re-encoded, for publication).\n"
                     "With --package, writes a signed evidence package (MP4s, manifest.json, manifest.sig)\n"
                     "that `custos verify DIR` checks offline (docs/design/integrity.md).");
  if (rc >= 0) return rc;
  if (a.out.empty() == a.package.empty()) {
    return Fail("export", InvalidArgument("give either -o FILE.mp4 or --package DIR"));
  }
  if (a.masked && !a.package.empty()) {
    return Fail("export", InvalidArgument("--masked writes one MP4 for publication (-o); a package keeps the original samples"));
  }
  a.mask.detect = !a.no_detect;
  if (a.mask.detect_every < 0 || a.mask.detect_every > 25 || (a.mask.detect_width_px != 0 && a.mask.detect_width_px < 160)) {
    return Fail("export", InvalidArgument("--detect-every must be 1..25 and --detect-width at least 160"));
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
