// camera_validation.h: checks of user-supplied camera configuration.
//
// Errors are InvalidArgument with a message a CLI user can act on. A URL's text is never
// echoed back: it might hold a password (in user:pass@ or in a query parameter).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "base/status.h"
#include "catalog/catalog_types.h"

namespace custos {

// 1 to 64 characters from [a-z0-9_-].
Status ValidateCameraId(std::string_view id);

// rtsp:// or rtsps://, a host (name, IPv4 or [IPv6]), an optional port 1-65535, an
// optional path; no credentials (user:pass@), whitespace or control characters.
Status ValidateRtspUrl(std::string_view url);

// All fields of `config`: the two above, and lengths and characters of the others.
// (extra_json is checked by the database: a JSON object.)
Status ValidateCameraConfig(const CameraConfig& config);

}  // namespace custos
