#!/bin/sh
# Masked export speed at 1080p25: makes a clip (the astronaut photo of tests/privacy_data moving
# over a test pattern, H.264 like a camera's) and runs privacy_masked_export_bench on it.
#   bench/privacy/run.sh [build dir] [seconds]      e.g. bench/privacy/run.sh build 4
# BEFORE=/path/to/an/older/privacy_masked_export_bench runs it too, alternating with this
# build's, so a change is measured before and after under the same load.
# ARGS="5 veryfast 960;5 ultrafast 640" chooses the runs (detect_every preset width [detect]).
set -eu
BUILD=${1:-build}
SECONDS_=${2:-4}
DIR=${CUSTOS_BENCH_DIR:-$BUILD/bench}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLIP=$DIR/privacy_1080p25_${SECONDS_}s.mp4
mkdir -p "$DIR"
if [ ! -f "$CLIP" ]; then
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=25" -loop 1 -i "$ROOT/tests/privacy_data/images/astronaut.png" \
    -filter_complex "[0:v][1:v]overlay=x='200+40*t':y=300:shortest=1,format=yuv420p" -t "$SECONDS_" \
    -c:v libx264 -preset veryfast -b:v 4M -g 50 "$CLIP"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ARGS=${ARGS:-5 veryfast 960;5 ultrafast 640}
BEFORE=${BEFORE:-}
echo "$ARGS" | tr ';' '\n' | while read -r args; do
  if [ -n "$BEFORE" ]; then
    printf 'before: '
    # shellcheck disable=SC2086
    "$BEFORE" "$CLIP" "$DIR/privacy_masked.mp4" $args 2>/dev/null
    printf 'after:  '
  fi
  # shellcheck disable=SC2086
  "$BUILD/bench/privacy_masked_export_bench" "$CLIP" "$DIR/privacy_masked.mp4" $args 2>/dev/null
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
