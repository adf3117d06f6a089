#!/usr/bin/env bash
# Installs everything, builds, drops a short demo clip into ./media and starts the gateway on its
# embedded defaults (127.0.0.1:8080, data in ./thumbgate-data). Extra args go to `thumbgate serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mkdir -p media
if [[ ! -f media/demo.mp4 ]]; then
  ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=640x360:rate=25:duration=20" \
    -c:v libx264 -pix_fmt yuv420p -g 50 media/demo.mp4
fi
exec ./build/gateway/thumbgate serve "$@"
