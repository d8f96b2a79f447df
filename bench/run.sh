#!/usr/bin/env bash
# bench/run.sh: the recording race of ../shared/BENCHMARKS.md, and the micro-benchmarks.
#
# For each camera count N: `custos sim` serves N copies of a 4 Mbit/s 720p25 H.264 clip
# over RTSP/TCP on loopback; Custos records them (fresh data folder, `custos serve`, N
# `custos camera add`), then the common alternative does (one `ffmpeg -c copy -f segment`
# per camera) against the same simulator. After WARMUP_S, each recorder is measured for
# MEASURE_S: on-CPU time of all its threads (/proc/PID/task/*/schedstat), RSS and PSS,
# bytes written, frames kept; the simulator's CPU in the same window. Then SIGTERM,
# `custos fsck`, and a sample of files decoded by ffmpeg. Results: a table on stdout, one
# line per race appended to build/bench/results.tsv, and a block in bench/README.md.
# A benchmark measures and reports: it fails only when it cannot measure.
#
# Options (environment):
#   CAMERAS="8 64 256"       camera counts for Custos
#   FFMPEG_CAMERAS="8 32 64" camera counts for ffmpeg-per-camera ("" to skip)
#   WARMUP_S=15 MEASURE_S=60 warm-up and measured window, seconds
#   LOOPS=1                  custos serve --loops (event-loop threads)
#   MICRO=1                  also run build/bench/custos_micro_bench first (0: skip)
#   MICRO_FILTER=...         --benchmark_filter for it (default: all)
#   RACE=1                   0: micro-benchmarks only
#   QUIET_WAIT_S=0           on a shared machine: before each race, wait up to this long
#                            for the other processes to use under QUIET_MAX_CORES=0.3 cores
#   PERF=0                   1: after each Custos window, `perf record` the recorder for
#                            PERF_S=20 s (outside the window) and save the top functions
#   KEEP_DATA=0              1: keep the data folders under build/bench/run-*/
#   UPDATE_README=1          replace the results block of bench/README.md (0 under QUICK)
#   QUICK=1                  smoke version, about 2-3 minutes: CAMERAS="8 32",
#                            FFMPEG_CAMERAS="8", WARMUP_S=5, MEASURE_S=15, a small
#                            timeline catalog (16 cameras x 30 days)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
BUILD=${BUILD:-$ROOT/build}
BIN=$BUILD/custos
MICRO_BIN=$BUILD/bench/custos_micro_bench
WORK=${BENCH_DIR:-$BUILD/bench}
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  CAMERAS=${CAMERAS-"8 32"}
  FFMPEG_CAMERAS=${FFMPEG_CAMERAS-"8"}
  WARMUP_S=${WARMUP_S:-5}
  MEASURE_S=${MEASURE_S:-15}
  UPDATE_README=${UPDATE_README:-0}
  export CUSTOS_BENCH_TIMELINE_CAMERAS=${CUSTOS_BENCH_TIMELINE_CAMERAS:-16}
  MICRO_ARGS=(--benchmark_min_time=0.1)
