#include "catalog/camera_validation.h"

#include <cctype>
#include <string>

namespace custos {

namespace {

constexpr size_t kMaxIdLength = 64;
constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxFieldLength = 256;

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; }

bool HasControlOrSpace(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return true;
  }
  return false;
}

bool HasControl(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

bool ValidPort(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 65535;
}

// host, host:port, [v6], [v6]:port
bool ValidHostPort(std::string_view authority) {
  std::string_view host = authority;
  std::string_view rest;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    rest = authority.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') return false;
    return rest.empty() || ValidPort(rest.substr(1));
  }
  const size_t colon = authority.find(':');
  if (colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    if (!ValidPort(authority.substr(colon + 1))) return false;
  }
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') return false;
  }
  return !host.empty();
}

Status CheckField(std::string_view field, std::string_view value) {
  if (value.size() > kMaxFieldLength) {
    return InvalidArgument("camera " + std::string(field) + " is longer than " + std::to_string(kMaxFieldLength) +
                           " bytes");
  }
  if (HasControl(value)) return InvalidArgument("camera " + std::string(field) + " contains control characters");
  return Status::Ok();
}

}  // namespace

Status ValidateCameraId(std::string_view id) {
  bool ok = !id.empty() && id.size() <= kMaxIdLength;
  for (char c : id) ok = ok && IsIdChar(c);
  if (ok) return Status::Ok();
  return InvalidArgument("camera id '" + std::string(id.substr(0, kMaxIdLength + 1)) +
                         "' is invalid: use 1 to 64 characters from a-z, 0-9, '_' and '-', e.g. 'gate-1'");
}

Status ValidateRtspUrl(std::string_view url) {
  const std::string_view hint = "; write e.g. rtsp://192.0.2.10:554/stream1";
  if (url.size() > kMaxUrlLength) return InvalidArgument("camera URL is longer than 2048 bytes");
  if (HasControlOrSpace(url)) return InvalidArgument("camera URL contains spaces or control characters");
  size_t scheme_length = 0;
  if (StartsWithNoCase(url, "rtsp://")) scheme_length = 7;
  if (StartsWithNoCase(url, "rtsps://")) scheme_length = 8;
  if (scheme_length == 0) return InvalidArgument("camera URL must start with rtsp:// or rtsps://" + std::string(hint));
  const std::string_view after = url.substr(scheme_length);
  const std::string_view authority = after.substr(0, after.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    // Not echoed: the URL holds a password.
    return InvalidArgument("camera URL must not contain credentials (user:password@); give them as the "
                           "camera's username and password instead");
  }
  if (!ValidHostPort(authority)) {
    return InvalidArgument("camera URL has no valid host[:port] after the scheme" + std::string(hint));
  }
  return Status::Ok();
}

Status ValidateCameraConfig(const CameraConfig& config) {
  CUSTOS_RETURN_IF_ERROR(ValidateCameraId(config.id));
  CUSTOS_RETURN_IF_ERROR(ValidateRtspUrl(config.url));
  CUSTOS_RETURN_IF_ERROR(CheckField("name", config.name));
  CUSTOS_RETURN_IF_ERROR(CheckField("username", config.username));
  CUSTOS_RETURN_IF_ERROR(CheckField("password", config.password));
  return Status::Ok();
}

}  // namespace custos
