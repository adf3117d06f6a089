#!/usr/bin/env python3
"""Runs commands several times each; prints each one's median wall time (s) and largest peak RSS (MiB).

Usage: measure.py RUNS TIMEOUT_S -- CMD [ARG...] [--vs CMD [ARG...]]...
With several commands the runs alternate (A B A B ...), after one unmeasured warm-up run of each, so
that a change in the machine's load or in the page cache weighs on every command alike.
Output (one line per command): "<median seconds> <max peak RSS MiB>". Exit status 1 when any run
fails or times out (its stderr is shown), so a broken command never yields a number.
"""

import os
import signal
import statistics
import subprocess
import sys
import threading
import time


def run_once(cmd, timeout_s):
    """Wall seconds and peak RSS (KiB) of one run of `cmd`, from wait4 on that very child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout_s, kill)
    timer.start()
    # Drain stderr first so a chatty child cannot block on a full pipe; it ends when the child exits.
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if timed_out.is_set():
        raise RuntimeError(f"timed out after {timeout_s} s: {' '.join(cmd)}")
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss


def main(argv):
    if len(argv) < 5 or argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(argv[1])
    timeout_s = float(argv[2])
    cmds = [[]]
    for arg in argv[4:]:
        if arg == "--vs":
            cmds.append([])
        else:
            cmds[-1].append(arg)
    if any(not cmd for cmd in cmds) or runs < 1:
        print(__doc__, file=sys.stderr)
        return 2
    times = [[] for _ in cmds]
    peaks = [[] for _ in cmds]
    try:
        if len(cmds) > 1:
            for cmd in cmds:
                run_once(cmd, timeout_s)
        for _ in range(runs):
            for i, cmd in enumerate(cmds):
                elapsed, rss_kib = run_once(cmd, timeout_s)
                times[i].append(elapsed)
                peaks[i].append(rss_kib)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    for t, p in zip(times, peaks):
        print(f"{statistics.median(t):.3f} {max(p) / 1024:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
