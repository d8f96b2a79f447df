// api_server.h: the HTTP API of one node (/api/v1), on Boost.Beast. Start here.
//
// ApiServer owns one event loop (an io_context run by one thread) that accepts
// connections, parses requests, matches the route table (route.h), resolves the session
// cookie and calls Authorize (authorize.h) — all cheap, in-memory work. Each handler then
// runs on a WorkerPool thread with that worker's own Catalog connection; a full queue is
// answered 503 with Retry-After. Exports are streamed: the worker reads one chunk (≤ 1 MiB)
// of the plan's bytes, the loop writes it, then the next chunk is read.
// Thread-safety: Start/endpoint/Stop from the owner thread; everything else lives on the
// loop or on the workers.
#pragma once

#include <memory>
#include <string>

#include "api/handler.h"
#include "api/sessions.h"
#include "api/tls_context.h"
#include "base/clock.h"
#include "base/status.h"

namespace custos::api {

struct ApiServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string data_dir;                   // recordings are found relative to it
  std::string web_root;                   // the built web UI served outside /api/ (web/dist)
  std::string catalog_path;               // each worker opens its own connection
  int workers = 2;
  size_t max_queued = 64;                 // tasks waiting for a worker; beyond: 503
  int max_connections = 256;              // beyond: new connections are closed at once
  SessionOptions sessions;
  std::string version;
  TlsFiles tls;                           // both set: HTTPS/WSS only on `listen`
  // Where every access, change and refusal is reported; required (Start fails without).
  // Must outlive the server.
  AuditSink* audit = nullptr;
  access::LockoutPolicy lockout;      // failed logins that lock, and for how long
  access::RetrievalOptions retrieval; // how long a grant lasts
  // The active profile's retrieval rules; empty means those of the active profile
  // (govern::ActiveProfile) among `profiles`.
  RetrievalRulesFn retrieval_rules;
  // Govern's data files, loaded and validated at start (govern/profile.h, taxonomy.h);
  // they must outlive the server. Null: Start loads them from govern::FindProfilesDir().
  const govern::ProfileSet* profiles = nullptr;
  const govern::Taxonomy* taxonomy = nullptr;
  // Told when a camera's privacy zones change through the API (Recorder::SetPrivacyZones).
  PrivacyZonesChangedFn privacy_zones_changed;
  // The retention thread's disk pressure, for /status; empty: not reported.
  DiskPressureFn disk_pressure;
  // Runs POST /api/v1/exports jobs (src/jobs); null: those routes answer 503. Must
  // outlive the server.
  jobs::ExportJobs* export_jobs = nullptr;
};

class ApiServer {
 public:
  // Unavailable if the address cannot be bound; InvalidArgument for a bad `listen` or no
  // audit sink; FailedPrecondition naming the file for a certificate or key that cannot be
  // used. Users log in against the catalog's users (src/access).
  static Result<std::unique_ptr<ApiServer>> Start(const ApiServerOptions& options, LiveStatusFn live_status,
                                                  const Clock& clock,
                                                  LiveSubscribeFn live_subscribe = {});
  virtual ~ApiServer() = default;
  virtual std::string endpoint() const = 0;  // "127.0.0.1:8080"
  virtual bool tls() const = 0;              // true: https:// and wss:// only
  // Closes the listener and every connection, then stops the workers. Idempotent.
  virtual void Stop() = 0;
};

}  // namespace custos::api
