#!/usr/bin/env bash
# Configures and builds thumbgate into ./build (BUILD_DIR overrides; extra args go to cmake; BUILD_TARGET
# builds those targets only, e.g. "thumbgate startup_tests").
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@"
# shellcheck disable=SC2086  # BUILD_TARGET may name several targets
cmake --build "$BUILD_DIR" -j "$JOBS" ${BUILD_TARGET:+--target $BUILD_TARGET}
