#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL 15 and Redis 7 from Debian's packages on loopback ports, for the
# tests and the three-node demo. Nothing system-wide: both keep their files in one folder and stop with it.
#
#   scripts/services.sh start DIR   # creates DIR, starts both, writes DIR/env (sourceable) and prints it
#   scripts/services.sh stop DIR    # stops both and removes DIR
#
# DIR/env sets THUMBGATE_TEST_POSTGRES (postgresql://thumbgate:…@127.0.0.1:PORT/thumbgate) and
# THUMBGATE_TEST_REDIS (redis://default:…@127.0.0.1:PORT). Passwords are random per start. PostgreSQL does not
# run as root: as root, its server runs as the `postgres` user that Debian's package creates.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
action=$1
dir=$2

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A loopback port nothing listens on (a race with another program is possible; the caller retries).
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "services: no free loopback port" >&2
  return 1
}

random_secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }

start_postgres() {
  local pg_dir=$dir/postgres password=$1 port
  mkdir -p "$pg_dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$pg_dir"; fi
  as_pg "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --no-sync -E UTF8 --locale=C.UTF-8 > "$dir/postgres-init.log" 2>&1 ||
    { cat "$dir/postgres-init.log" >&2; return 1; }
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=on -c max_connections=200" > /dev/null; then
      break
    fi
    port=""
  done
  [[ -n "$port" ]] || { cat "$pg_dir/server.log" >&2; return 1; }
  as_pg "$PG_BIN/psql" -q -h "$pg_dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -v pw="$password" > /dev/null <<'SQL'
CREATE ROLE thumbgate LOGIN PASSWORD :'pw';
CREATE DATABASE thumbgate OWNER thumbgate;
SQL
  echo "export THUMBGATE_TEST_POSTGRES=postgresql://thumbgate:$password@127.0.0.1:$port/thumbgate" >> "$dir/env"
}

start_redis() {
  local password=$1 port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if redis-server --bind 127.0.0.1 --port "$port" --requirepass "$password" --save '' --appendonly no \
      --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" > /dev/null; then
      for _ in $(seq 1 100); do
        if redis-cli -h 127.0.0.1 -p "$port" --no-auth-warning -a "$password" ping 2>/dev/null | grep -q PONG; then
          echo "export THUMBGATE_TEST_REDIS=redis://default:$password@127.0.0.1:$port" >> "$dir/env"
          return 0
        fi
        sleep 0.1
      done
    fi
  done
  cat "$dir/redis.log" >&2 || true
  return 1
}

case "$action" in
  start)
    mkdir -p "$dir"
    chmod 0755 "$dir"
    # The passwords go in here: private from the first byte.
    (umask 077 && : > "$dir/env")
    start_postgres "$(random_secret)"
    start_redis "$(random_secret)"
    cat "$dir/env"
    ;;
  stop)
    if [[ -d "$dir/postgres/data" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$dir/postgres/data" -m fast -w stop > /dev/null 2>&1 || true
    fi
    if [[ -f "$dir/redis.pid" ]]; then
      redis_pid=$(cat "$dir/redis.pid")
      kill "$redis_pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        kill -0 "$redis_pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
