#!/usr/bin/env bash
# Installs every Debian 12 package that building, running and testing thumbgate needs. Idempotent.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  libboost1.81-dev libboost-url1.81-dev libssl-dev rapidjson-dev libcurl4-openssl-dev
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libavfilter-dev libturbojpeg0-dev
  libwebp-dev libavif-dev
  libsqlite3-dev sqlite3 libgtest-dev libgmock-dev libarchive-dev libpq-dev libhiredis-dev
  ffmpeg
)
# The interop tests run on Node; a machine that already has node and npm (from any source) keeps them.
if [[ "${1:-}" == "--test" ]] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi
# The build scripts/test.sh runs the tests in: clang with the sanitizer and libFuzzer runtimes (and their headers).
# The browser test of the admin console (tests/browser): Debian's Chromium, driven headless.
# python3-jwt: the player's token interop test signs with PyJWT, an independent JWT implementation.
if [[ "${1:-}" == "--test" ]]; then
  PACKAGES+=(clang-14 libclang-rt-14-dev chromium python3-jwt python3-cryptography)
fi
# Several gateways sharing work (the cluster tests, scripts/run-cluster.sh): a private PostgreSQL and Redis
# that scripts/services.sh starts and stops.
if [[ "${1:-}" == "--test" || "${1:-}" == "--cluster" ]]; then
  PACKAGES+=(postgresql-15 redis-server)
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
