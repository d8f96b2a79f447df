#!/usr/bin/env bash
# Runs each libFuzzer target for N seconds (default 15) from its seed corpus; fails on a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
shopt -s nullglob
targets=(build-fuzz/tests/fuzz/fuzz_*)
if ((${#targets[@]} == 0)); then
  echo "run-fuzzers: no fuzz targets built"
  exit 0
fi
passed=0
failed=0
for t in "${targets[@]}"; do
  [[ -x "$t" ]] || continue
  name=$(basename "$t")
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seeds="tests/fuzz/seeds/${name#fuzz_}"
  dirs=("$corpus")
  [[ -d "$seeds" ]] && dirs+=("$seeds")
  if "$t" -max_total_time="$secs" -max_len=65536 -print_final_stats=0 "${dirs[@]}" >"build-fuzz/$name.log" 2>&1; then
    echo "fuzz $name: ok (${secs}s)"
    passed=$((passed + 1))
  else
    echo "fuzz $name: FAILED, see build-fuzz/$name.log"; tail -40 "build-fuzz/$name.log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
