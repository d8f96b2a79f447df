// log.h: logging through spdlog, configured once by the application.
//
// Never log on the per-packet hot path; log state changes, and log a camera quirk once.
// Thread-safety: spdlog's default logger is thread-safe.
#pragma once

#include <spdlog/spdlog.h>

namespace custos {

// Sets the default logger's pattern and level ("trace".."off"); call once from main().
void InitLogging(const std::string& level);

}  // namespace custos
