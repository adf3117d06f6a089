#!/usr/bin/env python3
"""The server path: COS GetSnapshot on a running thumbgate against the ffmpeg CLI run once per request.

Usage: server_bench.py --thumbgate BIN --clip CLIP --work DIR [options]

Starts `thumbgate serve` (the built binary) on 127.0.0.1, port 0, with a config holding one private local
COS bucket over CLIP, and measures over loopback:
  - uncached keyframe and exact GetSnapshot: latency (p50/p99) over one connection, and throughput over
    16 connections, against the CLI (`ffmpeg -ss K|T -i CLIP -frames:v 1 OUT.jpg`) run once per request
    on the same frames, one at a time and 16 at a time;
  - a cached GetSnapshot against the same server's /healthz, over one connection and over 16.
Every request is signed with the COS signature (q-sign-algorithm=sha1). The server's image of a frame
outside the plan and that of the last request over one connection are each compared with the CLI's
image of the same frame (PSNR; the lower is printed, and below 35 dB stops the bench). Each load loop
sends a fixed number of requests and ends by itself; every response must be 200, every uncached one must
say `x-thumbgate-cache: miss` and every cached one `hit`, or the bench fails.

The result cache stays on (the server's default). Requests are made uncached by their time: every
uncached request has its own `time`, so its own cache key. Exact requests aim 5 s into a GOP and each
round of requests steps 40 ms (one frame) back, so a kept opened input never finds its target ahead of
where it stopped and always decodes from the keyframe, as the CLI does; keyframe requests aim between a
keyframe and the next one. Keyframe times come from ffprobe beforehand (not timed).

Output: Markdown table rows on stdout ("| ... |"); progress on stderr. Exit 1 when anything fails.
"""

import argparse
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import socket

from gateway_process import Gateway

BUCKET = "benchbucket-1250000000"
REGION = "ap-beijing"
BUCKET_HOST = f"{BUCKET}.cos.{REGION}.myqcloud.com"
SECRET_ID = "AKIDbenchSecretId000000000000000000"
SECRET_KEY = "benchSecretKey000000000000000000"
OBJECT = "/clip.mp4"


# --- COS XML signature (q-sign-algorithm=sha1) -------------------------------------------------------

def cos_encode(text):
    """UTF-8, everything but A-Za-z0-9-_.~ percent-encoded (COS's UrlEncode)."""
    return urllib.parse.quote(text, safe="-_.~")


def cos_authorization(secret_id, secret_key, key_time, method, path, params, headers):
    """The Authorization value for a request: `path` decoded, `params`/`headers` as (name, value) pairs."""
    def canonical(pairs):
        items = sorted((cos_encode(k).lower(), cos_encode(v)) for k, v in pairs)
        return "&".join(f"{k}={v}" for k, v in items), ";".join(k for k, _ in items)

    param_string, param_list = canonical(params)
    header_string, header_list = canonical(headers)
    sign_key = hmac.new(secret_key.encode(), key_time.encode(), hashlib.sha1).hexdigest()
    http_string = f"{method.lower()}\n{path}\n{param_string}\n{header_string}\n"
    string_to_sign = f"sha1\n{key_time}\n{hashlib.sha1(http_string.encode()).hexdigest()}\n"
    signature = hmac.new(sign_key.encode(), string_to_sign.encode(), hashlib.sha1).hexdigest()
    return (f"q-sign-algorithm=sha1&q-ak={secret_id}&q-sign-time={key_time}&q-key-time={key_time}"
            f"&q-header-list={header_list}&q-url-param-list={param_list}&q-signature={signature}")


