#!/usr/bin/env python3
"""The submit path: accepted signed ZEGO MediaThumbnails submissions per second, against /healthz.

Usage: submit_bench.py [--thumbgate BIN] [--work DIR] [--duration S] [--connections N] [--threads T]
                       [--apps N] [--rate R] [--offered R] [--database URL] [--redis URL] [--keep]

Starts the built `thumbgate serve` on 127.0.0.1, port 0, with a config in a fresh folder: `workers` 0 (tasks
are queued and never run), `max_queue` and `max_queue_per_app` at their maximum, N ZEGO apps with
`requests_per_second` at its maximum (10000 each: together above what the server can take, so the rate
limiter refuses nothing), and one media file. It then signs, ahead of time, more submissions than the run
can send (Signature 2.0: md5(AppId + SignatureNonce + ServerSecret + Timestamp), a unique SignatureNonce
each, the apps in turn), split into one file per wrk thread, and drives them with wrk and
bench/submit_bench.lua (each target sent once; a thread stops when its share is used up, or when the
duration ends). In the same run, against the same server and with the same wrk settings, it drives
`GET /healthz`. Both loads are closed (each connection sends its next request when answered), unless
--offered R paces them at R requests per second in all (bench/submit_bench.lua): the latency at a given
rate rather than at the most the server can take.

Afterwards it stops the server and checks the database: every TaskId an answer said was accepted (Code 0)
is stored, and the rows beyond those are at most the submissions wrk left unanswered when it stopped (one
per connection at most). Output: a Markdown table on stdout, progress on stderr; exit 1 when a check fails.

--database URL is written to the config as `database` (a SQLite path, or postgresql://…), --redis URL as
`redis` (required with PostgreSQL; --redis-prefix as `redis_key_prefix`, default a fresh one per run).
Without --database the bench reads the SQLite file data_dir/thumbgate.db; with a postgresql:// URL it reads
the tasks table through `psql` (give each run an empty schema, e.g. options=-csearch_path%3Dbench1 in the
URL); with any other, the database check is skipped. scripts/services.sh starts a private PostgreSQL and
Redis.
"""

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from gateway_process import Gateway

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LUA = os.path.join(ROOT, "bench", "submit_bench.lua")
FILE_ID = "bench.mp4"
FIRST_APP_ID = 1_900_000_001


def progress(text):
    print(text, file=sys.stderr, flush=True)


def zego_signature(app_id, nonce, secret, timestamp):
    return hashlib.md5(f"{app_id}{nonce}{secret}{timestamp}".encode()).hexdigest()


def make_apps(count):
    rng = random.Random(7)
    return [{"app_id": str(FIRST_APP_ID + i), "server_secret": "%032x" % rng.getrandbits(128),
             "requests_per_second": 10000} for i in range(count)]


def write_targets(apps, count, threads, prefix):
    """`count` signed submissions, a unique nonce each, dealt round-robin into prefix.0 .. prefix.{threads-1}."""
    timestamp = int(time.time())
    base = random.SystemRandom().randrange(10**12, 10**13)
    files = [open(f"{prefix}.{t}", "w") for t in range(threads)]
    try:
        for i in range(count):
            app = apps[i % len(apps)]
            nonce = base + i
            signature = zego_signature(app["app_id"], nonce, app["server_secret"], timestamp)
            files[i % threads].write(
                f"/?Action=MediaThumbnails&AppId={app['app_id']}&SignatureNonce={nonce}&Timestamp={timestamp}"
                f"&Signature={signature}&SignatureVersion=2.0&Vendor=Tencent&FileId={FILE_ID}"
                f"&Type=SnapshotByTimeOffset&Definition=10&ExtTimeOffsetSet[]=1\n")
    finally:
        for f in files:
            f.close()


HEALTHZ_PER_SECOND = 200_000  # more /healthz targets than a run can send: its load is bounded by time too


