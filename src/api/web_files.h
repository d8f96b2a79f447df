// web_files.h: where a request path outside /api/ finds its file in the web UI's folder
// (web/dist, built by Vite), its MIME type and how long a browser may cache it.
//
// Rules: "/" and client-side routes (a path whose file does not exist and whose last
// segment has no '.', e.g. "/live" or "/playback/gate") get index.html, never cached, so a
// new build is seen at once; files under "/assets/" carry a content hash in their names
// (Vite) and are cached for a year as immutable; anything else is revalidated. A path
// with an empty, "." or ".." segment, a backslash or NUL is refused, and a file whose real
// path (symbolic links resolved) is outside the folder is refused as well.
// Thread-safety: stateless functions; they only read the file system.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace custos::api {

struct WebFile {
  std::string path;           // the real path of the file to send
  std::string content_type;   // "text/html; charset=utf-8", ...
  std::string cache_control;  // "no-cache", "public, max-age=31536000, immutable"
  bool is_index = false;      // index.html (served for "/" and client routes)
};

// `root` is the folder; `path` the decoded request path ("/assets/index-4f2a.js").
// InvalidArgument for a refused path, NotFound when there is no such file (and it is not
// a client route), FailedPrecondition when the folder has no index.html.
Result<WebFile> ResolveWebFile(const std::string& root, std::string_view path);

// The Content-Type for a file name, by extension; application/octet-stream if unknown.
std::string_view ContentTypeFor(std::string_view file_name);

// What "/" answers when the web UI is not built: how to build it or where to point.
std::string WebUiMissingMessage(const std::string& root);

}  // namespace custos::api
