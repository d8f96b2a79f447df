// web_script.h: running a browser test of web/tests (Node with playwright-core driving
// Debian's headless Chromium) against a `custos serve` the C++ test started.
// Thread-safety: test thread only.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"

namespace custos::testing {

// Empty when `web_dir` holds the built UI (dist/index.html) and playwright-core; else what
// to run first.
std::string WebUiMissing(const std::string& web_dir);

// `node tests/SCRIPT` in `web_dir`, with `env` (name, value) added to the environment and
// no shell in between; its output is printed as well as returned.
CommandResult RunWebScript(const std::string& web_dir, const std::string& script,
                           const std::vector<std::pair<std::string, std::string>>& env,
                           std::chrono::seconds timeout);

}  // namespace custos::testing
