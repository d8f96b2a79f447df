#!/usr/bin/env bash
# Runs every test: unit and integration tests through CTest, then each fuzz target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
if [[ "${CUSTOS_SKIP_FUZZ:-0}" != 1 ]]; then
  [[ -f build-fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz --target fuzzers -j "$(nproc)"
  scripts/run-fuzzers.sh "${CUSTOS_FUZZ_SECONDS:-15}"
fi
