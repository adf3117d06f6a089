"""One `thumbgate serve` process for the benches: written config, port 0 on loopback, stopped cleanly.

Gateway(binary, root, config) writes `config` to root/config.json, starts `BINARY serve --config` in `root`
with stdout in root/stdout.txt and stderr (the JSON log) in root/server.log, and waits until the server
says where it listens ("listening on http://127.0.0.1:PORT"). stop() sends SIGTERM and waits, then kills.
"""

import json
import os
import signal
import subprocess
import time


class Gateway:
    def __init__(self, binary, root, config, start_timeout_s=30, stop_timeout_s=60):
        self.root = root
        self.stop_timeout_s = stop_timeout_s
        os.makedirs(root, exist_ok=True)
        self.config_path = os.path.join(root, "config.json")
        with open(self.config_path, "w") as f:
            json.dump(config, f, indent=2)
        self.stdout_path = os.path.join(root, "stdout.txt")
        self.log_path = os.path.join(root, "server.log")
        with open(self.stdout_path, "w") as out, open(self.log_path, "w") as log:
            self.proc = subprocess.Popen([binary, "serve", "--config", self.config_path], stdin=subprocess.DEVNULL,
                                         stdout=out, stderr=log, cwd=root)
        try:
            self.port = self._wait_for_port(start_timeout_s)
        except BaseException:
            self.stop()
            raise
        self.base = f"http://127.0.0.1:{self.port}"

    def _wait_for_port(self, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}); see {self.log_path}")
            with open(self.stdout_path) as f:
                for line in f:
                    if " listening on http://127.0.0.1:" in line:
                        return int(line.rsplit(":", 1)[1].strip().rstrip("/"))
            time.sleep(0.05)
        raise RuntimeError(f"the server did not say where it listens within {timeout_s} s; see {self.log_path}")

    def cpu_seconds(self):
        """User + system CPU time the server has used so far, all threads (from /proc)."""
        with open(f"/proc/{self.proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mib(self):
        """The server's peak resident memory so far (VmHWM), in MiB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=self.stop_timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
