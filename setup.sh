#!/usr/bin/env bash
# Installs tolmach's Debian dependencies (when missing), configures and builds it.
#   bash setup.sh          install + build into ./build
#   bash setup.sh test     ... then run every test (ctest)
#   bash setup.sh demo     ... then run the README's demo pipeline
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake pkg-config python3
  libdnnl-dev libboost-program-options-dev libsentencepiece-dev sentencepiece
  libicu-dev libgtest-dev libbenchmark-dev nlohmann-json3-dev libzip-dev libyaml-cpp-dev
  libopenmpi-dev openmpi-bin)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi

BUILD=${BUILD_DIR:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$BUILD" -j"$(nproc)" >&2

case "${1:-}" in
  test) ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)" ;;
  demo) bash recipes/demo.sh "$BUILD/bin" ;;
  "") ;;
  *) echo "usage: bash setup.sh [test|demo]" >&2; exit 2 ;;
esac