def check_signer():
    """The signer reproduces Tencent's published GET example (doc 436/7778), or the bench stops."""
    auth = cos_authorization(
        "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", "1557989753;1557996953",
        "GET", "/exampleobject(腾讯云)",
        [("response-content-type", "application/octet-stream"), ("response-cache-control", "max-age=600")],
        [("date", "Thu, 16 May 2019 06:55:53 GMT"), ("host", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com")])
    if not auth.endswith("q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012"):
        raise RuntimeError(f"the COS signer does not reproduce the official example: {auth}")


def snapshot_request(seconds, mode):
    """The raw bytes of one signed GetSnapshot request (keep-alive)."""
    params = [("ci-process", "snapshot"), ("time", f"{seconds:.3f}"), ("mode", mode)]
    now = int(time.time())
    key_time = f"{now - 60};{now + 3600}"
    auth = cos_authorization(SECRET_ID, SECRET_KEY, key_time, "GET", OBJECT, params, [("host", BUCKET_HOST)])
    query = "&".join(f"{cos_encode(k)}={cos_encode(v)}" for k, v in params)
    return (f"GET {OBJECT}?{query} HTTP/1.1\r\nHost: {BUCKET_HOST}\r\nAuthorization: {auth}\r\n\r\n").encode()


def healthz_request(port):
    return f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


# --- a minimal HTTP/1.1 keep-alive client ------------------------------------------------------------

class Connection:
    def __init__(self, port, timeout_s):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout_s)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def exchange(self, request):
        """Sends `request`; returns (status, headers dict with lower-case names, body)."""
        self.sock.sendall(request)
        status_line = self.reader.readline()
        if not status_line:
            raise RuntimeError("the server closed the connection")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise RuntimeError(f"response without Content-Length (status {status})")
        body = self.reader.read(int(headers["content-length"]))
        return status, headers, body

    def close(self):
        self.reader.close()
        self.sock.close()


def check(status, headers, body, cache):
    if status != 200:
        raise RuntimeError(f"status {status}: {body[:300]!r}")
    if cache is not None and headers.get("x-thumbgate-cache") != cache:
        raise RuntimeError(f"expected x-thumbgate-cache: {cache}, got {headers.get('x-thumbgate-cache')}")


def latencies_one_connection(port, requests, cache, timeout_s):
    """Seconds per request, sent one after the other on one connection, and the last response's body."""
    conn = Connection(port, timeout_s)
    out = []
    body = b""
    try:
        for request in requests:
            start = time.perf_counter()
            status, headers, body = conn.exchange(request)
            out.append(time.perf_counter() - start)
            check(status, headers, body, cache)
    finally:
        conn.close()
    return out, body


def throughput(port, requests, cache, connections, timeout_s):
    """Requests per second for `requests` (a fixed list) sent over `connections` keep-alive connections."""
    lock = threading.Lock()
    position = [0]
    errors = []
    conns = [Connection(port, timeout_s) for _ in range(connections)]
    barrier = threading.Barrier(connections + 1)

    def worker(conn):
        barrier.wait()
        try:
            while True:
                with lock:
                    if position[0] >= len(requests) or errors:
                        return
                    request = requests[position[0]]
                    position[0] += 1
                status, headers, body = conn.exchange(request)
                check(status, headers, body, cache)
        except Exception as error:  # reported below; the other workers stop at their next request
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    for c in conns:
        c.close()
    if errors:
        raise RuntimeError(f"load over {connections} connections failed: {errors[0]}")
    return len(requests) / elapsed


# --- the CLI, one process per request ----------------------------------------------------------------

def cli_command(seek_s, out):
    return ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-ss", f"{seek_s:.3f}", "-i",
            ARGS.clip, "-frames:v", "1", "-update", "1", out]


def run_cli(seek_s, out, timeout_s):
    start = time.perf_counter()
    done = subprocess.run(cli_command(seek_s, out), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=timeout_s)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed at -ss {seek_s}: {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed


def cli_latencies(seeks, out_dir, timeout_s):
    return [run_cli(s, os.path.join(out_dir, "cli-seq.jpg"), timeout_s) for s in seeks]


def cli_throughput(seeks, out_dir, parallel, timeout_s):
    lock = threading.Lock()
    position = [0]
    errors = []

    def worker(index):
        try:
            while True:
                with lock:
                    if position[0] >= len(seeks) or errors:
                        return
                    seek = seeks[position[0]]
                    position[0] += 1
                run_cli(seek, os.path.join(out_dir, f"cli-par-{index}.jpg"), timeout_s)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(parallel)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"CLI load failed: {errors[0]}")
    return len(seeks) / elapsed


# --- the server ---------------------------------------------------------------------------------------

def start_server(binary, work, timeout_s):
    root = os.path.join(work, "server")
    bucket = os.path.join(root, "media", "bucket")
    os.makedirs(bucket, exist_ok=True)
    target = os.path.join(bucket, OBJECT.lstrip("/"))
    if os.path.exists(target):
        os.unlink(target)
    os.link(ARGS.clip, target)
    config = {
        "listen": "127.0.0.1:0",
        "data_dir": os.path.join(root, "data"),
        "media_root": os.path.join(root, "media"),
        "cos": {
            "buckets": [{"name": BUCKET, "region": REGION, "root": "bucket", "acl": "private"}],
            "credentials": [{"secret_id": SECRET_ID, "secret_key": SECRET_KEY}],
            # Room for every request of the 16 connections, so none is turned away with 503 SlowDown.
            "max_inflight": 32,
        },
    }
    return Gateway(binary, root, config, start_timeout_s=timeout_s, stop_timeout_s=30)


# --- the rows -----------------------------------------------------------------------------------------

def keyframes(clip):
    """Keyframe times in seconds from the start of the file (what `ffmpeg -ss` counts from)."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
                            "-show_entries", "frame=pts_time", "-show_entries", "format=start_time",
                            "-of", "json", clip], check=True, capture_output=True, text=True).stdout
    data = json.loads(probe)
    start = float(data["format"].get("start_time", 0) or 0)
    return [round(float(f["pts_time"]) - start, 6) for f in data["frames"] if "pts_time" in f]


def psnr(a, b):
    out = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", a, "-i", b, "-lavfi", "psnr", "-f", "null",
                          "-"], capture_output=True, text=True).stderr
    for line in out.splitlines():
        if "PSNR" in line and "average:" in line:
            value = line.split("average:")[1].split()[0]
            return float("inf") if value == "inf" else float(value)
    raise RuntimeError(f"no PSNR from ffmpeg: {out[-500:]}")


def pct(values, q):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


def fmt_ms(seconds):
    ms = seconds * 1000
    if ms >= 100:
        return f"{ms:.0f} ms"
    return f"{ms:.1f} ms" if ms >= 1 else f"{ms * 1000:.0f} µs"


def ratio_cell(value):
    return f"{value:.3f}"


def main():
    check_signer()
    keys = keyframes(ARGS.clip)
    # Keyframes with a whole GOP after them (the last one may be short).
    gops = [(k, nxt) for k, nxt in zip(keys, keys[1:]) if nxt - k >= 6]
    if len(gops) < 4:
        raise RuntimeError(f"the clip has too few long GOPs ({len(gops)})")
    frame_s = 0.04

    def plan(mode, count):
        """(request time, CLI seek) pairs, GOP after GOP, each round a frame earlier than the last."""
        out = []
        for i in range(count):
            rnd, k = i // len(gops), gops[i % len(gops)][0]
            if mode == "keyframe":
                out.append((k + 0.5 + frame_s * rnd, k))
            else:
                t = k + 5.0 - frame_s * rnd
                out.append((t, t))
        return out

    out_dir = os.path.join(ARGS.work, "out")
    os.makedirs(out_dir, exist_ok=True)
    server = start_server(ARGS.thumbgate, ARGS.work, ARGS.timeout)
    rows = []
    try:
        port = server.port
        print(f"server on 127.0.0.1:{port}", file=sys.stderr)
        for mode, cos_mode, ref_text in (
                ("keyframe", "keyframe", "`ffmpeg -ss K -i IN -frames:v 1 OUT.jpg` per request"),
                ("exact", "exactframe", "`ffmpeg -ss T -i IN -frames:v 1 OUT.jpg` per request")):
            # Distinct times over both loads: the one-connection requests first, then the 16-connection ones.
            both = plan(mode, ARGS.requests + ARGS.parallel_requests)
            seq, par = both[:ARGS.requests], both[ARGS.requests:]
            # The picture check (and a warm-up): the server's image against the CLI's at a time outside the
            # plan, so that the measured requests stay uncached.
            k0 = gops[0][0]
            check_t, check_seek = (k0 + 0.3, k0) if mode == "keyframe" else (k0 + 5.0 + frame_s, k0 + 5.0 + frame_s)
            conn = Connection(port, ARGS.timeout)
            status, headers, body = conn.exchange(snapshot_request(check_t, cos_mode))
            conn.close()
            check(status, headers, body, "miss")
            server_jpg = os.path.join(out_dir, f"server-{mode}.jpg")
            with open(server_jpg, "wb") as f:
                f.write(body)
            cli_jpg = os.path.join(out_dir, f"server-ref-{mode}.jpg")
            run_cli(check_seek, cli_jpg, ARGS.timeout)
            same = psnr(server_jpg, cli_jpg)
            if same < 35:
                raise RuntimeError(f"{mode}: the server's image is not the CLI's frame (PSNR {same:.1f} dB)")

            print(f"{mode}: {len(seq)} requests over one connection, then the CLI per request ...", file=sys.stderr)
            tg_lat, last = latencies_one_connection(port, [snapshot_request(t, cos_mode) for t, _ in seq], "miss",
                                                    ARGS.timeout)
            cli_lat = cli_latencies([s for _, s in seq], out_dir, ARGS.timeout)
            # The last measured request's image against the CLI's last one (the same frame).
            last_jpg = os.path.join(out_dir, f"server-{mode}-last.jpg")
            with open(last_jpg, "wb") as f:
                f.write(last)
            same = min(same, psnr(last_jpg, os.path.join(out_dir, "cli-seq.jpg")))
            if same < 35:
                raise RuntimeError(f"{mode}: the server's last image is not the CLI's frame (PSNR {same:.1f} dB)")
            print(f"{mode}: {len(par)} requests over {ARGS.connections} connections, then the CLI "
                  f"{ARGS.connections} at a time ...", file=sys.stderr)
            tg_rps = throughput(port, [snapshot_request(t, cos_mode) for t, _ in par], "miss", ARGS.connections,
                                ARGS.timeout)
            cli_rps = cli_throughput([s for _, s in par], out_dir, ARGS.connections, ARGS.timeout)
            label = f"uncached {mode} GetSnapshot, {ARGS.clip_label}"
            for q in (50, 99):
                a, b = pct(cli_lat, q), pct(tg_lat, q)
                rows.append(f"| {label}: latency p{q}, 1 connection, {len(seq)} requests | {ref_text}, one at a time "
                            f"| {fmt_ms(a)} | {fmt_ms(b)} | {ratio_cell(b / a)} | {same:.1f} |")
            rows.append(f"| {label}: throughput, {ARGS.connections} connections, {len(par)} requests | {ref_text}, "
                        f"{ARGS.connections} at a time | {cli_rps:.2f}/s | {tg_rps:.2f}/s | "
                        f"{ratio_cell(cli_rps / tg_rps)} | {same:.1f} |")

        # Cached: one request made once (a miss), then repeated; /healthz on the same server alongside.
        cached = snapshot_request(gops[0][0] + 5.0, "exactframe")
        conn = Connection(port, ARGS.timeout)
        status, headers, body = conn.exchange(cached)
        conn.close()
        check(status, headers, body, None)
        cached_kib = len(body) / 1024
        health = healthz_request(port)
        print(f"cached: {ARGS.cached_requests} requests over one connection, then "
              f"{ARGS.cached_parallel_requests} over {ARGS.connections}, each also for /healthz ...", file=sys.stderr)
        hz_lat, _ = latencies_one_connection(port, [health] * ARGS.cached_requests, None, ARGS.timeout)
        c_lat, _ = latencies_one_connection(port, [cached] * ARGS.cached_requests, "hit", ARGS.timeout)
        hz_rps = throughput(port, [health] * ARGS.cached_parallel_requests, None, ARGS.connections, ARGS.timeout)
        c_rps = throughput(port, [cached] * ARGS.cached_parallel_requests, "hit", ARGS.connections, ARGS.timeout)
        label = f"cached exact GetSnapshot ({ARGS.clip_label}, a {cached_kib:.0f} KiB JPEG)"
        ref_text = "`GET /healthz` on the same server"
        for q in (50, 99):
            a, b = pct(hz_lat, q), pct(c_lat, q)
            rows.append(f"| {label}: latency p{q}, 1 connection, {len(c_lat)} requests | {ref_text} | {fmt_ms(a)} "
                        f"| {fmt_ms(b)} | {ratio_cell(b / a)} | — |")
        rows.append(f"| {label}: throughput, {ARGS.connections} connections, {ARGS.cached_parallel_requests} requests "
                    f"| {ref_text} | {hz_rps:.0f}/s | {c_rps:.0f}/s | {ratio_cell(hz_rps / c_rps)} | — |")
        rss = server.peak_rss_mib()
    finally:
        server.stop()
    for row in rows:
        print(row)
    print(f"SERVER_PEAK_RSS_MIB {rss:.1f}")
    return 0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--thumbgate", required=True)
    p.add_argument("--clip", required=True)
    p.add_argument("--clip-label", default="1080p GOP 250")
    p.add_argument("--work", required=True)
    p.add_argument("--requests", type=int, default=40, help="uncached requests over one connection, per mode")
    p.add_argument("--parallel-requests", type=int, default=80, help="uncached requests over the connections")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--cached-requests", type=int, default=1000)
    p.add_argument("--cached-parallel-requests", type=int, default=4000)
    p.add_argument("--timeout", type=float, default=120, help="seconds any one request or process may take")
    args = p.parse_args()
    args.thumbgate, args.clip, args.work = map(os.path.abspath, (args.thumbgate, args.clip, args.work))
    return args


if __name__ == "__main__":
    ARGS = parse_args()
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        print(f"server bench: {error}", file=sys.stderr)
        sys.exit(1)
