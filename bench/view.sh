#!/usr/bin/env bash
# bench/view.sh: the View benchmarks of issue 3 (../shared/BENCHMARKS.md "Viewing and the
# index"): time to first byte and throughput of a one-hour export against `cat` of the same
# files, live latency in headless Chromium, and the cost of 0/1/10/50 live viewers.
#
# One hour of recordings is made quickly: Custos records one 60 s recording of `custos
# sim` (the 4 Mbit/s 720p25 clip of run.sh) in real time, then the catalog row and the file
# are cloned 59 times, end to end (sqlite3 + cp): 60 real, distinct files, indexed as
# Custos indexes them. Results: a block on stdout and in bench/README.md (between the
# view.sh markers), the raw numbers in the run folder build/bench/view-*/.
# A benchmark measures and reports: it fails only when it cannot measure.
#
# Options (environment):
#   EXPORT=1 LIVE=1 VIEWERS=1   which parts to run
#   EXPORT_RUNS=20              TTFB samples (curl -w time_starttransfer)
#   THROUGHPUT_RUNS=5           alternated curl / cat passes over the hour
#   LIVE_S=30                   measured seconds in Chromium (after a 3 s warm-up)
#   LIVE_SIZE=1280x720 LIVE_KBPS=4000   the rtsp-camera --clock stream
#   VIEWER_COUNTS="0 1 10 50"   viewers per step; VIEWER_S=20 measured seconds per step
#   UPDATE_README=1             replace the view.sh block of bench/README.md
#   KEEP_DATA=0                 1: keep the data folders
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
BUILD=${BUILD:-$ROOT/build}
BIN=$BUILD/custos
WORK=${BENCH_DIR:-$BUILD/bench}
EXPORT=${EXPORT:-1}
LIVE=${LIVE:-1}
VIEWERS=${VIEWERS:-1}
EXPORT_RUNS=${EXPORT_RUNS:-20}
THROUGHPUT_RUNS=${THROUGHPUT_RUNS:-5}
LIVE_S=${LIVE_S:-30}
LIVE_SIZE=${LIVE_SIZE:-1280x720}
LIVE_KBPS=${LIVE_KBPS:-4000}
VIEWER_COUNTS=${VIEWER_COUNTS:-"0 1 10 50"}
VIEWER_S=${VIEWER_S:-20}
UPDATE_README=${UPDATE_README:-1}
KEEP_DATA=${KEEP_DATA:-0}
CLIP=$WORK/clip-1280x720-25fps-4M-g50.mp4   # the clip of run.sh
CAMERA_SCRIPT=${CAMERA_SCRIPT:-$ROOT/../shared/peers/rtsp-camera}
NODE_DIR=$ROOT/bench/view
HOUR_S=3600

log() { printf '%s view: %s\n' "$(date +%T)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

PIDS=()
DIRS=()
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $KEEP_DATA != 1 ]]; then for p in "${DIRS[@]}"; do rm -rf "$p"; done; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() {
  local p=$1 deadline=$((SECONDS + 20))
  kill -TERM "$p" 2>/dev/null || true
  while kill -0 "$p" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}
load1() { cut -d' ' -f1 /proc/loadavg; }
# median and p95 of the numbers on stdin (one a line): "median p95 min max n"
stats() { sort -g | awk '{v[NR] = $1} END {if (!NR) {print "- - - - 0"; exit}
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  i = int(0.95 * (NR - 1) + 0.5) + 1; print m, v[i], v[1], v[NR], NR}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

make_clip() {
  mkdir -p "$WORK"
  [[ -s $CLIP ]] && return
  log "making the clip $CLIP (24 s, once)"
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=25" -t 24 \
    -c:v libx264 -b:v 4M -maxrate 4M -bufsize 2M -g 50 -bf 0 -pix_fmt yuv420p "$CLIP.tmp.mp4"
  mv "$CLIP.tmp.mp4" "$CLIP"
}