def write_healthz(count, threads, prefix):
    for t in range(threads):
        with open(f"{prefix}.{t}", "w") as f:
            f.write("/healthz\n" * (count // threads + 1))


def start_server(binary, root, apps, database, redis, redis_prefix):
    media = os.path.join(root, "media")
    os.makedirs(media)
    # Never decoded (no workers run): the submission only checks that the file exists.
    with open(os.path.join(media, FILE_ID), "wb") as f:
        f.write(b"\0" * 1024)
    config = {
        "listen": "127.0.0.1:0",
        "data_dir": os.path.join(root, "data"),
        "media_root": media,
        "workers": 0,
        "max_queue": 10_000_000,
        "max_queue_per_app": 10_000_000,
        "apps": apps,
    }
    if database:
        config["database"] = database
    if redis:
        config["redis"] = redis
        config["redis_key_prefix"] = redis_prefix
    try:
        return Gateway(binary, root, config)
    except RuntimeError as error:
        raise SystemExit(str(error))


def run_wrk(port, targets, ids, args):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
               "-s", LUA, f"http://127.0.0.1:{port}", "--", targets, ids]
    env = dict(os.environ)
    env.pop("SUBMIT_BENCH_RATE", None)
    if args.offered:
        env["SUBMIT_BENCH_RATE"] = str(args.offered / args.threads)
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 120, env=env)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise SystemExit(f"wrk gave no result:\n{done.stdout}\n{done.stderr}")


def read_ids(prefix, threads):
    ids = []
    for t in range(threads):
        with open(f"{prefix}.{t}") as f:
            ids.extend(line.strip() for line in f if line.strip())
    return ids


def sqlite_ids(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT id FROM tasks WHERE api = 'zego'")}
    finally:
        db.close()


def postgres_ids(url):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                          "SELECT id FROM tasks WHERE api = 'zego'"], check=True, capture_output=True, text=True)
    return {line for line in out.stdout.splitlines() if line}


def check_database(stored, accepted_ids):
    missing = [i for i in accepted_ids if i not in stored]
    unanswered = len(stored) - (len(accepted_ids) - len(missing))
    return len(stored), missing, unanswered


def cpu_per_answer(result):
    if not result["requests"]:
        return "-"
    return f"{result['cpu_s'] * 1e6 / result['requests']:.0f} µs"


