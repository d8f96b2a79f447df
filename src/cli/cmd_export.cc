// `custos export`: one camera's time range as one MP4 file.
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

extern "C" {
#include <libavutil/log.h>
}

#include "cli/cli.h"
#include "privacy/pipeline.h"
#include "server/data_dir.h"
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

}  // namespace

int Export(int argc, char** argv) {
  std::string data, camera, from_s, to_s, out;
  bool masked = false, no_detect = false;
  MaskFlags flags;
  po::options_description opts("export");
  AddDataOption(opts, data);
  opts.add_options()("camera", po::value(&camera)->required(), "camera id")(
      "from", po::value(&from_s)->required(), "start, ISO 8601 (2026-11-23T08:30:00+08:00 or ...Z)")(
      "to", po::value(&to_s)->required(), "end, ISO 8601")("output,o", po::value(&out)->required(),
                                                            "the MP4 file to write")(
      "masked", po::bool_switch(&masked),
      "for publication (R409): fill the camera's privacy zones, blur faces and plates, re-encode to H.264")(
      "no-detect", po::bool_switch(&no_detect), "with --masked: privacy zones only, no face/plate detection")(
      "detect-every", po::value(&flags.detect_every), "with --masked: detect every N frames (default 5)")(
      "detect-width", po::value(&flags.detect_width_px),
      "with --masked: detection width in px (default 960; 640 is faster, misses faces under ~54 px at 1080p)")(
      "preset", po::value(&flags.preset), "with --masked: libx264 preset (default veryfast; ultrafast is faster)");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos export --camera ID --from TIME --to TIME -o FILE.mp4",
                     "Writes the recordings of one camera in [from, to) as one MP4 that any player opens.\n"
                     "It starts at the key frame at or before --from, so it may begin up to one GOP early.");
  if (rc >= 0) return rc;
  flags.detect = !no_detect;
  if (flags.detect_every < 0 || flags.detect_every > 25 || (flags.detect_width_px != 0 && flags.detect_width_px < 160)) {
    return Fail("export", InvalidArgument("--detect-every must be 1..25 and --detect-width at least 160"));
  }
  auto from = ParseIso8601(from_s);
  if (!from) return Fail("export", from.error().With("--from"));
  auto to = ParseIso8601(to_s);
  if (!to) return Fail("export", to.error().With("--to"));
  auto catalog = Catalog::Open(CatalogPath(data));
  if (!catalog) return Fail("export", catalog.error());
  auto plan = PlanRangeExport(**catalog, data, camera, *from, *to);
  if (!plan) return Fail("export", plan.error());
  if (masked) return ExportMasked(**catalog, camera, plan->plan, out, flags);
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail("export", ErrnoStatus(errno, "create " + out));
  Status s = mp4::WriteExport(plan->plan, fd);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus(errno, "fsync " + out);
  ::close(fd);
  if (!s.ok()) {
    ::unlink(out.c_str());
    return Fail("export", s);
  }
  std::cout << "wrote " << out << ": " << plan->plan.sample_count << " frames, "
            << TicksToSeconds(plan->plan.duration_90k) << " s, " << plan->plan.total_bytes << " bytes, from "
            << plan->recordings << " recording(s)\n"
            << "  starts " << FormatIso8601(plan->start_wall) << " (key frame at or before the asked start)\n"
            << "  ends   " << FormatIso8601(plan->end_wall) << "\n";
  return 0;
}

}  // namespace custos::cli
