// handler.h: what a route handler receives and returns.
//
// Handlers run on a worker thread of the API's pool (never on the event loop), with that
// worker's own Catalog connection; they may block on SQLite and on files. They return a
// Reply, or a Status that http_error.h turns into the error response. An export Reply
// carries a plan and a byte range instead of a body: the connection streams it in chunks.
// Thread-safety: a HandlerContext belongs to one call on one worker; ApiEnv members are
// thread-safe as documented on each.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "access/retrieval.h"
#include "access/retrieval_rules.h"
#include "access/users.h"
#include "api/principal.h"
#include "audit/audit_sink.h"
#include "base/clock.h"
#include "base/status.h"
#include "catalog/catalog.h"
#include "ingest/camera_session.h"
#include "ingest/live_feed.h"
#include "mp4/export_writer.h"
#include "retention/retention_sweeper.h"

namespace custos::govern {
class ProfileSet;
class Taxonomy;
}  // namespace custos::govern
namespace custos::jobs {
class ExportJobs;
}

namespace custos::api {

class SessionStore;

// The retrieval rules of the active jurisdiction profile (govern::ActiveRetrievalRules;
// tests inject others). Called on a worker with its catalog.
using RetrievalRulesFn = std::function<Result<access::RetrievalRules>(Catalog&)>;
// The live state of the recorder's sessions, by camera id (thread-safe snapshot).
using LiveStatusFn = std::function<std::map<std::string, SessionStatus>()>;
// Subscribes to a running camera's live feed (Recorder::Subscribe; thread-safe). `wake`
// runs on the camera's loop and must only post. NotFound when the camera is not running.
// `h264`: the viewer asked for codec=h264 (an H.265 camera is then transcoded).
// `masked`: the viewer must not see the camera's privacy zones (everyone but an allowed
// ?unmasked=1): a camera with zones is then served through its masking transcoder.
using LiveSubscribeFn = std::function<Result<std::unique_ptr<LiveSubscription>>(
    const std::string& camera_id, std::function<void()> wake, bool h264, bool masked)>;
// A camera's privacy zones were changed through the API (the canonical JSON list): the
// recorder applies them to running live views before the PUT is answered.
// The disk pressure the retention thread last saw (RetentionRunner::pressure; thread-safe).
using DiskPressureFn = std::function<DiskPressure()>;
using PrivacyZonesChangedFn = std::function<void(const std::string& camera_id, const std::string& zones_json)>;

// What handlers share; owned by the ApiServer, outlives every request.
struct ApiEnv {
  std::string data_dir;
  std::string web_root;  // the built web UI (web/dist); may lack index.html (then "/" says how to build it)
  SessionStore* sessions = nullptr;  // thread-safe
  AuditSink* audit = nullptr;        // thread-safe; every access and refusal is reported
  access::LockoutPolicy lockout;
  access::RetrievalOptions retrieval;
  RetrievalRulesFn retrieval_rules;  // thread-safe
  LiveStatusFn live_status;          // thread-safe; may be empty (no recorder)
  LiveSubscribeFn live_subscribe;    // thread-safe; may be empty (no recorder: live is 503)
  PrivacyZonesChangedFn privacy_zones_changed;  // thread-safe; may be empty (no recorder)
  DiskPressureFn disk_pressure;                 // thread-safe; may be empty (no retention thread)
  const Clock* clock = nullptr;
  WallTime90k started_wall_90k;
  std::string version;
  bool tls = false;  // the server speaks only HTTPS: cookies get `Secure`
  const govern::ProfileSet* profiles = nullptr;  // immutable; never null once the server runs
  const govern::Taxonomy* taxonomy = nullptr;    // immutable
  jobs::ExportJobs* export_jobs = nullptr;  // thread-safe; null: /exports routes are 503
};

struct Request {
  std::string method;  // "GET", "HEAD", "POST"
  std::string path;    // decoded path, without the query
  std::map<std::string, std::string> path_params;  // {id} -> value
  std::map<std::string, std::string> query;        // decoded query parameters
  std::string range;   // the Range header, "" if none
  std::string body;
  std::string client;  // the peer's address, for the audit
};

// The bytes [begin, end) of an export, to be streamed after the headers.
struct StreamedBody {
  std::shared_ptr<const mp4::ExportPlan> plan;
  uint64_t begin = 0;
  uint64_t end = 0;
};

// A body made piece by piece on a worker (a transcoded export), sent with chunked
// transfer coding: no Content-Length, no Range. `next` runs on a worker, one call at a
// time; nullopt ends the body; an error cuts the connection (the status is already out).
struct ChunkedBody {
  std::function<Result<std::optional<Bytes>>()> next;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<StreamedBody> stream;  // set: body is empty, Content-Length is end - begin
  std::optional<ChunkedBody> chunked;  // set: body is empty, Transfer-Encoding: chunked
};

struct HandlerContext {
  const Request& request;
  const Principal& principal;
  Catalog& catalog;
  ApiEnv& env;
  int64_t grant_request_id = 0;  // footage: the retrieval request Authorize() allowed it by
};

using Handler = Result<Reply> (*)(HandlerContext& ctx);

}  // namespace custos::api
