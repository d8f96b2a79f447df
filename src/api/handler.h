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

#include "api/principal.h"
#include "base/clock.h"
#include "base/status.h"
#include "audit/audit_sink.h"
#include "catalog/catalog.h"
#include "ingest/camera_session.h"
#include "ingest/live_feed.h"
#include "mp4/export_writer.h"

namespace custos::govern {
class ProfileSet;
class Taxonomy;
}  // namespace custos::govern

namespace custos::api {

class SessionStore;

// Checks a user's password; true if it matches. Called on a worker (it may be slow:
// Argon2id). Govern replaces it with its user store.
using PasswordVerifier = std::function<Result<bool>(const std::string& user, const std::string& password)>;
// The live state of the recorder's sessions, by camera id (thread-safe snapshot).
using LiveStatusFn = std::function<std::map<std::string, SessionStatus>()>;
// Subscribes to a running camera's live feed (Recorder::Subscribe; thread-safe). `wake`
// runs on the camera's loop and must only post. NotFound when the camera is not running.
using LiveSubscribeFn = std::function<Result<std::unique_ptr<LiveSubscription>>(const std::string& camera_id,
                                                                                 std::function<void()> wake)>;

// What handlers share; owned by the ApiServer, outlives every request.
struct ApiEnv {
  std::string data_dir;
  SessionStore* sessions = nullptr;  // thread-safe
  PasswordVerifier verify_password;  // thread-safe
  LiveStatusFn live_status;          // thread-safe; may be empty (no recorder)
  LiveSubscribeFn live_subscribe;    // thread-safe; may be empty (no recorder: live is 503)
  const Clock* clock = nullptr;
  WallTime90k started_wall_90k;
  std::string version;
  const govern::ProfileSet* profiles = nullptr;  // immutable; null: Govern routes answer 503
  const govern::Taxonomy* taxonomy = nullptr;    // immutable
  AuditSink* audit = nullptr;                    // thread-safe; null until the audit log exists
};

struct Request {
  std::string method;  // "GET", "HEAD", "POST"
  std::string path;    // decoded path, without the query
  std::map<std::string, std::string> path_params;  // {id} -> value
  std::map<std::string, std::string> query;        // decoded query parameters
  std::string range;   // the Range header, "" if none
  std::string body;
};

// The bytes [begin, end) of an export, to be streamed after the headers.
struct StreamedBody {
  std::shared_ptr<const mp4::ExportPlan> plan;
  uint64_t begin = 0;
  uint64_t end = 0;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<StreamedBody> stream;  // set: body is empty, Content-Length is end - begin
};

struct HandlerContext {
  const Request& request;
  const Principal& principal;
  Catalog& catalog;
  ApiEnv& env;
};

using Handler = Result<Reply> (*)(HandlerContext& ctx);

}  // namespace custos::api
