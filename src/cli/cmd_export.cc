// `custos export`: one camera's time range as one MP4 file (optionally masked for
// publication), or as a signed package.
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

extern "C" {
#include <libavutil/log.h>
}

#include "cli/cli.h"
#include "cli/cli_audit.h"
#include "cli/govern_cli.h"
#include "crypto/node_key.h"
#include "privacy/pipeline.h"
#include "privacy/watermark.h"
#include "server/data_dir.h"
#include "storage/export_package.h"
#include "storage/range_export.h"

namespace custos::cli {

namespace {

// A re-encoded export (--masked and/or --watermark): the plain export goes to a temporary
// file next to `out` (mode 0600), which is decoded, masked and/or watermarked and re-encoded
// into `out`; the temporary file (the original picture) is removed in every case.
struct ReencodeFlags {
  bool masked = false;  // privacy zones filled, faces and plates blurred
  bool detect = true;   // with masked: faces and plates
  bool face_model = true;  // with detect: BlazeFace too, when installed (else the cascades alone)
  bool fast_detection = false;  // with detect: BlazeFace and the plate localiser, no Haar cascades
  int detect_every = 0;  // 0: the library's default
  int detect_width_px = 0;
  std::string preset;
  std::string export_id;  // with a watermark: the random id burnt in
  std::vector<std::string> watermark_lines;  // empty: no watermark
  bool reencoded() const { return masked || !watermark_lines.empty(); }
};

Result<privacy::MaskedExportOptions> ReencodeOptions(Catalog& catalog, const std::string& camera,
                                                     const ReencodeFlags& flags) {
  privacy::MaskedExportOptions options;
  options.detect = flags.masked && flags.detect;
  options.watermark_lines = flags.watermark_lines;
  if (flags.masked) {
    Result<std::string> zones_json = catalog.GetPrivacyZonesJson(camera);
    if (!zones_json) return Err(zones_json.error());
    auto zones = privacy::ZonesFromJson(*zones_json);
    if (!zones) return Err(zones.error().With("the stored privacy zones"));
    options.zones = std::move(*zones);
  }
  if (flags.detect_every > 0) options.stage.detect_every = flags.detect_every;
  if (flags.detect_width_px > 0) options.detector.max_width_px = flags.detect_width_px;
  if (!flags.face_model) options.detector.face_model_path.clear();
  if (flags.fast_detection) options.detector.face_cascades = options.detector.plate_cascades = false;
  if (!flags.preset.empty()) options.encode.preset = flags.preset;
  return options;
}

Result<privacy::MaskedExportStats> Reencode(Catalog& catalog, const std::string& camera, const mp4::ExportPlan& plan,
                                            const std::string& out, const ReencodeFlags& flags) {
  auto options = ReencodeOptions(catalog, camera, flags);
  if (!options) return Err(options.error());
  const std::string tmp = out + ".original.tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Err(ErrnoStatus(errno, "create " + tmp));
  Status s = mp4::WriteExport(plan, fd);
  ::close(fd);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return Err(s);
  }
  av_log_set_level(AV_LOG_ERROR);  // libx264's statistics are noise here
  auto stats = privacy::MaskedExportFile(tmp, out, *options, [](double percent) {
    std::cerr << "\rre-encoding " << static_cast<int>(percent) << "%" << std::flush;
  });
  std::cerr << "\n";
  ::unlink(tmp.c_str());
  if (!stats) return Err(stats.error().With(flags.masked ? "masking" : "watermarking"));
  fd = ::open(out.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) s = ErrnoStatus(errno, "fsync " + out);
  if (fd >= 0) ::close(fd);
  if (!s.ok()) return Err(s);
  return stats;
}

void PrintReencoded(const std::string& out, const ReencodeFlags& flags, const privacy::MaskedExportStats& stats,
                    size_t zones) {
  const bool watermark = !flags.watermark_lines.empty();
  const std::string what = flags.masked && watermark ? "masked, watermarked" : flags.masked ? "masked" : "watermarked";
  std::cout << "wrote " << out << " (" << what << "): " << stats.frames << " frames re-encoded to H.264 in "
            << stats.seconds << " s";
  if (flags.masked) {
    std::cout << "; " << zones << " privacy zone(s) filled; "
              << (flags.detect ? std::to_string(stats.frames_with_regions) + " frame(s) with blurred faces or plates"
                               : std::string("no detection (--no-detect)"));
  }
  std::cout << "\n";
  if (watermark) std::cout << "  export id " << flags.export_id << " burnt into the picture\n";
}

struct ExportArgs {
  std::string data, from_s, to_s, out, package;
  std::vector<std::string> cameras;
  PackageRequest req;
  bool masked = false, no_detect = false, no_face_model = false, fast_detection = false, watermark = false;
  ReencodeFlags reencode;
};

// The audit log keeps which export id went to whom, so a leaked copy can be traced.
Status AuditWatermark(const ExportArgs& a, WallTime90k from, WallTime90k to) {
  auto audit = OpenCliAudit(a.data);
  if (!audit) return audit.error();
  AuditEvent e;
  e.actor = CliActor();
  e.action = "export";
  e.camera_ids = a.cameras;
  e.from_wall_90k = from;
  e.to_wall_90k = to;
  e.purpose = a.req.purpose;
  e.destination = a.req.destination;
  e.client = CliClient();
  e.detail = "watermarked export id " + a.reencode.export_id + " for " + a.req.requester + " (" +
             (a.package.empty() ? "file " + a.out : "package " + a.package) + (a.masked ? ", masked" : "") + ")";
  return audit->log->Append(e);
}

int WriteFile(Catalog& catalog, const ExportArgs& a, WallTime90k from, WallTime90k to) {
  if (a.cameras.size() != 1) return Fail("export", InvalidArgument("-o writes one camera; use --package for several"));
  auto plan = PlanRangeExport(catalog, a.data, a.cameras[0], from, to);
  if (!plan) return Fail("export", plan.error());
  if (a.reencode.reencoded()) {
    auto stats = Reencode(catalog, a.cameras[0], plan->plan, a.out, a.reencode);
    if (!stats) {
      ::unlink(a.out.c_str());
      return Fail("export", stats.error());
    }
    auto options = ReencodeOptions(catalog, a.cameras[0], a.reencode);
    PrintReencoded(a.out, a.reencode, *stats, options ? options->zones.size() : 0);
    return 0;
  }
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
  size_t frames = 0;
  if (a.reencode.reencoded()) {
    a.req.write_video = [&](const std::string& camera, const mp4::ExportPlan& plan, const std::string& path) -> Status {
      auto stats = Reencode(catalog, camera, plan, path, a.reencode);
      if (!stats) return stats.error().With("camera " + camera);
      frames += static_cast<size_t>(stats->frames);
      return Status::Ok();
    };
    a.req.reencoding = PackageReencoding{.codec = "h264",
                                         .masked = a.reencode.masked,
                                         .watermark = !a.reencode.watermark_lines.empty(),
                                         .export_id = a.reencode.export_id,
                                         .watermark_text = a.reencode.watermark_lines};
  }
  auto m = WriteExportPackage(catalog, a.data, *key, RealClock::Get(), a.req);
  if (!m) return Fail("export", m.error());
  std::cout << "wrote package " << a.package << " (id " << m->package_id << ")\n";
  if (m->reencoding) {
    std::cout << "  video re-encoded to H.264 (" << frames << " frames)" << (m->reencoding->masked ? ", masked" : "")
              << (m->reencoding->watermark ? ", watermark with export id " + m->reencoding->export_id : "") << "\n";
  }
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
      "requester", po::value(&a.req.requester)->default_value(""),
      "who asked for the footage (in the package's manifest; burnt in with --watermark)")(
      "purpose", po::value(&a.req.purpose)->default_value(""), "package: why (case reference)")(
      "destination", po::value(&a.req.destination)->default_value(""), "package: where the copy goes")(
      "approval", po::value(&a.req.approvals), "package: an approval reference (repeat for each approver)")(
      "include-sources", po::bool_switch(&a.req.include_sources),
      "package: also copy the whole source recording files, so verify can check them against the chain")(
      "masked", po::bool_switch(&a.masked),
      "for publication (R409): fill the camera's privacy zones, blur faces and plates, re-encode to H.264")(
      "watermark", po::bool_switch(&a.watermark),
      "burn a random export id and the requester into the picture (re-encodes to H.264; with -o or --package)")(
      "no-detect", po::bool_switch(&a.no_detect), "with --masked: privacy zones only, no face/plate detection")(
      "no-face-model", po::bool_switch(&a.no_face_model),
      "with --masked: Haar cascades only for faces, not BlazeFace (faster; misses faces it would find)")(
      "fast-detection", po::bool_switch(&a.fast_detection),
      "with --masked: BlazeFace and the plate localiser without the Haar cascades (about 5x less detection work;\n"
      "the same recall on tests/privacy_data, but the cascades may add recall in the field: review the result)")(
      "detect-every", po::value(&a.reencode.detect_every), "with --masked: detect every N frames (default 5)")(
      "detect-width", po::value(&a.reencode.detect_width_px),
      "with --masked: detection width in px (default 960; 640 is faster, misses faces under ~54 px at 1080p)")(
      "preset", po::value(&a.reencode.preset),
      "with --masked or --watermark: libx264 preset (default veryfast; ultrafast is faster)");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm,
                     "custos export --camera ID --from TIME --to TIME (-o FILE.mp4 | --package DIR [options])",
                     "Writes the recordings of one camera in [from, to) as one MP4 that any player opens.\n"
                     "It holds the frames from the key frame at or before --from; an edit list makes players start at --from.\n"
                     "With --masked, privacy zones are filled and faces and plates blurred (re-encoded, for publication).\n"
                     "With --watermark, a random export id and the requester are burnt into the picture (re-encoded);\n"
                     "without either, the video samples are bit-exact copies of the recordings.\n"
                     "With --package, writes a signed evidence package (MP4s, manifest.json, manifest.sig)\n"
                     "that `custos verify DIR` checks offline (docs/design/integrity.md).");
  if (rc >= 0) return rc;
  if (a.out.empty() == a.package.empty()) {
    return Fail("export", InvalidArgument("give either -o FILE.mp4 or --package DIR"));
  }
  if (a.watermark && a.req.requester.empty()) {
    return Fail("export", InvalidArgument("--watermark burns the requester into the picture: give --requester NAME"));
  }
  a.reencode.masked = a.masked;
  a.reencode.detect = !a.no_detect;
  a.reencode.face_model = !a.no_face_model;
  a.reencode.fast_detection = a.fast_detection;
  if (a.fast_detection && (a.no_face_model || a.no_detect)) {
    return Fail("export", InvalidArgument("--fast-detection finds faces with BlazeFace only: it cannot go with "
                                          "--no-face-model or --no-detect"));
  }
  if (a.watermark) {
    a.reencode.export_id = privacy::NewExportId();
    a.reencode.watermark_lines = privacy::WatermarkLines(a.reencode.export_id, a.req.requester);
  }
  if (a.reencode.detect_every < 0 || a.reencode.detect_every > 25 ||
      (a.reencode.detect_width_px != 0 && a.reencode.detect_width_px < 160)) {
    return Fail("export", InvalidArgument("--detect-every must be 1..25 and --detect-width at least 160"));
  }
  auto from = ParseIso8601(a.from_s);
  if (!from) return Fail("export", from.error().With("--from"));
  auto to = ParseIso8601(a.to_s);
  if (!to) return Fail("export", to.error().With("--to"));
  auto catalog = Catalog::Open(CatalogPath(a.data));
  if (!catalog) return Fail("export", catalog.error());
  rc = a.package.empty() ? WriteFile(**catalog, a, *from, *to) : WritePackage(**catalog, a, *from, *to);
  if (rc != 0 || !a.watermark) return rc;
  Status audited = AuditWatermark(a, *from, *to);
  if (!audited.ok()) {
    // An export whose id is not on record cannot be traced: do not leave it behind.
    std::error_code ec;
    std::filesystem::remove_all(a.package.empty() ? a.out : a.package, ec);
    return Fail("export", audited.With("recording the export id in the audit log; the export was removed"));
  }
  return 0;
}

}  // namespace custos::cli
