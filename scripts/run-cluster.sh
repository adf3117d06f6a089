#!/usr/bin/env bash
# A three-node demo on one machine: a private PostgreSQL and Redis (scripts/services.sh) and three
# gateways on 127.0.0.1:8081, :8082 and :8083 sharing them, one media folder (./media) and one outputs
# folder. Ctrl-C (or SIGTERM) stops the gateways, then PostgreSQL and Redis, and removes their files.
#
#   bash scripts/run-cluster.sh            # installs what is missing, builds, starts everything
#   CLUSTER_DIR=/tmp/tg-cluster BASE_PORT=9000 bash scripts/run-cluster.sh
#
# One ZEGO app (AppId 1234567, its ServerSecret printed at start) works on every node; a task submitted to
# one node can be looked up on any other, and any node's workers may run it. A node that dies (kill -9 one
# to watch the others finish its tasks after the lease) leaves the rest running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
# Configs, logs (the admin token is printed there) and the services' passwords: readable by this user only.
umask 077
bash scripts/setup.sh --cluster
bash scripts/build.sh > /dev/null
BIN=${BUILD_DIR:-build}/gateway/thumbgate
CLUSTER_DIR=${CLUSTER_DIR:-$(mktemp -d /tmp/thumbgate-cluster.XXXXXX)}
BASE_PORT=${BASE_PORT:-8080}
mkdir -p "$CLUSTER_DIR" media
# Others may pass through (PostgreSQL runs as its own user under services/), never list or read.
chmod 0711 "$CLUSTER_DIR"

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash scripts/services.sh stop "$CLUSTER_DIR/services"
  echo "run-cluster: stopped"
  exit 0
}
trap stop_all EXIT INT TERM

bash scripts/services.sh start "$CLUSTER_DIR/services" > /dev/null
# shellcheck source=/dev/null
source "$CLUSTER_DIR/services/env"

# One app, the same on every node.
secret=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
for n in 1 2 3; do
  cat > "$CLUSTER_DIR/node$n.json" <<EOF
{
  "listen": "127.0.0.1:$((BASE_PORT + n))",
  "data_dir": "$CLUSTER_DIR/node$n",
  "media_root": "$PWD/media",
  "outputs_dir": "$CLUSTER_DIR/outputs",
  "public_base_url": "http://127.0.0.1:$((BASE_PORT + n))",
  "database": "$THUMBGATE_TEST_POSTGRES",
  "redis": "$THUMBGATE_TEST_REDIS",
  "apps": [{"app_id": "1234567", "server_secret": "$secret"}]
}
EOF
  chmod 0600 "$CLUSTER_DIR/node$n.json"
  "$BIN" serve --config "$CLUSTER_DIR/node$n.json" > "$CLUSTER_DIR/node$n.log" 2>&1 &
  pids+=($!)
done
for n in 1 2 3; do
  for _ in $(seq 1 100); do
    grep -q "listening on" "$CLUSTER_DIR/node$n.log" && break
    if ! kill -0 "${pids[$((n - 1))]}" 2>/dev/null; then
      echo "run-cluster: node $n did not start:" >&2
      cat "$CLUSTER_DIR/node$n.log" >&2
      exit 1
    fi
    sleep 0.1
  done
done
echo "run-cluster: three gateways on one PostgreSQL and one Redis (files in $CLUSTER_DIR)"
for n in 1 2 3; do echo "  node $n: http://127.0.0.1:$((BASE_PORT + n))   log: $CLUSTER_DIR/node$n.log"; done
echo "  demo app: AppId 1234567, ServerSecret $secret"
echo "  a signed request: $BIN sign zego MediaThumbnails Vendor=Tencent FileId=… Type=SnapshotByTimeOffset \\"
echo "      Definition=10 'ExtTimeOffsetSet[]=1' --config $CLUSTER_DIR/node1.json   (any node's config)"
echo "Ctrl-C stops everything."
running=("${pids[@]}")
while ((${#running[@]} > 0)); do
  wait -n "${running[@]}" || true
  alive=()
  for i in "${!pids[@]}"; do
    pid=${pids[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      alive+=("$pid")
    elif [[ " ${running[*]} " == *" $pid "* ]]; then
      echo "run-cluster: node $((i + 1)) exited; the others go on (Ctrl-C stops everything)" >&2
    fi
  done
  running=("${alive[@]}")
done
echo "run-cluster: every gateway exited" >&2
