"""Peak memory of a process and everything it starts, sampled from /proc (Linux).

The sum of resident sets counts the pages forked workers share with their parent once per process
(an upper bound); the sum of proportional sets (PSS) splits shared pages between their sharers.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it (read from /proc)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [p for p, pp in parent.items() if pp in frontier]
        tree += frontier
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; zeros if it has gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line and not line.startswith("0"))
        return int(fields["Rss"].split()[0]), int(fields["Pss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


class MemorySampler(threading.Thread):
    """Samples the summed memory of process ``root`` (this one by default) and its descendants until stopped."""

    def __init__(self, interval: float = 0.2, root: int | None = None):
        super().__init__(daemon=True)
        self.root = root or os.getpid()
        self.interval, self.peak_rss_kb, self.peak_pss_kb = interval, 0, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            sizes = [_memory_kb(pid) for pid in _tree(self.root)]
            self.peak_rss_kb = max(self.peak_rss_kb, sum(r for r, _ in sizes))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(p for _, p in sizes))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def run_measured(command: list[str]) -> tuple[str, int, float, float]:
    """Run ``command`` to its end, sampling its memory: (output, exit status, seconds, peak RSS in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = MemorySampler(interval=0.1, root=process.pid)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    return output, process.returncode, seconds, sampler.peak_rss_kb / 1024
