#include "api/web_files.h"

#include <sys/stat.h>

#include <array>
#include <climits>
#include <cstdlib>
#include <utility>

namespace custos::api {

namespace {

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kAssetsPrefix = "assets/";

bool SafeRelativePath(std::string_view rel) {
  if (rel.find('\0') != std::string_view::npos || rel.find('\\') != std::string_view::npos) return false;
  size_t begin = 0;
  while (begin <= rel.size()) {
    const size_t slash = rel.find('/', begin);
    const std::string_view seg = rel.substr(begin, slash == std::string_view::npos ? std::string_view::npos : slash - begin);
    if (seg.empty() || seg == "." || seg == "..") return false;
    if (slash == std::string_view::npos) break;
    begin = slash + 1;
  }
  return true;
}

bool IsRegularFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string RealPath(const std::string& path) {
  std::array<char, PATH_MAX> buf{};
  return ::realpath(path.c_str(), buf.data()) ? std::string(buf.data()) : std::string();
}

// A client-side route: its last segment names no file ("/live", not "/favicon.ico").
bool LooksLikeClientRoute(std::string_view rel) {
  const size_t slash = rel.rfind('/');
  const std::string_view last = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  return last.find('.') == std::string_view::npos;
}

WebFile Describe(std::string real, std::string_view rel, bool is_index) {
  WebFile f;
  f.content_type = std::string(ContentTypeFor(real));
  f.path = std::move(real);
  f.is_index = is_index;
  if (is_index) {
    f.cache_control = "no-cache";
  } else if (rel.substr(0, kAssetsPrefix.size()) == kAssetsPrefix) {
    f.cache_control = "public, max-age=31536000, immutable";
  } else {
    f.cache_control = "public, max-age=0, must-revalidate";
  }
  return f;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},           {".map", "application/json"},
      {".svg", "image/svg+xml"},               {".png", "image/png"},
      {".jpg", "image/jpeg"},                  {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"}, {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  }
  return "application/octet-stream";
}

Result<WebFile> ResolveWebFile(const std::string& root, std::string_view path) {
  const std::string real_root = RealPath(root);
  const std::string index = real_root.empty() ? std::string() : real_root + "/" + std::string(kIndex);
  if (index.empty() || !IsRegularFile(index)) return Err(FailedPrecondition(WebUiMissingMessage(root)));
  if (path.empty() || path.front() != '/') return Err(InvalidArgument("the path must start with '/'"));
  const std::string_view rel = path.substr(1);
  if (rel.empty() || rel == kIndex) return Describe(index, kIndex, true);
  if (!SafeRelativePath(rel)) return Err(InvalidArgument("refused path: empty, '.' or '..' segments are not served"));
  const std::string candidate = real_root + "/" + std::string(rel);
  if (IsRegularFile(candidate)) {
    std::string real = RealPath(candidate);
    if (real.size() <= real_root.size() || real.compare(0, real_root.size() + 1, real_root + "/") != 0) {
      return Err(InvalidArgument("refused path: it leads outside the web UI's folder"));
    }
    return Describe(std::move(real), rel, false);
  }
  if (LooksLikeClientRoute(rel)) return Describe(index, kIndex, true);
  return Err(NotFound("no file " + std::string(path) + " in the web UI"));
}

std::string WebUiMissingMessage(const std::string& root) {
  return "The Custos web UI is not built: there is no index.html in " + root +
         ".\nBuild it with `make build` (or `cd web && npm ci && npm run build`), or start "
         "`custos serve --web-root DIR` with the folder that holds a built UI.\n"
         "The HTTP API answers under /api/v1 either way.\n";
}

}  // namespace custos::api
