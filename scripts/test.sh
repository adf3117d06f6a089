#!/usr/bin/env bash
# Installs everything, builds, and runs every test (labels unit and integration) with ctest. Then the
# `sanitize` step: a clang build with AddressSanitizer + UndefinedBehaviorSanitizer and the libFuzzer
# targets of fuzz/ (./build-sanitize, SANITIZE_BUILD_DIR overrides) runs the whole suite again, every fuzz
# target's seeds and kept crash inputs, and each fuzz target for THUMBGATE_FUZZ_SECONDS (default 30).
# SANITIZE=0 skips that step. Extra args go to both ctest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
start=$SECONDS
bash scripts/build.sh
echo "test.sh: build took $((SECONDS - start)) s"
# Vendor SDKs for the interop tests (tests/interop), from package-lock.json.
(cd tests/interop && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
# playwright-core for the browser test of the admin console (tests/browser; it drives /usr/bin/chromium).
(cd tests/browser && npm ci --no-audit --no-fund)
start=$SECONDS
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure --timeout 600 -j "${TEST_JOBS:-2}" "$@")
echo "test.sh: tests took $((SECONDS - start)) s"

if [[ "${SANITIZE:-1}" == "0" ]]; then exit 0; fi
echo "test.sh: sanitize step (clang, ASan + UBSan, libFuzzer)"
start=$SECONDS
# -O1 and line tables only: quicker to build than -O2 -g, quick enough to run, stacks still name file and line.
BUILD_DIR=${SANITIZE_BUILD_DIR:-build-sanitize} bash scripts/build.sh -DCMAKE_CXX_COMPILER=clang++-14 \
  -DTHUMBGATE_SANITIZE=ON -DTHUMBGATE_FUZZ=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only"
echo "test.sh: sanitize build took $((SECONDS - start)) s"
start=$SECONDS
(cd "${SANITIZE_BUILD_DIR:-build-sanitize}" &&
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  ctest --output-on-failure --timeout 600 -j "${TEST_JOBS:-2}" "$@")
echo "test.sh: sanitize tests and fuzzing took $((SECONDS - start)) s"
