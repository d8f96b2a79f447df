#include "web_script.h"

#include <filesystem>
#include <iostream>

namespace custos::testing {

std::string WebUiMissing(const std::string& web_dir) {
  if (!std::filesystem::exists(web_dir + "/dist/index.html")) return "the web UI is not built: run `make build`";
  if (!std::filesystem::exists(web_dir + "/node_modules/playwright-core")) {
    return "playwright-core is missing: run `cd web && npm ci`";
  }
  return "";
}

CommandResult RunWebScript(const std::string& web_dir, const std::string& script,
                           const std::vector<std::pair<std::string, std::string>>& env,
                           std::chrono::seconds timeout) {
  std::vector<std::string> argv = {"env", "-C", web_dir};
  for (const auto& [name, value] : env) argv.push_back(name + "=" + value);
  argv.insert(argv.end(), {"node", "tests/" + script});
  CommandResult r = Run(argv, timeout);
  std::cout << r.out;
  return r;
}

}  // namespace custos::testing
