"""Ctrl-C during `storyline build` (issue 25): when the first annotation is committed, and what a
SIGINT to the build's process group (as a terminal sends it) keeps, how soon the build exits, and
whether anything prints a traceback.

    .venv/bin/python benchmarks/interrupt.py ../shared/data/t17/bpoil_bbc --at 30

``--src`` runs another checkout's code (the one before a change) against the same store.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANNOTATED = "SELECT count(*) FROM articles WHERE annotated_version IS NOT NULL"


def _annotated(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return conn.execute(ANNOTATED).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # no table yet
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a folder of articles (a Timeline17 topic)")
    parser.add_argument("--at", type=float, default=30.0, help="seconds after the start to send SIGINT")
    parser.add_argument("--src", help="the src folder whose storyline to run (default: the installed one)")
    args = parser.parse_args()
    env = {**os.environ, **({"PYTHONPATH": args.src} if args.src else {})}
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "s.db"
        subprocess.run([sys.executable, "-m", "storyline", "add", args.folder, "--db", str(db), "--quiet"],
                       env=env, check=True, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        build = subprocess.Popen([sys.executable, "-m", "storyline", "build", "--db", str(db), "--quiet"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
        first = None
        while time.monotonic() - started < args.at and build.poll() is None:
            if first is None and (n := _annotated(db)):
                first = (time.monotonic() - started, n)
            time.sleep(0.05)
        os.killpg(build.pid, signal.SIGINT)
        asked = time.monotonic()
        _, err = build.communicate()
        exited = time.monotonic() - asked
        shutil.copy(db, Path(work) / "copy.db")  # read once the build is gone
        kept = _annotated(Path(work) / "copy.db")
    lines = err.strip().splitlines()
    print(f"first commit: {f'{first[0]:.1f} s ({first[1]} articles)' if first else f'none in {args.at:.0f} s'}; "
          f"SIGINT at {args.at:.0f} s: exit status {build.returncode} after {exited:.1f} s, {kept} articles kept, "
          f"{err.count('Traceback')} tracebacks; last line: {lines[-1] if lines else ''!r}")


if __name__ == "__main__":
    main()
