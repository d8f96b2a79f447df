// `custos serve`: the daemon.
#include "cli/cli.h"
#include "server/daemon.h"

namespace custos::cli {

int Serve(int argc, char** argv) {
  DaemonOptions o;
  po::options_description opts("serve");
  AddDataOption(opts, o.data_dir);
  opts.add_options()("listen", po::value(&o.listen)->default_value(o.listen), "HTTP address HOST:PORT")(
      "tls-cert", po::value(&o.tls_cert), "serve HTTPS/WSS with this PEM certificate (chain); needs --tls-key")(
      "tls-key", po::value(&o.tls_key), "the PEM private key of --tls-cert (unencrypted)")(
      "config", po::value<std::string>(), "configuration file (reserved; every setting is an option for now)")(
      "web-root", po::value(&o.web_root)->default_value(CUSTOS_WEB_ROOT),
      "folder of the built web UI (index.html, assets/), served on every path outside /api/")(
      "demo", po::bool_switch(&o.demo), "also run the built-in simulator as camera 'demo'")(
      "demo-clip", po::value(&o.demo_clip), "clip for --demo (default: DATA/demo/clip.mp4, made with ffmpeg)")(
      "loops", po::value(&o.loops)->default_value(1), "event-loop threads for cameras")(
      "recording-seconds", po::value(&o.recording_seconds)->default_value(60),
      "start a new recording file at the first key frame after this many seconds")(
      "stall-timeout-ms", po::value(&o.stall_timeout_ms)->default_value(10000),
      "reconnect a camera that sent no video for this long")(
      "export-threads", po::value(&o.export_threads)->default_value(1),
      "threads running export jobs (POST /api/v1/exports: packages, masked MP4s)")(
      "export-ttl-minutes", po::value(&o.export_ttl_minutes)->default_value(24 * 60),
      "delete an export job's file (DATA/exports/ID) this long after it finished")(
      "disk-low-mib", po::value(&o.disk_low_mib)->default_value(o.disk_low_mib),
      "free space (MiB) below which the disk alarm is raised and footage past the minimum retention is freed")(
      "disk-critical-mib", po::value(&o.disk_critical_mib)->default_value(o.disk_critical_mib),
      "free space (MiB) below which recording stops (protected footage is never deleted to make room)")(
      "disk-check-seconds", po::value(&o.disk_check_seconds)->default_value(o.disk_check_seconds),
      "how often free space is checked")(
      "log-level", po::value(&o.log_level)->default_value("info"), "trace, debug, info, warn, error");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm,
                     "custos serve [--data DIR] [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE] [--demo]",
                     "Records every enabled camera of the catalog until SIGINT/SIGTERM.\n"
                     "Cameras added or removed with `custos camera` are picked up within a second.");
  if (rc >= 0) return rc;
  if (vm.count("config")) {
    return Fail("serve", Unimplemented("--config is not supported yet; pass settings as options"));
  }
  if (o.disk_critical_mib < 0 || o.disk_low_mib <= o.disk_critical_mib) {
    return Fail("serve", InvalidArgument("--disk-low-mib must be above --disk-critical-mib, and both at least 0"));
  }
  if (o.disk_check_seconds < 1) return Fail("serve", InvalidArgument("--disk-check-seconds must be at least 1"));
  return RunDaemon(o);
}

}  // namespace custos::cli
