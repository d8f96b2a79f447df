// GET|HEAD /{path*}: the web UI's static files (web_files.h), public like any web page;
// the data they show comes from the API, which stays behind Authorize().
#include "api/handlers.h"
#include "api/http_error.h"
#include "api/web_files.h"
#include "base/file_util.h"

namespace custos::api {

namespace {

// The UI loads only its own scripts and styles, talks only to this server (HTTP and the
// live WebSocket) and plays video from blob: URLs (Media Source Extensions).
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'";

Reply Missing(const std::string& root) {
  Reply r;
  r.status = 503;
  r.content_type = "text/plain; charset=utf-8";
  r.body = WebUiMissingMessage(root);
  return r;
}

}  // namespace

Result<Reply> HandleWebFile(HandlerContext& ctx) {
  const std::string& path = ctx.request.path;
  // The API's namespace never falls back to the UI: an unknown API path is a JSON 404.
  if (path == "/api" || path.rfind("/api/", 0) == 0) return Err(NotFound("no route for " + path));
  auto file = ResolveWebFile(ctx.env.web_root, path);
  if (!file && file.error().code() == StatusCode::kFailedPrecondition) return Missing(ctx.env.web_root);
  if (!file) return Err(file.error());
  auto bytes = ReadFileBytes(file->path);
  if (!bytes) return Err(bytes.error().With("reading the web UI"));
  Reply r;
  r.content_type = file->content_type;
  r.body.assign(bytes->begin(), bytes->end());
  r.headers.emplace_back("Cache-Control", file->cache_control);
  if (file->is_index) {
    r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Referrer-Policy", "same-origin");
  }
  return r;
}

}  // namespace custos::api
