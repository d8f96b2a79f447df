#!/usr/bin/env bash
# Installs the Debian 12 packages Custos needs to build, test and run, only those missing.
# Idempotent; needs root (or sudo) the first time. Lists live here and nowhere else.
set -euo pipefail

build_pkgs=(cmake ninja-build g++ clang pkg-config libboost-dev libboost-program-options-dev
  libsqlite3-dev libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
  libopencv-dev opencv-data
  nlohmann-json3-dev libfmt-dev libspdlog-dev libexpected-dev libgtest-dev libgmock-dev
  libbenchmark-dev libssl-dev libsodium-dev libclang-rt-14-dev)
# Peers the tests run against: ffmpeg/ffprobe judge our files; GStreamer is the camera;
# pdftotext (poppler-utils) reads back the PDF reports.
test_pkgs=(ffmpeg python3 python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-rtsp
  poppler-utils python3-yaml sqlite3 chromium)  # python3-yaml: scripts/check-openapi.py; the browser tests of the web UI (playwright-core drives /usr/bin/chromium)
# The web UI is built with Node.js and npm: Debian's, only when none is installed (a newer
# Node from elsewhere, e.g. NodeSource, is kept as it is).
command -v node >/dev/null || test_pkgs+=(nodejs)
command -v npm >/dev/null || test_pkgs+=(npm)

missing=()
for p in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO=sudo
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