else
  MICRO_ARGS=(--benchmark_min_time=1 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
fi
CAMERAS=${CAMERAS-"8 64 256"}
FFMPEG_CAMERAS=${FFMPEG_CAMERAS-"8 32 64"}
WARMUP_S=${WARMUP_S:-15}
MEASURE_S=${MEASURE_S:-60}
LOOPS=${LOOPS:-1}
MICRO=${MICRO:-1}
MICRO_FILTER=${MICRO_FILTER:-.}
RACE=${RACE:-1}
QUIET_WAIT_S=${QUIET_WAIT_S:-0}
QUIET_MAX_CORES=${QUIET_MAX_CORES:-0.3}
PERF=${PERF:-0}
PERF_S=${PERF_S:-20}
KEEP_DATA=${KEEP_DATA:-0}
UPDATE_README=${UPDATE_README:-1}
DECODE_SAMPLE=${DECODE_SAMPLE:-4}   # files per race decoded by ffmpeg
SAMPLES=4                           # memory samples inside the window
FPS=25
CLIP_SECONDS=24
CLIP=$WORK/clip-1280x720-25fps-4M-g50.mp4   # the micro-benchmarks read the same name
export CUSTOS_BENCH_DIR=$WORK

log() { printf '%s bench: %s\n' "$(date +%T)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# ---------------------------------------------------------------- processes we started

PIDS=()    # every background process this script started, killed on exit
DIRS=()    # data folders to remove on exit (unless KEEP_DATA=1)

# Sends SIGTERM to the given processes and waits up to $1 seconds, then SIGKILLs the rest.
stop_pids() {
  local timeout_s=$1
  shift
  local p
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  local deadline=$((SECONDS + timeout_s))
  for p in "$@"; do
    while kill -0 "$p" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then
      log "process $p did not stop within ${timeout_s}s: SIGKILL"
      kill -KILL "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true
  done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local alive=()
  local p
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
  ((${#alive[@]} > 0)) && stop_pids 20 "${alive[@]}"
  if [[ $KEEP_DATA != 1 ]]; then
    local d
    for d in "${DIRS[@]}"; do rm -rf "$d"; done
  fi
  # The copy of the binary (65 MB); the run folder keeps only logs and small files.
  [[ -n ${RUN_DIR:-} && $BIN == "$RUN_DIR/custos" ]] && rm -f "$BIN"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---------------------------------------------------------------- /proc measurements

# On-CPU nanoseconds of every thread of the given processes (schedstat: sum_exec_runtime).
cpu_ns() {
  local files=() p
  for p in "$@"; do files+=(/proc/"$p"/task/*/schedstat); done
  cat "${files[@]}" 2>/dev/null | awk '{s += $1} END {printf "%.0f\n", s}'
}

# utime + stime of the given processes (all threads, dead ones included), in clock ticks.
cpu_ticks() {
  local p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] && sed 's/^.*) //' "/proc/$p/stat"
  done | awk '{s += $12 + $13} END {printf "%.0f\n", s}'
}

# One line per thread of process $1: "tid on_cpu_ns runqueue_wait_ns name" (schedstat).
thread_cpu() {
  local t
  for t in /proc/"$1"/task/*; do
    echo "${t##*/} $(cut -d' ' -f1,2 "$t/schedstat" 2>/dev/null || echo 0 0) $(tr ' ' _ <"$t/comm" 2>/dev/null || echo ?)"
  done
}

# The busiest threads between two thread_cpu snapshots, with the share of the window each
# spent runnable but waiting for a CPU: "name/tid=cores(+wait),...".
busiest_threads() {
  awk -v secs="$3" 'NR == FNR {c[$1] = $2; w[$1] = $3; next}
    {d = $2 - c[$1]; if (d > 0) printf "%.4f %s/%s %.3f\n", d / 1e9 / secs, $4, $1, ($3 - w[$1]) / 1e9 / secs}' "$1" "$2" |
    sort -rn | head -5 | awk '{printf "%s%s=%s(+%s)", (NR > 1 ? "," : ""), $2, $1, $3}'
}

# Summed VmRSS and PSS of the given processes, in kB: "rss pss".
mem_kb() {
  local p rss=0 pss=0 v
  for p in "$@"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    rss=$((rss + ${v:-0}))
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    pss=$((pss + ${v:-0}))
  done
  echo "$rss $pss"
}

# Bytes the processes wrote: "write_bytes wchar" (/proc/PID/io).
io_bytes() {
  local p
  for p in "$@"; do cat "/proc/$p/io" 2>/dev/null; done |
    awk '/^write_bytes:/ {w += $2} /^wchar:/ {c += $2} END {printf "%.0f %.0f\n", w, c}'
}

# Whole machine, in clock ticks: "busy steal softirq" (busy includes softirq).
sys_ticks() {
  awk '/^cpu / {printf "%.0f %.0f %.0f\n", $2 + $3 + $4 + $7 + $8, $9, $8}' /proc/stat
}

# Pages reclaimed so far, by kswapd and directly by allocating tasks: "kswapd direct".
reclaim_pages() {
  awk '/^pgsteal_(kswapd|khugepaged)/ {k += $2} /^pgsteal_direct/ {d += $2} END {printf "%.0f %.0f\n", k, d}' /proc/vmstat
}

now_ns() { date +%s%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# Waits (at most QUIET_WAIT_S) until the machine is quiet: other users' processes busy for
# less than QUIET_MAX_CORES over 5 s. Measures anyway when the time is up.
wait_quiet() {
  ((QUIET_WAIT_S > 0)) || return 0
  local deadline=$((SECONDS + QUIET_WAIT_S)) b0 b1 busy
  while ((SECONDS < deadline)); do
    read -r b0 _ < <(sys_ticks)
    sleep 5
    read -r b1 _ < <(sys_ticks)
    busy=$(calc %.2f "($b1 - $b0) / $(getconf CLK_TCK) / 5")
    if awk "BEGIN {exit !($busy < $QUIET_MAX_CORES)}"; then
      log "machine quiet ($busy cores busy)"
      return 0
    fi
    log "machine busy ($busy cores, load $(load1)): waiting"
  done
  log "machine still busy after ${QUIET_WAIT_S}s: measuring anyway (see 'others' in the table)"
}

# ---------------------------------------------------------------- the clip

make_clip() {
  mkdir -p "$WORK"
  if [[ ! -s $CLIP ]]; then
    log "making the clip $CLIP (${CLIP_SECONDS}s, once)"
    ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=$FPS" -t "$CLIP_SECONDS" \
      -c:v libx264 -b:v 4M -maxrate 4M -bufsize 2M -g 50 -bf 0 -pix_fmt yuv420p "$CLIP.tmp.mp4"
    mv "$CLIP.tmp.mp4" "$CLIP"
  fi
  local info
  info=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height,r_frame_rate,nb_frames,duration,bit_rate \
    -of default=nw=1 "$CLIP")
  CLIP_BITRATE=$(sed -n 's/^bit_rate=//p' <<<"$info")
  CLIP_DURATION=$(sed -n 's/^duration=//p' <<<"$info")
  CLIP_FRAMES=$(sed -n 's/^nb_frames=//p' <<<"$info")
  CLIP_PAYLOAD=$(ffprobe -v error -select_streams v:0 -show_entries packet=size -of csv=p=0 "$CLIP" |
    awk '{s += $1} END {printf "%.0f\n", s}')
  # What a recorder must store per stream-second: the clip's sample bytes over its duration.
  STREAM_BPS=$(calc "%.0f" "$CLIP_PAYLOAD / $CLIP_DURATION")
  log "clip: $(tr '\n' ' ' <<<"$info")payload $(calc %.3f "$STREAM_BPS * 8 / 1e6") Mbit/s"
  if ! awk "BEGIN {exit !($CLIP_BITRATE > 3.8e6 && $CLIP_BITRATE < 4.2e6)}"; then
    die "the clip's bit rate is $CLIP_BITRATE, not about 4 Mbit/s: delete $CLIP and rerun"
  fi
}

# ---------------------------------------------------------------- the simulator

start_sim() {
  local n=$1
  SIM_LOG=$RUN_DIR/sim-$n.err
  "$BIN" sim --port 0 --cameras "$n" --file "$CLIP" --loop --stats-interval-s 1 >"$RUN_DIR/sim-$n.out" 2>"$SIM_LOG" &
  SIM_PID=$!
  PIDS+=("$SIM_PID")
  wait_for_line "$RUN_DIR/sim-$n.out" 20 '^ready ' || die "custos sim did not print ready: $(cat "$SIM_LOG")"
  SIM_PORT=$(sed -n 's#^ready rtsp://[^:]*:\([0-9]*\)/.*#\1#p' "$RUN_DIR/sim-$n.out")
  [[ -n $SIM_PORT ]] || die "cannot read the port from: $(cat "$RUN_DIR/sim-$n.out")"
  log "sim: $n cameras on port $SIM_PORT (pid $SIM_PID)"
}

# The simulator's cumulative counters from its last stats line: "packets_sent dropped".
sim_counters() {
  grep 'RTP packets' "$SIM_LOG" | tail -1 |
    sed -n 's/.* \([0-9]*\) RTP packets; dropped \([0-9]*\) packets.*/\1 \2/p' | grep . || echo "0 0"
}

stop_sim() {
  stop_pids 15 "$SIM_PID"
  log "sim: $(grep 'RTP packets' "$SIM_LOG" | tail -1)"
}

# ---------------------------------------------------------------- one measured window

# Measures processes $@ (and the simulator) for MEASURE_S seconds. Sets W_* variables.
# $FRAMES_HOOK is called before and after the window with "before"/"after".
measure_window() {
  local pids=("$@")
  local c0 t0 s0 io0 y0 sc0 n0 c1 t1 s1 io1 y1 sc1 n1 i
  W_LOAD_BEFORE=$(load1)
  "$FRAMES_HOOK" before
  n0=$(now_ns)
  c0=$(cpu_ns "${pids[@]}")
  t0=$(cpu_ticks "${pids[@]}")
  s0=$(cpu_ns "$SIM_PID")
  io0=$(io_bytes "${pids[@]}")
  y0=$(sys_ticks)
  sc0=$(sim_counters)
  local r0 r1
  r0=$(reclaim_pages)
  W_RSS_KB=0
  W_PSS_KB=0
  W_DIRTY_MB=0
  local dirty
  for ((i = 1; i <= SAMPLES; i++)); do
    sleep "$(calc %.3f "$MEASURE_S / $SAMPLES")"
    # Page cache not yet on disk (Dirty + Writeback): past vm.dirty_background_ratio the
    # kernel writes back, past the midpoint to vm.dirty_ratio it throttles writers.
    dirty=$(awk '/^(Dirty|Writeback):/ {s += $2} END {printf "%d", s / 1024}' /proc/meminfo)
    ((dirty > W_DIRTY_MB)) && W_DIRTY_MB=$dirty
    read -r rss pss < <(mem_kb "${pids[@]}")
    if ((rss > W_RSS_KB)); then
      W_RSS_KB=$rss
      W_PSS_KB=$pss
    fi
  done
  c1=$(cpu_ns "${pids[@]}")
  t1=$(cpu_ticks "${pids[@]}")
  s1=$(cpu_ns "$SIM_PID")
  io1=$(io_bytes "${pids[@]}")
  y1=$(sys_ticks)
  sc1=$(sim_counters)
  r1=$(reclaim_pages)
  n1=$(now_ns)
  "$FRAMES_HOOK" after
  W_LOAD_AFTER=$(load1)
  W_SECONDS=$(calc %.3f "($n1 - $n0) / 1e9")
  W_START_90K=$((n0 / 100000 * 9))
  W_END_90K=$((n1 / 100000 * 9))
  local hz
  hz=$(getconf CLK_TCK)
  W_CPU_S=$(calc %.3f "($c1 - $c0) / 1e9")
  W_CPU_TICKS_S=$(calc %.2f "($t1 - $t0) / $hz")
  W_SIM_CPU_S=$(calc %.3f "($s1 - $s0) / 1e9")
  read -r wb0 wc0 <<<"$io0"
  read -r wb1 wc1 <<<"$io1"
  W_WRITE_BYTES=$((wb1 - wb0))
  W_WCHAR=$((wc1 - wc0))
  read -r b0 st0 si0 <<<"$y0"
  read -r b1 st1 si1 <<<"$y1"
  W_SYS_BUSY_S=$(calc %.2f "($b1 - $b0) / $hz")
  W_STEAL_S=$(calc %.2f "($st1 - $st0) / $hz")
  W_SOFTIRQ_S=$(calc %.2f "($si1 - $si0) / $hz")
  local k0 k1 dr0 dr1
  read -r k0 dr0 <<<"$r0"
  read -r k1 dr1 <<<"$r1"
  W_RECLAIM="kswapd $(((k1 - k0) / 256)) MB, direct $(((dr1 - dr0) / 256)) MB"
  read -r _ d0 <<<"$sc0"
  read -r _ d1 <<<"$sc1"
  W_SIM_DROPPED=$((d1 - d0))
}

# ---------------------------------------------------------------- Custos

# Per-camera counters the daemon reports every 2 s, with the time of the report.
custos_states() {
  if command -v sqlite3 >/dev/null; then
    sqlite3 -separator ' ' "$CUSTOS_DATA/custos.db" \
      "SELECT camera_id, frames, updated_wall_90k, lost_packets, state FROM camera_state ORDER BY camera_id"
  else
    # Without sqlite3: `camera list --json`, timed by our clock (up to 2 s of error).
    local t90k=$(($(now_ns) / 100000 * 9))
    "$BIN" camera list --data "$CUSTOS_DATA" --json |
      sed -n 's/.*"id":"\([^"]*\)","state":"\([^"]*\)","frames":\([0-9]*\).*/\1 \3 '"$t90k"' 0 \2/p'
  fi
}

custos_frames_hook() { custos_states >"$CUSTOS_DATA.states.$1"; }

# frames kept in the window: sum of frame increments over sum of 25 x each camera's
# reporting interval; also the worst camera. Prints "kept_pct min_pct lost_packets recording".
custos_frames_kept() {
  awk -v fps=$FPS -v win="$W_SECONDS" '
    NR == FNR {f[$1] = $2; u[$1] = $3; l[$1] = $4; next}
    {
      df = ($1 in f) ? $2 - f[$1] : $2
      dt = ($1 in u && $3 > u[$1]) ? ($3 - u[$1]) / 90000 : win
      frames += df; expect += fps * dt; lost += $4 - l[$1]
      r = df / (fps * dt); if (n == 0 || r < min) min = r
      if ($5 == "recording") rec++
      n++
    }
    END {printf "%.2f %.2f %d %d\n", expect ? 100 * frames / expect : 0, 100 * min, lost, rec}
  ' "$CUSTOS_DATA.states.before" "$CUSTOS_DATA.states.after"
}

# ffmpeg must print nothing when decoding a sample of files (spread over the list). A
# failing file is copied to $RUN_DIR/failed/ and ffmpeg's first lines are logged.
decode_check() {
  local list=$1 count total step i f bad=0 checked=0 out
  total=$(wc -l <"$list")
  ((total == 0)) && { echo "0/0"; return; }
  count=$((total < DECODE_SAMPLE ? total : DECODE_SAMPLE))
  step=$((total / count))
  for ((i = 0; i < count; i++)); do
    f=$(sed -n "$((i * step + 1))p" "$list")
    out=$(timeout 120 ffmpeg -nostdin -v error -i "$f" -f null - 2>&1 | head -3 | tr '\n' ' ')
    if [[ -n $out ]]; then
      bad=$((bad + 1))
      mkdir -p "$RUN_DIR/failed"
      cp "$f" "$RUN_DIR/failed/" 2>/dev/null || true
      log "decode check failed: $f: $out"
    fi
    checked=$((checked + 1))
  done
  echo "$((checked - bad))/$checked"
}

race_custos() {
  local n=$1 k
  CUSTOS_DATA=$RUN_DIR/custos-$n
  DIRS+=("$CUSTOS_DATA")
  rm -rf "$CUSTOS_DATA"
  mkdir -p "$CUSTOS_DATA"
  "$BIN" serve --data "$CUSTOS_DATA" --listen 127.0.0.1:0 --loops "$LOOPS" \
    >"$CUSTOS_DATA.out" 2>"$CUSTOS_DATA.err" &
  local pid=$!
  PIDS+=("$pid")
  wait_for_line "$CUSTOS_DATA.out" 30 '^Custos is recording' || die "custos serve did not start: $(tail -5 "$CUSTOS_DATA.err")"
  sleep 1
  local idle_kb
  read -r idle_kb _ < <(mem_kb "$pid")
  log "custos: serve pid $pid (RSS $((idle_kb / 1024)) MB without cameras), adding $n cameras"
  for ((k = 1; k <= n; k++)); do
    "$BIN" camera add --data "$CUSTOS_DATA" --id "$(printf c%03d "$k")" --url "rtsp://127.0.0.1:$SIM_PORT/cam$k" --accepted-on 2026-01-01 >/dev/null
  done
  log "custos: warm-up ${WARMUP_S}s"
  sleep "$WARMUP_S"
  FRAMES_HOOK=custos_frames_hook
  log "custos: measuring ${MEASURE_S}s (load $(load1))"
  thread_cpu "$pid" >"$CUSTOS_DATA.threads.before"
  measure_window "$pid"
  thread_cpu "$pid" >"$CUSTOS_DATA.threads.after"
  local busiest
  busiest=$(busiest_threads "$CUSTOS_DATA.threads.before" "$CUSTOS_DATA.threads.after" "$W_SECONDS")
  local kept min_kept lost recording
  read -r kept min_kept lost recording < <(custos_frames_kept)
  local threads
  threads=$(ls /proc/"$pid"/task | wc -l)
  if [[ $PERF == 1 ]] && command -v perf >/dev/null; then
    log "custos: perf record ${PERF_S}s (outside the window)"
    perf record -q -F 499 -g -o "$WORK/perf-custos-$n.data" -p "$pid" -- sleep "$PERF_S" >/dev/null 2>&1 || true
    local strip='s/[[:space:]]\{2,\}-[[:space:]]*-[[:space:]]*$//; s/[[:space:]]*$//'
    perf report -i "$WORK/perf-custos-$n.data" --stdio --no-children --sort symbol 2>/dev/null |
      grep -E '^ +[0-9.]+%' | head -40 | sed "$strip" >"$WORK/perf-custos-$n.top.txt" || true
    perf report -i "$WORK/perf-custos-$n.data" --stdio --no-children --sort dso 2>/dev/null |
      grep -E '^ +[0-9.]+%' | head -15 | sed "$strip" >"$WORK/perf-custos-$n.dso.txt" || true
    perf report -i "$WORK/perf-custos-$n.data" --stdio --no-children --sort pid 2>/dev/null |
      grep -E '^ +[0-9.]+%' | head -10 | sed "$strip" >"$WORK/perf-custos-$n.threads.txt" || true
    log "custos: perf trace -s 10s (system calls per thread, with their time)"
    timeout 30 perf trace -s -p "$pid" -- sleep 10 >"$WORK/perf-custos-$n.syscalls.txt" 2>&1 || true
  fi
  log "custos: stopping (SIGTERM)"
  local t_stop=$SECONDS
  stop_pids 60 "$pid"
  local stop_s=$((SECONDS - t_stop))
  local fsck=clean
  if ! "$BIN" fsck --data "$CUSTOS_DATA" >"$CUSTOS_DATA.fsck" 2>&1; then
    fsck="NOT clean"
    log "fsck: $(tail -5 "$CUSTOS_DATA.fsck")"
  fi
  find "$CUSTOS_DATA/recordings" -name '*.mp4' | sort >"$CUSTOS_DATA.files"
  local decode files in_files="?" gaps="?" files_pct="?" bunching="?" gap_seconds="?"
  decode=$(decode_check "$CUSTOS_DATA.files")
  files=$(wc -l <"$CUSTOS_DATA.files")
  if command -v sqlite3 >/dev/null; then
    in_files=$(sqlite3 "$CUSTOS_DATA/custos.db" "SELECT total(frames) FROM recording" | cut -d. -f1)
    # Frames in the files over 25 x the time each camera's files span (whole life).
    files_pct=$(sqlite3 "$CUSTOS_DATA/custos.db" \
      "SELECT printf('%.2f', 100.0 * sum(f) / ($FPS * sum(span))) FROM (SELECT sum(frames) f,
         (max(end_wall_90k) - min(start_wall_90k)) / 90000.0 span FROM recording WHERE state != 'writing' GROUP BY camera_id)")
    gaps=$(sqlite3 "$CUSTOS_DATA/custos.db" \
      "SELECT group_concat(reason || ':' || c) FROM (SELECT reason, count(*) c FROM gap WHERE start_wall_90k >= $W_START_90K AND start_wall_90k < $W_END_90K GROUP BY reason)")
    # When the gaps began (kept in the run folder), and how bunched the recordings' starts
    # are: cameras added together rotate together, every minute.
    sqlite3 -separator ' ' "$CUSTOS_DATA/custos.db" \
      "SELECT camera_id, start_wall_90k, reason, detail FROM gap WHERE start_wall_90k >= $W_START_90K
         AND start_wall_90k < $W_END_90K ORDER BY start_wall_90k" >"$CUSTOS_DATA.gaps"
    bunching=$(sqlite3 "$CUSTOS_DATA/custos.db" \
      "SELECT max(c) FROM (SELECT start_wall_90k / 90000 s, count(*) c FROM recording GROUP BY s)")
    gap_seconds=$(awk '{print int($2 / 90000)}' "$CUSTOS_DATA.gaps" | sort -u | wc -l)
  fi
  record_result custos "$n" "$kept" "$min_kept" "$lost" "$fsck" "$decode" "$files_pct" "$idle_kb" \
    "recording=$recording/$n dirty_max_mb=$W_DIRTY_MB reclaimed=($W_RECLAIM) threads=$threads busiest_threads_cores(+runqueue_wait)=$busiest stop=${stop_s}s files=$files frames_in_files=$in_files gaps_in_window=${gaps:-none} gap_starts_in_distinct_seconds=$gap_seconds most_recordings_opened_in_one_second=$bunching"
  [[ $KEEP_DATA == 1 ]] || rm -rf "$CUSTOS_DATA"
}

# ---------------------------------------------------------------- ffmpeg, one per camera

ffmpeg_frames_hook() { du -sb "$FFMPEG_DATA" | cut -f1 >"$FFMPEG_DATA.bytes.$1"; }

race_ffmpeg() {
  local n=$1 k
  FFMPEG_DATA=$RUN_DIR/ffmpeg-$n
  DIRS+=("$FFMPEG_DATA")
  rm -rf "$FFMPEG_DATA" "$FFMPEG_DATA.logs"
  mkdir -p "$FFMPEG_DATA" "$FFMPEG_DATA.logs"
  local pids=()
  local t_start_ns
  t_start_ns=$(now_ns)
  for ((k = 1; k <= n; k++)); do
    ffmpeg -nostdin -loglevel error -rtsp_transport tcp -i "rtsp://127.0.0.1:$SIM_PORT/cam$k" -c copy \
      -f segment -segment_time 60 -reset_timestamps 1 "$FFMPEG_DATA/cam${k}_%03d.mp4" 2>"$FFMPEG_DATA.logs/cam$k.err" &
    pids+=($!)
    PIDS+=($!)
  done
  log "ffmpeg: $n processes, warm-up ${WARMUP_S}s"
  sleep "$WARMUP_S"
  FRAMES_HOOK=ffmpeg_frames_hook
  log "ffmpeg: measuring ${MEASURE_S}s (load $(load1))"
  measure_window "${pids[@]}"
  local n_alive=0 p
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && n_alive=$((n_alive + 1)); done
  log "ffmpeg: stopping (SIGTERM)"
  stop_pids 60 "${pids[@]}"
  local lifetime_s
  lifetime_s=$(calc %.3f "($(now_ns) - $t_start_ns) / 1e9")
  # Frames kept in the window: bytes the segments grew by over what the cameras sent
  # (the muxer's own bytes are ~0.1%; moov is written when a segment closes).
  local b0 b1 kept
  b0=$(cat "$FFMPEG_DATA.bytes.before")
  b1=$(cat "$FFMPEG_DATA.bytes.after")
  kept=$(calc %.2f "100 * ($b1 - $b0) / ($STREAM_BPS * $W_SECONDS * $n)")
  # Frames in the files over 25 x the seconds they span (ffprobe: packets counted, and the
  # stream duration, first to last packet, which includes any hole left by lost frames;
  # the format duration would add the time before the first key frame); and, as a lower bound,
  # over 25 x each process's lifetime (connecting, and the frames before the first key
  # frame, which -c copy skips, count as lost there).
  find "$FFMPEG_DATA" -name '*.mp4' | sort >"$FFMPEG_DATA.files"
  local packets duration
  read -r packets duration < <(while read -r f; do
    ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets,duration \
      -of default=nw=1 "$f" || true
  done <"$FFMPEG_DATA.files" |
    awk -F= '$1 == "nb_read_packets" {p += $2} $1 == "duration" && $2 != "N/A" {d += $2}
      END {printf "%.0f %.3f\n", p, d}')
  local life_pct files_pct
  life_pct=$(calc %.2f "100 * $packets / ($FPS * $lifetime_s * $n)")
  files_pct=$(calc %.2f "($duration > 0) ? 100 * $packets / ($FPS * $duration) : 0")
  local errs decode
  errs=$(cat "$FFMPEG_DATA.logs"/cam*.err | grep -c . || true)
  ((errs == 0)) || log "ffmpeg said: $(cat "$FFMPEG_DATA.logs"/cam*.err | sort | uniq -c | sort -rn | head -3 | tr '\n' ';')"
  decode=$(decode_check "$FFMPEG_DATA.files")
  record_result ffmpeg "$n" "$kept" "-" "-" "-" "$decode" "$files_pct" 0 \
    "alive_at_window_end=$n_alive/$n dirty_max_mb=$W_DIRTY_MB reclaimed=($W_RECLAIM) frames_over_lifetime=${life_pct}% stderr_lines=$errs files=$(wc -l <"$FFMPEG_DATA.files")"
  [[ $KEEP_DATA == 1 ]] || rm -rf "$FFMPEG_DATA"
}

# ---------------------------------------------------------------- results

RESULTS_HEADER="impl	N	ms_cpu_per_stream_s	cores	ms_by_ticks	rss_mb	rss_mb_per_cam	pss_mb	pss_mb_per_cam	write_mb_s	wchar_mb_s	frames_kept_pct	worst_cam_pct	lost_packets	sim_dropped	sim_ms_per_stream_s	sim_cores	machine_busy_cores	others_cores	softirq_cores	steal_cores	load_before	load_after	fsck	decoded	frames_in_files_pct	rss_idle_mb	rss_mb_per_cam_above_idle	notes"

record_result() {
  local impl=$1 n=$2 kept=$3 min_kept=$4 lost=$5 fsck=$6 decode=$7 files_pct=$8 idle_kb=$9 notes=${10}
  local w=$W_SECONDS ms cores ticks_ms rss_mb pss_mb
  ms=$(calc %.3f "1000 * $W_CPU_S / ($n * $w)")
  cores=$(calc %.3f "$W_CPU_S / $w")
  ticks_ms=$(calc %.3f "1000 * $W_CPU_TICKS_S / ($n * $w)")
  rss_mb=$(calc %.1f "$W_RSS_KB / 1024")
  pss_mb=$(calc %.1f "$W_PSS_KB / 1024")
  local line
  line=$(printf '%s\t' "$impl" "$n" "$ms" "$cores" "$ticks_ms" "$rss_mb" \
    "$(calc %.2f "$W_RSS_KB / 1024 / $n")" "$pss_mb" "$(calc %.2f "$W_PSS_KB / 1024 / $n")" \
    "$(calc %.1f "$W_WRITE_BYTES / 1e6 / $w")" "$(calc %.1f "$W_WCHAR / 1e6 / $w")" "$kept" "$min_kept" "$lost" \
    "$W_SIM_DROPPED" "$(calc %.3f "1000 * $W_SIM_CPU_S / ($n * $w)")" "$(calc %.3f "$W_SIM_CPU_S / $w")" \
    "$(calc %.2f "$W_SYS_BUSY_S / $w")" "$(calc %.2f "($W_SYS_BUSY_S - $W_CPU_S - $W_SIM_CPU_S) / $w")" \
    "$(calc %.2f "$W_SOFTIRQ_S / $w")" "$(calc %.2f "$W_STEAL_S / $w")" "$W_LOAD_BEFORE" "$W_LOAD_AFTER" "$fsck" "$decode" "$files_pct" \
    "$(calc %.1f "$idle_kb / 1024")" "$(calc %.3f "($W_RSS_KB - $idle_kb) / 1024 / $n")")
  line+="$notes"
  echo "$line" >>"$RUN_DIR/results.tsv"
  log "$impl N=$n: $ms ms CPU per stream-second ($cores cores), RSS $rss_mb MB, frames kept $kept% (files: $files_pct%), sim $(calc %.3f "1000 * $W_SIM_CPU_S / ($n * $w)") ms; $notes"
}

print_table() {
  local tsv=$1
  printf '| recorder | N | CPU ms per stream-s | cores | RSS MB: total, per cam (above idle) | PSS MB (per cam) | written MB/s | frames kept: window, files | lost packets, sim drops | sim: ms per stream-s (cores) | others, cores | fsck | decoded |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
  awk -F'\t' 'NR > 1 {
    per_cam = ($1 == "custos") ? sprintf("%s (%s)", $7, $28) : $7
    printf "| %s | %s | **%s** | %s | %s, %s | %s (%s) | %s | %s%%, %s%% | %s, %s | %s (%s) | %s | %s | %s |\n",
      ($1 == "custos" ? "Custos" : "ffmpeg per camera"), $2, $3, $4, $6, per_cam, $8, $9, $10, $12, $26, $14, $15,
      $16, $17, $19, $24, $25
  }' "$tsv"
  echo
  printf 'Ratios, ffmpeg CPU per stream ÷ Custos CPU per stream at the same N:'
  awk -F'\t' 'NR > 1 {v[$1, $2] = $3; n[$2] = 1}
    END {for (k in n) if (("custos", k) in v && ("ffmpeg", k) in v && v["custos", k] > 0)
      printf " N=%s: %.1fx;", k, v["ffmpeg", k] / v["custos", k]}' "$tsv"
  echo
  echo
  echo 'Per race:'
  awk -F'\t' 'NR > 1 {printf "- %s N=%s: %s; CPU by utime+stime %s ms; worst camera %s%%; Custos RSS without cameras %s MB; machine busy %s cores, softirq %s, steal %s; load %s -> %s\n",
    $1, $2, $29, $5, $13, $27, $18, $20, $21, $22, $23}' "$tsv"
}

machine_info() {
  echo "- free memory at the start: $START_FREE_MB MB; vm.dirty_ratio $(cat /proc/sys/vm/dirty_ratio)%, dirty_background_ratio $(cat /proc/sys/vm/dirty_background_ratio)%"
  echo "- machine: $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM," \
    "disk $(lsblk -dno NAME,SIZE,MODEL "$(findmnt -no SOURCE --target "$WORK")" 2>/dev/null | xargs)" \
    "($(findmnt -no FSTYPE --target "$WORK"), $(lsblk -dno SUBSYSTEMS "$(findmnt -no SOURCE --target "$WORK")" 2>/dev/null | cut -d: -f1)), kernel $(uname -r), Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); $("$BIN" version 2>/dev/null | head -1) at commit $GIT_REV; $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
  echo "- command: \`$RUN_COMMAND\`"
  echo "- clip: 1280x720 25 fps H.264 GOP 50 no B-frames, $(calc %.3f "$CLIP_BITRATE / 1e6") Mbit/s (ffprobe), ${CLIP_FRAMES} frames," \
    "$(calc %.1f "$CLIP_DURATION") s looped; warm-up ${WARMUP_S} s, measured ${MEASURE_S} s; custos serve --loops $LOOPS"
}

update_readme() { update_readme_section run.sh "$1"; }

# ---------------------------------------------------------------- main

main() {
  RUN_COMMAND="QUICK=$QUICK CAMERAS=\"$CAMERAS\" FFMPEG_CAMERAS=\"$FFMPEG_CAMERAS\" WARMUP_S=$WARMUP_S MEASURE_S=$MEASURE_S LOOPS=$LOOPS bench/run.sh"
  [[ -x $BIN ]] || die "$BIN not found: run make build first"
  command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || die "needs ffmpeg and ffprobe (apt-get install ffmpeg)"
  command -v sqlite3 >/dev/null || log "sqlite3 not installed: frames from 'camera list --json' (less precise)"
  local n
  for n in $CAMERAS $FFMPEG_CAMERAS; do
    [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 1024)) || die "camera counts must be 1..1024, got '$n'"
  done
  ((MEASURE_S >= 5 && MEASURE_S <= 3600 && WARMUP_S >= 0 && WARMUP_S <= 600)) || die "WARMUP_S 0..600, MEASURE_S 5..3600"
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

  START_FREE_MB=$(free -m | awk '/^Mem:/ {print $4}')
  make_clip
  RUN_DIR=$WORK/run-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$RUN_DIR"  # logs and per-race files stay; data folders are removed
  # Run a copy: a rebuild of build/custos during the run must not change what is measured.
  cp "$BIN" "$RUN_DIR/custos"
  BIN=$RUN_DIR/custos
  GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  if [[ -n $(git -C "$ROOT" --no-optional-locks status --porcelain -- src apps 2>/dev/null) ]]; then GIT_REV+=" + uncommitted changes in src/"; fi
  printf '%s\n' "$RESULTS_HEADER" >"$RUN_DIR/results.tsv"

  local micro_out=$RUN_DIR/micro.txt
  if [[ $MICRO == 1 ]]; then
    [[ -x $MICRO_BIN ]] || die "$MICRO_BIN not found: make build (CUSTOS_BENCH=ON)"
    log "micro-benchmarks (the timeline catalog is built once into $WORK; a few minutes)"
    "$MICRO_BIN" --benchmark_filter="$MICRO_FILTER" "${MICRO_ARGS[@]}" 2>&1 | tee "$micro_out" >&2
  fi

  local all=""
  [[ $RACE == 1 ]] && all=$(printf '%s\n' $CAMERAS $FFMPEG_CAMERAS | sort -n -u)
  for n in $all; do
    start_sim "$n"
    if [[ " $CAMERAS " == *" $n "* ]]; then
      wait_quiet
      race_custos "$n"
    fi
    if [[ " $FFMPEG_CAMERAS " == *" $n "* ]]; then
      sleep 2
      wait_quiet
      race_ffmpeg "$n"
    fi
    stop_sim
  done

  local block=$RUN_DIR/block.md
  {
    machine_info
    echo
    print_table "$RUN_DIR/results.tsv"
    if [[ -s $micro_out ]]; then
      echo
      echo 'Micro-benchmarks (`build/bench/custos_micro_bench`):'
      echo
      echo '```'
      grep -E '^(BM_|Benchmark|-----)' "$micro_out" | grep -vE '_(stddev|cv)' || true
      echo '```'
    fi
  } >"$block"
  echo
  cat "$block"
  mkdir -p "$WORK"
  if [[ ! -f $WORK/results.tsv ]]; then printf 'date\t%s\n' "$RESULTS_HEADER" >"$WORK/results.tsv"; fi
  tail -n +2 "$RUN_DIR/results.tsv" | sed "s/^/$(date -u +%Y-%m-%dT%H:%MZ)\t/" >>"$WORK/results.tsv"
  cp "$block" "$WORK/last-run.md"
  if [[ $UPDATE_README == 1 ]]; then update_readme "$block"; fi
  log "done; results in $WORK/last-run.md and $WORK/results.tsv"
}

main "$@"
