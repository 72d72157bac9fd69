"""Whether the process that started a run is still there, so a run left ``running`` by a process
killed with SIGKILL (or a machine that went down) can be marked ``died``.

A run records its host, pid and the process's start (Linux: the boot and the clock tick the
process started at), because a pid alone is given again to other processes: in a container the
next build is often given the very pid of the one that was killed.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path


def this_process() -> tuple[str, int, str | None]:
    """(host, pid, start) of this process, as ``start_run`` records them."""
    pid = os.getpid()
    return socket.gethostname(), pid, process_start(pid)


def process_start(pid: int) -> str | None:
    """When process ``pid`` started, as "BOOT_ID:TICKS" (None where /proc does not say, or for a
    process that has ended and not yet been reaped: a zombie has finished)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
    if fields[0] in ("Z", "X"):  # zombie, dead
        return None
    return f"{boot}:{fields[19]}"  # field 22 of stat(5): starttime


def process_alive(host: str | None, pid: int | None, start: str | None) -> bool:
    """Whether the process (host, pid, start) may still run. Only this host's processes can be
    looked at: a run of another host, or one that recorded no pid (a store older than schema 7),
    counts as alive, so nothing live is ever marked dead."""
    if pid is None or host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # there, and another user's
    now = process_start(pid)
    if start is None:
        return True  # nothing recorded to tell this process from one given the pid again
    return now == start