# Starts `custos serve` on data folder $1 with extra options; sets SERVE_PID, PORT, BASE.
start_serve() {
  local data=$1
  shift
  local out=$data.out.$((++SERVE_STARTS))
  "$BIN" serve --data "$data" --listen 127.0.0.1:0 "$@" >"$out" 2>>"$data.err" &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  wait_for_line "$out" 30 '^Listening on' || die "custos serve did not start: $(tail -5 "$data.err")"
  PORT=$(sed -n 's#^Listening on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$out")
  BASE=http://127.0.0.1:$PORT
  # Printed at the first start of a data folder only.
  local password
  password=$(sed -n 's/^Administrator: admin, password: //p' "$out")
  [[ -z $password ]] || PASSWORD=$password
}
SERVE_STARTS=0

# Logs in as user $2 with password $3; writes the cookie jar $1.
login() {
  curl -sf -c "$1" -H 'Content-Type: application/json' \
    --data "{\"user\":\"$2\",\"password\":\"$3\"}" "$BASE/api/v1/login" >/dev/null || die "login as $2 failed"
}

# `custos user add NAME --role ROLE [more options]` on data folder $1; prints the generated
# password. The administrator sees no footage (docs/design/access.md): live needs a duty
# operator assigned to the camera, exports an investigator with an approved request.
add_user() {
  local data=$1 name=$2 role=$3
  shift 3
  "$BIN" user add "$name" --role "$role" "$@" --data "$data" | sed -n 's/.*password: \([^ ]*\).*/\1/p' | head -1
}

# Gives investigator `inv` of data folder $1 an approved export request for camera $2 over
# [$3, $4) (ISO 8601), approved by two approvers; prints inv's password.
export_grant() {
  local data=$1 camera=$2 from=$3 to=$4 inv ap1 ap2 id
  inv=$(add_user "$data" inv investigator)
  ap1=$(add_user "$data" ap1 approver)
  ap2=$(add_user "$data" ap2 approver)
  id=$(echo "$inv" | "$BIN" request file --data "$data" --as inv --kind export --camera "$camera" --from "$from" \
    --to "$to" --purpose "benchmark" --case BENCH-1 --approval-doc D-1 --person "Bench:1:W-1" \
    --destination "/dev/null" | awk 'NR == 1 {print $1}')
  [[ -n $id ]] || die "filing the export request failed"
  echo "$ap1" | "$BIN" request approve "$id" --as ap1 --data "$data" >/dev/null || die "approval 1 failed"
  echo "$ap2" | "$BIN" request approve "$id" --as ap2 --data "$data" >/dev/null || die "approval 2 failed"
  echo "$inv"
}

start_sim() {
  "$BIN" sim --port 0 --cameras 1 --file "$CLIP" --loop >"$RUN_DIR/sim.out" 2>"$RUN_DIR/sim.err" &
  SIM_PID=$!
  PIDS+=("$SIM_PID")
  wait_for_line "$RUN_DIR/sim.out" 20 '^ready ' || die "custos sim did not start: $(cat "$RUN_DIR/sim.err")"
  SIM_URL=$(sed -n 's#^ready \(rtsp://[^ ]*\).*#\1#p' "$RUN_DIR/sim.out" | head -1)
  SIM_URL=${SIM_URL%/}
  [[ $SIM_URL == */cam1 ]] || SIM_URL=$SIM_URL/cam1
}

# ---------------------------------------------------------------- one hour of recordings

# Records one complete 60 s recording, then clones it into a contiguous hour.
make_hour() {
  HOUR_DATA=$RUN_DIR/hour
  DIRS+=("$HOUR_DATA")
  mkdir -p "$HOUR_DATA"
  start_sim
  start_serve "$HOUR_DATA" --recording-seconds 60
  "$BIN" camera add --data "$HOUR_DATA" --id hour --url "$SIM_URL" --accepted-on 2026-01-01 >/dev/null
  log "recording one 60 s recording in real time (about 65 s)"
  local db=$HOUR_DATA/custos.db deadline=$((SECONDS + 150))
  until [[ $(sqlite3 "$db" "SELECT count(*) FROM recording WHERE state = 'complete'
            AND end_wall_90k - start_wall_90k >= 59 * 90000" 2>/dev/null || echo 0) -ge 1 ]]; do
    ((SECONDS < deadline)) || die "no complete recording after 150 s: $(tail -3 "$HOUR_DATA.err")"
    sleep 1
  done
  stop_pid "$SERVE_PID"
  stop_pid "$SIM_PID"
  local id path span
  read -r id path span < <(sqlite3 -separator ' ' "$db" "SELECT id, file_path, end_wall_90k - start_wall_90k
    FROM recording WHERE state = 'complete' ORDER BY end_wall_90k - start_wall_90k DESC LIMIT 1")
  local n=$(((HOUR_S * 90000 + span - 1) / span))
  log "cloning recording $id ($path, $(calc %.2f "$span / 90000") s) into $n contiguous recordings"
  sqlite3 "$db" "SELECT file_path FROM recording WHERE id != $id" | while read -r f; do rm -f "$HOUR_DATA/$f"; done
  local dir
  dir=$(dirname "$path")
  local k
  for ((k = 1; k < n; k++)); do cp "$HOUR_DATA/$path" "$HOUR_DATA/$dir/clone-$(printf %03d "$k").mp4"; done
  sqlite3 "$db" <<SQL
DELETE FROM recording WHERE id != $id;
DELETE FROM gap;
UPDATE camera SET enabled = 0;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $n - 1)
INSERT INTO recording (camera_id, file_path, state, start_wall_90k, end_wall_90k, media_start_90k,
                       media_duration_90k, bytes, frames, key_frames, video_params_id, frame_index,
                       open_reason, created_wall_90k)
SELECT r.camera_id, printf('%s/clone-%03d.mp4', '$dir', k.i), 'complete', r.start_wall_90k + k.i * $span,
       r.end_wall_90k + k.i * $span, r.media_start_90k, r.media_duration_90k, r.bytes, r.frames, r.key_frames,
       r.video_params_id, r.frame_index, 'rotate', r.created_wall_90k
FROM recording r, k WHERE r.id = $id;
SQL
  read -r HOUR_FROM_90K HOUR_FILES HOUR_FILE_BYTES HOUR_FRAMES < <(sqlite3 -separator ' ' "$db" \
    "SELECT min(start_wall_90k), count(*), sum(bytes), sum(frames) FROM recording")
  HOUR_TO_90K=$((HOUR_FROM_90K + HOUR_S * 90000))
  FILES_LIST=$RUN_DIR/hour-files.txt
  sqlite3 "$db" "SELECT '$HOUR_DATA/' || file_path FROM recording ORDER BY start_wall_90k" >"$FILES_LIST"
  HOUR_DISK_BYTES=$(xargs cat <"$FILES_LIST" | wc -c)
  log "one hour: $HOUR_FILES files, $HOUR_FRAMES frames, $HOUR_DISK_BYTES bytes on disk"
}

iso() { date -u -d "@$(($1 / 90000))" +%Y-%m-%dT%H:%M:%SZ; }

bench_export() {
  make_hour
  start_serve "$HOUR_DATA"
  local jar=$RUN_DIR/cookies.txt inv
  inv=$(export_grant "$HOUR_DATA" hour "$(iso "$((HOUR_FROM_90K - 90000))")" "$(iso "$((HOUR_TO_90K + 90000))")")
  login "$jar" inv "$inv"
  local url="$BASE/api/v1/cameras/hour/export.mp4?from=$(iso "$HOUR_FROM_90K")&to=$(iso "$HOUR_TO_90K")"
  echo "$url" >"$RUN_DIR/export-url.txt"
  log "warming the page cache (cat of the hour, one export)"
  xargs cat <"$FILES_LIST" >/dev/null
  curl -sf -b "$jar" -o /dev/null "$url" || die "export failed: $(tail -3 "$HOUR_DATA.err")"
  EXPORT_BYTES=$(curl -sfI -b "$jar" "$url" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ll]ength: //p')
  # Time to first byte: a fresh connection per request, the body is read to the end.
  local i
  : >"$RUN_DIR/ttfb.txt"
  for ((i = 0; i < EXPORT_RUNS; i++)); do
    curl -sf -b "$jar" -o /dev/null -w '%{time_starttransfer} %{time_connect}\n' "$url" >>"$RUN_DIR/ttfb.txt"
  done
  read -r TTFB_MED TTFB_P95 TTFB_MIN TTFB_MAX _ < <(awk '{printf "%.1f\n", ($1 - $2) * 1000}' "$RUN_DIR/ttfb.txt" | stats)
  log "TTFB (ms, minus connect): median $TTFB_MED p95 $TTFB_P95 min $TTFB_MIN max $TTFB_MAX"
  # The CPU one export plan costs Custos: HEAD builds the whole plan and sends no body.
  local c0 c1
  c0=$(cpu_ticks "$SERVE_PID")
  for ((i = 0; i < EXPORT_RUNS; i++)); do curl -sf -I -b "$jar" -o /dev/null "$url"; done
  c1=$(cpu_ticks "$SERVE_PID")
  PLAN_CPU_MS=$(calc %.1f "($c1 - $c0) * 1000 / $(getconf CLK_TCK) / $EXPORT_RUNS")
  log "CPU per export plan (HEAD): $PLAN_CPU_MS ms"
  # Baselines: the same files served by a bare HTTP server (bench/view/file_server.py),
  # with sendfile(2) and with read/send of 1 MiB blocks, to curl over loopback.
  local mode
  for mode in sendfile copy; do
    python3 "$NODE_DIR/file_server.py" "$mode" "$FILES_LIST" >"$RUN_DIR/file_server-$mode.out" &
    PIDS+=("$!")
    eval "FS_PID_$mode=$!"
    wait_for_line "$RUN_DIR/file_server-$mode.out" 10 '^ready ' || die "file_server.py did not start"
    eval "FS_PORT_$mode=$(sed -n 's/^ready //p' "$RUN_DIR/file_server-$mode.out")"
  done
  # Throughput: alternate curl of the export, cat of the same files, and the two baselines,
  # all to /dev/null.
  : >"$RUN_DIR/throughput.txt"
  local t0 t1
  timed() {  # name bytes command...
    local name=$1 bytes=$2
    shift 2
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    echo "$name $(calc %.1f "$bytes / (($t1 - $t0) / 1e9) / 1e6")" >>"$RUN_DIR/throughput.txt"
  }
  for ((i = 0; i < THROUGHPUT_RUNS; i++)); do
    timed curl "$EXPORT_BYTES" curl -sf -b "$jar" -o /dev/null "$url"
    timed cat "$HOUR_DISK_BYTES" xargs -a "$FILES_LIST" cat
    timed sendfile "$HOUR_DISK_BYTES" curl -sf -o /dev/null "http://127.0.0.1:$FS_PORT_sendfile/"
    timed copy "$HOUR_DISK_BYTES" curl -sf -o /dev/null "http://127.0.0.1:$FS_PORT_copy/"
  done
  stop_pid "$FS_PID_sendfile"
  stop_pid "$FS_PID_copy"
  for mode in curl cat sendfile copy; do
    read -r med _ _ _ _ < <(awk -v m=$mode '$1 == m {print $2}' "$RUN_DIR/throughput.txt" | stats)
    eval "MBPS_$mode=$med"
    eval "ALL_$mode=\"$(awk -v m=$mode '$1 == m {printf "%s ", $2}' "$RUN_DIR/throughput.txt" | sed 's/ $//')\""
  done
  THROUGHPUT_RATIO=$(calc %.2f "$MBPS_curl / $MBPS_cat")
  log "throughput MB/s: export $MBPS_curl ($ALL_curl), cat $MBPS_cat ($ALL_cat), bare sendfile $MBPS_sendfile ($ALL_sendfile), bare copy $MBPS_copy ($ALL_copy); ratio $THROUGHPUT_RATIO"
  EXPORT_LOAD=$(load1)
  stop_pid "$SERVE_PID"
}

# ---------------------------------------------------------------- live latency

# $1: the camera's test pattern (ball: moving; black: still, for the clock-change glass-to-glass).
bench_live() {
  local pattern=$1 data=$RUN_DIR/live-$1 cport
  DIRS+=("$data")
  mkdir -p "$data"
  cport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$CAMERA_SCRIPT" --port "$cport" --size "$LIVE_SIZE" --kbps "$LIVE_KBPS" --fps 25 --gop 50 --clock \
    --pattern "$pattern" >"$RUN_DIR/camera.out" 2>"$RUN_DIR/camera.err" &
  local cam_pid=$!
  PIDS+=("$cam_pid")
  wait_for_line "$RUN_DIR/camera.out" 30 'ready' || die "rtsp-camera did not start: $(tail -3 "$RUN_DIR/camera.err")"
  start_serve "$data"
  "$BIN" camera add --data "$data" --id clock --url "rtsp://127.0.0.1:$cport/cam1" --accepted-on 2026-01-01 >/dev/null
  local op
  op=$(add_user "$data" op duty_operator --camera clock)
  sleep 5
  log "live latency in Chromium for ${LIVE_S} s, pattern $pattern (load $(load1))"
  local clock=0 json
  [[ $pattern == black ]] && clock=1
  eval "LIVE_LOAD_$pattern=$(load1)"
  json=$(cd "$NODE_DIR" && CLOCK=$clock CUSTOS_USER=op node live_latency.mjs "$BASE" "$op" clock "$LIVE_S" \
    2>"$RUN_DIR/live-$pattern.err") || log "live_latency failed: $json $(tail -3 "$RUN_DIR/live-$pattern.err")"
  echo "$json" >"$RUN_DIR/live-$pattern.json"
  eval "LIVE_JSON_$pattern=\$json"
  log "live ($pattern): $json"
  stop_pid "$SERVE_PID"
  stop_pid "$cam_pid"
}

# ---------------------------------------------------------------- viewers

bench_viewers() {
  local data=$RUN_DIR/viewers n
  DIRS+=("$data")
  mkdir -p "$data"
  start_sim
  start_serve "$data"
  "$BIN" camera add --data "$data" --id cam --url "$SIM_URL" --accepted-on 2026-01-01 >/dev/null
  local op
  op=$(add_user "$data" op duty_operator --camera cam)
  sleep 5
  : >"$RUN_DIR/viewers.txt"
  local hz
  hz=$(getconf CLK_TCK)
  for n in $VIEWER_COUNTS; do
    local client_pid="" c0 c1 t0 t1 out=$RUN_DIR/viewers-$n.json
    if ((n > 0)); then
      (cd "$NODE_DIR" && CUSTOS_USER=op exec node viewers.mjs "$BASE" "$op" cam "$n" "$VIEWER_S") >"$out" 2>"$out.err" &
      client_pid=$!
      PIDS+=("$client_pid")
    fi
    sleep 3  # the clients' warm-up (viewers.mjs skips its first 3 s too)
    local load
    load=$(load1)
    c0=$(cpu_ticks "$SERVE_PID")
    t0=$(date +%s%N)
    local cc0=0 cc1=0
    [[ -n $client_pid ]] && cc0=$(cpu_ticks "$client_pid" 2>/dev/null || echo 0)
    sleep "$VIEWER_S"
    c1=$(cpu_ticks "$SERVE_PID")
    t1=$(date +%s%N)
    [[ -n $client_pid ]] && cc1=$(cpu_ticks "$client_pid" 2>/dev/null || echo 0)
    local rss
    rss=$(rss_kb "$SERVE_PID")
    local core
    core=$(calc %.4f "($c1 - $c0) / $hz / (($t1 - $t0) / 1e9)")
    local client_core
    client_core=$(calc %.3f "($cc1 - $cc0) / $hz / (($t1 - $t0) / 1e9)")
    [[ -n $client_pid ]] && wait "$client_pid" 2>/dev/null || true
    local summary="{}"
    [[ -s $out ]] && summary=$(tail -1 "$out")
    echo "$n $core $rss $client_core $load $summary" >>"$RUN_DIR/viewers.txt"
    log "viewers $n: custos $core core, RSS $((rss / 1024)) MB; client $client_core core; load $load; $summary"
  done
  stop_pid "$SERVE_PID"
  stop_pid "$SIM_PID"
}

# ---------------------------------------------------------------- report

json() { node -e "const o=JSON.parse(process.argv[1]); const v=process.argv[2].split('.').reduce((a,k)=>a==null?a:a[k],o); console.log(v==null?'-':v)" "$1" "$2"; }

report() {
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit $GIT_REV; machine: $(nproc) vCPU $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r), Debian $(cat /etc/debian_version); Chromium $(chromium --version 2>/dev/null | awk '{print $2}')"
  echo "- command: \`$RUN_COMMAND\`; load average (1 min) at the start $START_LOAD"
  if [[ $EXPORT == 1 ]]; then
    echo
    echo "One-hour export ($HOUR_FILES recordings of 60 s, $HOUR_FRAMES frames, $(calc %.2f "$HOUR_DISK_BYTES / 1e9") GB in the files, $(calc %.2f "$EXPORT_BYTES / 1e9") GB exported; warm page cache; load $EXPORT_LOAD at the end):"
    echo
    echo "| figure | target | measured |"
    echo "|---|---|---|"
    echo "| time to first byte of the one-hour export (curl \`time_starttransfer - time_connect\`, $EXPORT_RUNS runs) | ≤ 50 ms | median **$TTFB_MED ms**, p95 $TTFB_P95 ms (min $TTFB_MIN, max $TTFB_MAX) |"
    echo "| CPU of Custos per export plan (\`curl -I\`, $EXPORT_RUNS runs: catalog query, scan of every file's moofs, plan) | | $PLAN_CPU_MS ms |"
    echo "| export throughput ÷ \`cat\` of the same files ($THROUGHPUT_RUNS alternated passes each, medians) | ≥ 0.8× | **${THROUGHPUT_RATIO}×**: export $MBPS_curl MB/s ($ALL_curl), cat $MBPS_cat MB/s ($ALL_cat) |"
    echo "| baseline: the same files from a bare HTTP server to curl, sendfile(2) | | $MBPS_sendfile MB/s ($ALL_sendfile): $(calc %.2f "$MBPS_sendfile / $MBPS_cat")× cat |"
    echo "| baseline: the same, read/send in 1 MiB blocks (copies through user space, as Custos does) | | $MBPS_copy MB/s ($ALL_copy): $(calc %.2f "$MBPS_copy / $MBPS_cat")× cat |"
  fi
  if [[ $LIVE == 1 ]]; then
    echo
    echo "Live latency in headless Chromium (MSE, bench/view/live_latency.mjs), camera \`rtsp-camera --clock --size $LIVE_SIZE --kbps $LIVE_KBPS --gop 50 --pattern P\`, ${LIVE_S} s after a 3 s warm-up. *arrival*, *append*, *display*: from the prft wall time (the frame's arrival at Custos) to the message event, the end of appendBuffer, the frame's display time; *play_lag*: play position behind the buffered end; *camera*: prft minus the whole second burnt into the picture (encoder and RTSP); *glass*: display time minus that second (glass to glass; black pattern only, where the clock is the only change):"
    echo
    echo "| stage | pattern ball (moving picture; load ${LIVE_LOAD_ball:-}): median / p95 / max (n) | pattern black (only the clock changes; load ${LIVE_LOAD_black:-}) |"
    echo "|---|---|---|"
    local k row p j
    for k in arrival append display play_lag camera glass; do
      row="| $k"
      for p in ball black; do
        eval "j=\${LIVE_JSON_$p:-}"
        if [[ -z $j || $(json "$j" ${k}_ms.n) == - ]]; then row+=" | –"; continue; fi
        row+=" | $(json "$j" ${k}_ms.median) / $(json "$j" ${k}_ms.p95) / $(json "$j" ${k}_ms.max) ms ($(json "$j" ${k}_ms.n))"
      done
      echo "$row |"
    done
    for p in ball black; do
      eval "j=\${LIVE_JSON_$p:-}"
      [[ -n $j ]] || continue
      echo
      echo "Pattern $p: decoded $(json "$j" decoded_frames) frames, dropped $(json "$j" dropped_frames), $(json "$j" seeks) seeks to the live edge."
    done
  fi
  if [[ $VIEWERS == 1 && -s $RUN_DIR/viewers.txt ]]; then
    echo
    echo "Live viewers of one camera (\`custos sim\`, the 4 Mbit/s 720p25 clip), WebSocket clients in one node process (bench/view/viewers.mjs), ${VIEWER_S} s per step:"
    echo
    echo "| viewers | custos CPU (core) | custos RSS | kept up | frames per viewer (min–max, of expected) | delivery latency median / p95 | client CPU (core) | load |"
    echo "|---|---|---|---|---|---|---|---|"
    local n core rss cc load js
    while read -r n core rss cc load js; do
      if ((n == 0)); then
        echo "| 0 | $core | $((rss / 1024)) MB | – | – | – | – | $load |"
      else
        echo "| $n | $core | $((rss / 1024)) MB | $(json "$js" kept_up)/$n | $(json "$js" min_frames)–$(json "$js" max_frames) of $(json "$js" expected_frames) | $(json "$js" latency_ms.median) / $(json "$js" latency_ms.p95) ms | $cc | $load |"
      fi
    done <"$RUN_DIR/viewers.txt"
  fi
}

update_readme() { update_readme_section view.sh "$1"; }

main() {
  RUN_COMMAND="EXPORT=$EXPORT LIVE=$LIVE VIEWERS=$VIEWERS EXPORT_RUNS=$EXPORT_RUNS THROUGHPUT_RUNS=$THROUGHPUT_RUNS LIVE_S=$LIVE_S VIEWER_COUNTS=\"$VIEWER_COUNTS\" VIEWER_S=$VIEWER_S bench/view.sh"
  [[ -x $BIN ]] || die "$BIN not found: run make build first"
  local tool
  for tool in ffmpeg sqlite3 curl node; do command -v "$tool" >/dev/null || die "needs $tool"; done
  if [[ ! -d $NODE_DIR/node_modules/ws || ! -d $NODE_DIR/node_modules/playwright-core ]]; then
    log "npm install in $NODE_DIR (ws, playwright-core)"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund >/dev/null) || die "npm install failed in $NODE_DIR"
  fi
  [[ $LIVE != 1 ]] || [[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || die "needs Chromium (apt-get install chromium)"
  START_LOAD=$(load1)
  make_clip
  RUN_DIR=$WORK/view-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$RUN_DIR"
  cp "$BIN" "$RUN_DIR/custos"
  BIN=$RUN_DIR/custos
  DIRS+=("$BIN")
  GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  if [[ -n $(git -C "$ROOT" --no-optional-locks status --porcelain -- src apps 2>/dev/null) ]]; then GIT_REV+=" + uncommitted changes in src/"; fi
  [[ $EXPORT == 1 ]] && bench_export
  if [[ $LIVE == 1 ]]; then
    bench_live ball
    bench_live black
  fi
  [[ $VIEWERS == 1 ]] && bench_viewers
  local block=$RUN_DIR/block.md
  report >"$block"
  cat "$block"
  [[ $UPDATE_README == 1 ]] && update_readme "$block"
  log "run folder: $RUN_DIR"
}

main "$@"
