// server.h: SimServer, an RTSP server that replays one clip as N cameras.
//
// Provides SimServer: listens on a TCP port, serves rtsp://ADDR:PORT/cam1..camN (other
// paths get 404), one session per connection, RTP interleaved over the RTSP connection.
// Every camera replays the same pre-packetised RtpProgram with its own sequence numbers,
// timestamps and SSRC, staggered in the clip. One timer for all sessions sends what is
// due every tick_ms; see README.md for why this is cheap.
// Thread-safety: a SimServer runs on one io_context. Create it, Stop it and destroy it on
// the thread that runs that io_context, or while the io_context is not running; port(),
// Url() and stats() may be called from any thread. Sessions still open when the server
// is destroyed are closed; their pending handlers finish (or are destroyed with the
// io_context) without touching the server.
#pragma once

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>

#include "base/status.h"
#include "sim/rtp_program.h"
#include "sim/sim_options.h"

namespace custos::sim {

struct SimShared;

class SimServer {
 public:
  // Binds options.listen_address:options.port and starts accepting and ticking on `io`.
  // options.clip_path is ignored: the program is given. InvalidArgument for bad options,
  // Unavailable if the address cannot be bound (the message says which and why).
  static Result<std::unique_ptr<SimServer>> Start(boost::asio::io_context& io, const SimOptions& options,
                                                  std::shared_ptr<const RtpProgram> program);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // The bound port (the ephemeral one when options.port was 0).
  uint16_t port() const { return port_; }
  // "rtsp://ADDR:PORT/camN" (loopback for a wildcard ADDR).
  std::string Url(int camera) const;
  SimStats stats() const;
  // Stops accepting and closes every session. Idempotent.
  void Stop();

 private:
  class Core;
  SimServer(std::shared_ptr<Core> core, std::shared_ptr<const SimShared> shared, uint16_t port,
            std::string address);

  std::shared_ptr<Core> core_;
  std::shared_ptr<const SimShared> shared_;  // for stats() from any thread
  uint16_t port_ = 0;
  std::string address_;
};

}  // namespace custos::sim
