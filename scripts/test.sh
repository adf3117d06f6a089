#!/usr/bin/env bash
# Installs everything, builds, and runs every test once with ctest (labels unit, integration, interop,
# browser, cluster and fuzz; cluster runs against a private PostgreSQL and Redis that scripts/services.sh
# starts here and stops at the end).
#
# Two builds: the gateway as scripts/run.sh builds it (./build, g++, optimized: it must build cleanly, and
# its start-up tests, tests/startup, run against it), and the one every test runs in, ./build-sanitize
# (SANITIZE_BUILD_DIR overrides): clang with AddressSanitizer + UndefinedBehaviorSanitizer and the libFuzzer
# targets of fuzz/, so that every test also checks memory and undefined behaviour. The fuzz label replays
# every seed and kept crash input and fuzzes each target for THUMBGATE_FUZZ_SECONDS (default 5: a smoke
# run; long fuzzing is done by hand, fuzz/README.md).
# SANITIZE=0 runs the tests in ./build instead (g++, no sanitizers, no fuzzing). Extra args go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
start=$SECONDS
if [[ "${SANITIZE:-1}" == "0" ]]; then
  bash scripts/build.sh
  test_dir=${BUILD_DIR:-build}
else
  BUILD_TARGET="thumbgate startup_tests" bash scripts/build.sh
  echo "test.sh: the gateway's build took $((SECONDS - start)) s"
  start=$SECONDS
  # -O1 and line tables only: quicker to build than -O2 -g, quick enough to run, stacks still name file and line.
  test_dir=${SANITIZE_BUILD_DIR:-build-sanitize}
  BUILD_DIR=$test_dir bash scripts/build.sh -DCMAKE_CXX_COMPILER=clang++-14 \
    -DTHUMBGATE_SANITIZE=ON -DTHUMBGATE_FUZZ=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DTHUMBGATE_FUZZ_SECONDS="${THUMBGATE_FUZZ_SECONDS:-5}"
fi
echo "test.sh: the tests' build took $((SECONDS - start)) s"
# Vendor SDKs for the interop tests (tests/interop), from package-lock.json.
(cd tests/interop && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
# playwright-core for the browser test of the admin console (tests/browser; it drives /usr/bin/chromium).
(cd tests/browser && npm ci --no-audit --no-fund)
# PostgreSQL and Redis for the cluster label and the stores' tests, stopped however this script ends.
services_dir=$(mktemp -d /tmp/thumbgate-services.XXXXXX)
trap 'bash scripts/services.sh stop "$services_dir"' EXIT
bash scripts/services.sh start "$services_dir" > /dev/null
# shellcheck source=/dev/null
source "$services_dir/env"
start=$SECONDS
if [[ "$test_dir" != "${BUILD_DIR:-build}" ]]; then
  # How the optimized gateway starts (its libraries, its symbol scope): only the g++ build orders them.
  (cd "${BUILD_DIR:-build}" && ctest --output-on-failure --timeout 600 -R '^Startup[.]')
fi
(cd "$test_dir" && UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  ctest --output-on-failure --timeout 600 -j "${TEST_JOBS:-2}" "$@")
echo "test.sh: tests took $((SECONDS - start)) s"
