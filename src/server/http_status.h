// http_status.h: the daemon's HTTP listener, for now a status page and two JSON routes.
//
// GET /api/v1/health and GET /api/v1/cameras (states and counters, no URLs or
// credentials), and GET / (a plain status page). The full API, the web UI, login and
// authorisation come with the issues "View" and "Govern"; until then the listener binds
// to loopback by default. Runs its own event loop thread. Thread-safety: Start/Stop from
// the owner thread; handlers read Recorder::Statuses(), which is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "ingest/recorder.h"

namespace custos {

class HttpStatusServer {
 public:
  // `listen` is "HOST:PORT" (port 0 picks one).
  static Result<std::unique_ptr<HttpStatusServer>> Start(const std::string& listen, const std::string& data_dir,
                                                         const Recorder& recorder);
  virtual ~HttpStatusServer() = default;
  virtual std::string endpoint() const = 0;  // "127.0.0.1:8080"
  virtual void Stop() = 0;
};

}  // namespace custos
