# bench/lib.sh: what the benchmark scripts (run.sh, view.sh) share. Sourced, not run.

# Replaces the block between "<!-- NAME results: begin -->" and "... end -->" in
# bench/README.md with the file $2 (appending a "## Latest run of bench/NAME" section the
# first time). Needs ROOT and a log function.
update_readme_section() {
  local name=$1 block=$2 readme=$ROOT/bench/README.md
  local begin="<!-- $name results: begin -->" end="<!-- $name results: end -->"
  [[ -f $readme ]] || printf '# Benchmarks\n\n' >"$readme"
  if ! grep -qF "$begin" "$readme"; then
    printf '\n## Latest run of bench/%s\n\n%s\n%s\n' "$name" "$begin" "$end" >>"$readme"
  fi
  awk -v begin="$begin" -v end="$end" -v file="$block" '
    $0 == begin {print; while ((getline line < file) > 0) print line; skip = 1; next}
    $0 == end {skip = 0}
    !skip {print}
  ' "$readme" >"$readme.tmp"
  mv "$readme.tmp" "$readme"
  log "updated $readme"
}

# printf-style arithmetic: calc FORMAT EXPRESSION (awk).
calc() { awk "BEGIN {printf \"$1\n\", $2}"; }

# Waits up to $2 seconds for file $1 to contain the regex $3.
wait_for_line() {
  local file=$1 timeout_s=$2 pattern=$3
  local deadline=$((SECONDS + timeout_s))
  while ((SECONDS < deadline)); do
    grep -qE "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}
