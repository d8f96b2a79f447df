// sim_options.h: what a simulator is asked to do (SimOptions) and what it has done (SimStats).
//
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/rtp_program.h"

namespace custos::sim {

struct SimOptions {
  std::string clip_path;                 // read by StartSim; SimServer::Start takes a program
  std::string listen_address = "127.0.0.1";
  uint16_t port = 0;                     // 0: an ephemeral port, see SimServer::port()
  int cameras = 1;                       // serves rtsp://ADDR:PORT/cam1 .. camN
  // Replay forever. When false, a session's stream ends at the clip's end (the CLI's
  // default; the library's is true because the demo camera must not end).
  bool loop = true;
  // Start camera k at a different offset into the clip (golden-ratio spread), so key
  // frames of many cameras do not coincide; camera 1 starts at the first key frame.
  bool stagger = true;
  int tick_ms = 20;                       // one timer for all sessions, this often
  size_t max_pending_bytes = 2 << 20;     // per session; beyond it due packets are dropped
  // SO_SNDBUF of each connection; 0 leaves the kernel's autotuning (up to several MB on
  // Linux, which a client that stops reading fills before anything is dropped).
  int send_buffer_bytes = 0;
  int session_timeout_s = 60;             // idle (not playing) or stalled-write limit
  int sender_report_interval_s = 5;       // RTCP sender reports while playing; 0 = none
  // A non-empty user requires RTSP authentication (Digest or Basic) for all but OPTIONS.
  std::string user;
  std::string password;
  RtpProgramOptions rtp;
};

struct SimStats {
  uint64_t sessions_accepted = 0;  // TCP connections, ever
  uint64_t sessions_open = 0;      // now
  uint64_t sessions_playing = 0;   // now
  uint64_t bytes_sent = 0;         // written to sockets (RTSP and interleaved RTP/RTCP)
  uint64_t packets_sent = 0;       // RTP packets written
  uint64_t packets_dropped = 0;    // RTP packets skipped because a client read too slowly
  uint64_t bad_requests = 0;       // answered 400 and closed
};

}  // namespace custos::sim
