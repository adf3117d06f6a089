#!/usr/bin/env bash
# Installs everything, builds, and runs every test (labels unit and integration) with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
bash scripts/build.sh
# Vendor SDKs for the interop tests (tests/interop), from package-lock.json.
(cd tests/interop && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
cd "${BUILD_DIR:-build}"
ctest --output-on-failure --timeout 600 -j "${TEST_JOBS:-2}" "$@"
