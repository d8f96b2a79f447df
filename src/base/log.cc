#include "base/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace custos {

void InitLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("custos");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ [%n] %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace custos
