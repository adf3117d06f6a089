#!/usr/bin/env python3
"""Animated previews served by the running gateway against the ffmpeg CLI, in the same run.

Starts two `thumbgate serve` processes on 127.0.0.1 (port 0) with a player section over a folder holding the
clip, both without a result cache (every request is made anew): one without preview renditions (every preview
decodes the clip) and one with them, asked once and waited for until its rendition is made. Then, alternating
(server without, server with, CLI), RUNS times each after one unmeasured warm-up:
  GET /v/clip.mp4/animated.gif?start=S&end=S+5&fps=10&width=320   (wall time of the request, urllib)
  ffmpeg -ss S -t 5 -i CLIP -vf "fps=10,scale=320:-1,split[a][b];[a]palettegen[p];[b][p]paletteuse" out.gif
Prints a Markdown table of the medians and their ratio to the CLI's. A measurement, not a test; every loop is
bounded and both servers are stopped however it ends.

Usage: player_animated.py BINARY CLIP START RUNS
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from gateway_process import Gateway


class Server(Gateway):
    def __init__(self, binary, root, renditions):
        os.makedirs(os.path.join(root, "media"))
        super().__init__(binary, root, {
            "listen": "127.0.0.1:0",
            "data_dir": os.path.join(root, "data"),
            "media_root": os.path.join(root, "media"),
            "player": {"result_cache_bytes": 0, "preview_rendition_bytes": (1 << 30) if renditions else 0},
        }, stop_timeout_s=30)

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=120) as res:
            body = res.read()
            if res.status != 200:
                raise RuntimeError(f"{path}: HTTP {res.status}")
            return body

    def metric(self, sample):
        for line in self.get("/metrics").decode().splitlines():
            if line.startswith(sample + " "):
                return float(line.split()[-1])
        return 0.0


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    binary, clip, start, runs = os.path.abspath(argv[1]), os.path.abspath(argv[2]), float(argv[3]), int(argv[4])
    work = tempfile.mkdtemp(prefix="tg-animated-")
    servers = []
    try:
        plain = Server(binary, os.path.join(work, "plain"), renditions=False)
        servers.append(plain)
        copying = Server(binary, os.path.join(work, "copying"), renditions=True)
        servers.append(copying)
        for server in servers:
            shutil.copyfile(clip, os.path.join(server.root, "media", "clip.mp4"))
        url = f"/v/clip.mp4/animated.gif?start={start:g}&end={start + 5:g}&fps=10&width=320"
        copying.get(url)  # its first preview asks for the rendition
        built = 'thumbgate_player_preview_renditions_total{event="built"}'
        deadline = time.monotonic() + 600
        while copying.metric(built) < 1:
            if time.monotonic() > deadline:
                raise RuntimeError("the rendition was not made in 10 minutes")
            time.sleep(0.2)
        cli_out = os.path.join(work, "cli.gif")
        cli = ["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-ss", f"{start:g}", "-t", "5", "-i", clip, "-vf",
               "fps=10,scale=320:-1,split[a][b];[a]palettegen[p];[b][p]paletteuse", cli_out]
        steps = [lambda: plain.get(url), lambda: copying.get(url),
                 lambda: subprocess.run(cli, check=True, stdin=subprocess.DEVNULL)]
        times = [[], [], []]
        for step in steps:
            step()  # warm-up
        for _ in range(runs):
            for i, step in enumerate(steps):
                times[i].append(timed(step))
        decoded = copying.metric('thumbgate_player_animated_decodes_total{input="rendition"}')
        if decoded < runs:
            raise RuntimeError(f"only {decoded:g} previews were decoded from the rendition")
        medians = [statistics.median(t) for t in times]
        sizes = [len(plain.get(url)), len(copying.get(url)), os.path.getsize(cli_out)]
        print(f"Animated, served: GET {url} (no result cache) against the CLI, median of {runs} alternating runs")
        print()
        print("| command | time | bytes | ratio to the CLI |")
        print("|---|---|---|---|")
        names = ["thumbgate serve, from the media", "thumbgate serve, from its preview rendition",
                 "ffmpeg -vf fps,scale,palettegen/paletteuse"]
        for name, median, size in zip(names, medians, sizes):
            print(f"| {name} | {median * 1000:.0f} ms | {size} | {median / medians[2]:.2f} |")
        return 0
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
