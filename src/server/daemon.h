// daemon.h: `custos serve`, the recorder daemon of one node.
//
// Start order (docs/design/storage.md): lock the data folder, open the catalog, recover
// recordings left open by a crash, start the disk writer, start the cameras. Then, on the
// calling thread, a control loop: every second it checks whether the camera list changed
// (the CLI edits the catalog directly) and reconciles the sessions, and it writes each
// camera's state to the catalog; SIGINT/SIGTERM stop everything in the reverse order,
// closing every recording. Thread-safety: RunDaemon blocks its thread until stopped.
#pragma once

#include <string>

namespace custos {

struct DaemonOptions {
  std::string data_dir = "data";
  std::string listen = "127.0.0.1:8080";  // HTTP API
  std::string web_root;                   // the built web UI (web/dist), served outside /api/
  std::string tls_cert;                   // PEM; with tls_key: HTTPS/WSS only
  std::string tls_key;
  bool demo = false;                      // run the built-in simulator as camera "demo"
  std::string demo_clip;                  // default: DATA/demo/clip.mp4, made with ffmpeg if missing
  int loops = 1;                          // event loops for camera sessions
  int recording_seconds = 60;             // rotate recordings at the first key frame after this
  int stall_timeout_ms = 10000;           // a camera silent this long is reconnected
  int export_threads = 1;                 // export jobs (src/jobs) run on these
  int export_ttl_minutes = 24 * 60;       // an export job's file is deleted this long after it finished
  // Disk pressure (docs/design/retention.md): free space below low_mib is an alarm and frees
  // footage past the minimum; below critical_mib recording stops. Checked every check_seconds.
  int64_t disk_low_mib = 2048;
  int64_t disk_critical_mib = 512;
  int disk_check_seconds = 60;
  std::string log_level = "info";
};

// Returns the process exit code.
int RunDaemon(const DaemonOptions& options);

}  // namespace custos
