"""A process killed during `add` or `build` leaves a sound store that the next run completes."""

import signal
import subprocess
import sys
import time

import pytest
from storefile import count, integrity

from storyline import open_store

pytestmark = pytest.mark.slow


def _storyline(*args, db):
    return subprocess.Popen([sys.executable, "-m", "storyline", *map(str, args), "--db", str(db), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_when(proc, db, sql, at_least, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        if count(db, sql) >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    proc.wait()
    return False


def test_killed_add_resumes(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:05d}.txt").write_text(f"Article number {i} says the council met on day {i} to vote.\n")
    db = tmp_path / "s.db"
    killed = _kill_when(_storyline("add", folder, db=db), db, "SELECT count(*) FROM articles", 64)
    assert killed, "add finished before it could be killed; the test needs more input"
    assert integrity(db) == "ok"
    partial = count(db, "SELECT count(*) FROM articles")
    assert 0 < partial < 3000
    assert _storyline("add", folder, db=db).wait() == 0
    assert integrity(db) == "ok"
    assert count(db, "SELECT count(*) FROM articles") == 3000
    assert count(db, "SELECT count(DISTINCT id) FROM articles") == 3000


def test_killed_build_resumes(tmp_path, seeds):
    from storyline.demo import example_inputs

    db = tmp_path / "s.db"
    assert _storyline("add", *example_inputs(), db=db).wait() == 0
    total = count(db, "SELECT count(*) FROM articles")
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "build", "--db", str(db), "--quiet", "--commit-every", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = _kill_when(proc, db, "SELECT count(*) FROM articles WHERE annotated_version IS NOT NULL", 4)
    assert killed, "build finished before it could be killed"
    assert integrity(db) == "ok"
    done = count(db, "SELECT count(*) FROM articles WHERE annotated_version IS NOT NULL")
    assert 0 < done < total
    assert _storyline("build", db=db).wait() == 0
    assert integrity(db) == "ok"
    store = open_store(db)
    assert store.counts()["articles"] == total
    assert all(a for a in store.articles())
    assert count(db, "SELECT count(*) FROM articles WHERE annotated_version IS NULL") == 0
    assert store.stories()
    # no annotation was written twice
    assert count(db, "SELECT count(*) FROM (SELECT article_id, field, idx FROM sentences GROUP BY 1, 2, 3 HAVING count(*) > 1)") == 0