def cell_rate(result, seconds):
    return f"{result['accepted'] / seconds:,.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--thumbgate", default=os.path.join(ROOT, "build", "gateway", "thumbgate"))
    parser.add_argument("--work", help="a folder for the run (default: a new temporary one, removed afterwards)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk load (default 10)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--apps", type=int, default=8, help="ZEGO apps the submissions are spread over")
    parser.add_argument("--rate", type=int, default=30000,
                        help="submissions signed per second of --duration (default 30000: more than are sent)")
    parser.add_argument("--offered", type=int, help="pace both loads at this many requests per second in all "
                        "(default: unpaced, as fast as answered)")
    parser.add_argument("--database", help="passed to the config as `database` (postgresql:// is checked with psql)")
    parser.add_argument("--redis", help="passed to the config as `redis` (needed with a PostgreSQL database)")
    parser.add_argument("--redis-prefix", help="`redis_key_prefix` (default: a fresh one for this run)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed")
    if not os.access(args.thumbgate, os.X_OK):
        raise SystemExit(f"{args.thumbgate} is not an executable: build first (scripts/build.sh)")
    root = args.work or tempfile.mkdtemp(prefix="submit-bench-")
    os.makedirs(root, exist_ok=True)
    apps = make_apps(args.apps)
    count = args.rate * args.duration
    progress(f"signing {count} submissions over {args.apps} apps")
    write_targets(apps, count, args.threads, os.path.join(root, "submit-targets"))
    healthz_count = HEALTHZ_PER_SECOND * args.duration
    write_healthz(healthz_count, args.threads, os.path.join(root, "healthz-targets"))

    redis_prefix = args.redis_prefix or f"bench-{random.SystemRandom().randrange(16**8):08x}:"
    server = start_server(args.thumbgate, root, apps, args.database, args.redis, redis_prefix)
    failed = []
    try:
        progress(f"server on port {server.port}; /healthz for {args.duration} s")
        cpu_before = server.cpu_seconds()
        healthz = run_wrk(server.port, os.path.join(root, "healthz-targets"), os.path.join(root, "healthz-ids"), args)
        cpu_between = server.cpu_seconds()
        progress(f"submissions for {args.duration} s")
        submit = run_wrk(server.port, os.path.join(root, "submit-targets"), os.path.join(root, "submit-ids"), args)
        healthz["cpu_s"] = cpu_between - cpu_before
        submit["cpu_s"] = server.cpu_seconds() - cpu_between
    finally:
        server.stop()
    if submit["requests"] >= count:
        failed.append("every signed submission was sent: raise --rate so that the load is bounded by time")
    if healthz["requests"] >= healthz_count:
        failed.append("every /healthz target was sent: its figure is bounded by the targets, not by the server")

    accepted_ids = read_ids(os.path.join(root, "submit-ids"), args.threads)
    if len(accepted_ids) != submit["accepted"]:
        failed.append(f"{submit['accepted']} answers were Code 0 but {len(accepted_ids)} carried a TaskId")
    db_line = "not checked (--database is neither SQLite's default nor postgresql://)"
    stored_ids = None
    if not args.database:
        stored_ids = sqlite_ids(os.path.join(root, "data", "thumbgate.db"))
    elif args.database.startswith(("postgresql://", "postgres://")) and shutil.which("psql"):
        stored_ids = postgres_ids(args.database)
    if stored_ids is not None:
        stored, missing, unanswered = check_database(stored_ids, accepted_ids)
        db_line = (f"{stored} tasks stored, {len(accepted_ids)} answered accepted, every one of them stored: "
                   f"{'yes' if not missing else 'NO, ' + str(len(missing)) + ' missing'}; "
                   f"{unanswered} stored but unanswered when wrk stopped (at most {args.connections})")
        if missing:
            failed.append(f"{len(missing)} accepted tasks are not in the database, e.g. {missing[:3]}")
        if unanswered < 0 or unanswered > args.connections:
            failed.append(f"{unanswered} stored tasks were never answered accepted (more than one per connection)")

    seconds_h = healthz["duration_us"] / 1e6
    seconds_s = submit["duration_us"] / 1e6
    paced = f"paced at {args.offered:,}/s" if args.offered else "unpaced"
    print(f"wrk {args.threads} threads, {args.connections} connections, {args.duration} s each, {paced}; "
          f"{args.apps} apps; {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print()
    print("| load | answered/s | accepted/s | refused | errors | p50 | p99 | max | server CPU per answer |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, result, seconds in (("`GET /healthz`", healthz, seconds_h),
                                  ("signed ZEGO MediaThumbnails", submit, seconds_s)):
        print(f"| {name} | {result['requests'] / seconds:,.0f} | {cell_rate(result, seconds)} | {result['refused']} "
              f"| {result['errors']} | {result['p50_us'] / 1000:.2f} ms | {result['p99_us'] / 1000:.2f} ms "
              f"| {result['max_us'] / 1000:.1f} ms | {cpu_per_answer(result)} |")
    print()
    print(f"database: {db_line}")
    if args.offered:
        for name, result, seconds in (("/healthz", healthz, seconds_h), ("submissions", submit, seconds_s)):
            kept_up = result["accepted"] / seconds >= 0.97 * args.offered
            print(f"{name}: {result['accepted'] / seconds:,.0f} accepted/s of {args.offered:,} offered: "
                  f"{'kept up' if kept_up else 'DID NOT keep up (its latency is that of a saturated server)'}")
    if submit["refused"]:
        log = os.path.join(root, "server.log")
        progress(f"{submit['refused']} submissions were refused; see {log}")
    if not args.keep and not args.work:
        shutil.rmtree(root, ignore_errors=True)
    for failure in failed:
        progress(f"FAILED: {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
