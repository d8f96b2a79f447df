// Small helpers shared by the libav* source and sink (private to src/privacy).
#pragma once

#include <string>

extern "C" {
#include <libavutil/error.h>
}

#include "base/status.h"

namespace custos::privacy {

inline Status AvError(int err, const std::string& what) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof buf);
  return Internal(what + ": " + buf);
}

}  // namespace custos::privacy
