"""A process killed during `add` or `build` leaves a sound store that the next run completes; one
stopped by SIGINT or SIGTERM commits what it did, says so and exits 130; a killed build's run is
marked died by the next start."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest
from conftest import BACKENDS
from storefile import count, integrity

from storyline import add, open_store

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


def _many_articles(tmp_path):
    """A folder of 3,000 one-line articles: enough that an add is still running when it is stopped."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:05d}.txt").write_text(f"Article number {i} says the council met on day {i} to vote.\n")
    return folder


def test_killed_add_resumes(tmp_path):
    folder = _many_articles(tmp_path)
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


# ---------------------------------------------------------------- SIGINT and SIGTERM: stop, keep, go on

ANNOTATED = "SELECT count(*) FROM articles WHERE annotated_version IS NOT NULL"


@pytest.fixture
def eight_articles(tmp_path):
    """A store of eight bundled Wikinews articles, added, none annotated yet."""
    from storyline.demo import examples_dir

    lines = (examples_dir() / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()[:8]
    (tmp_path / "eight.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    with open_store(db) as store:
        assert len(add(store, [tmp_path / "eight.jsonl"]).stored) == 8
    return db


def _run(*args, db, **popen):
    return subprocess.Popen([sys.executable, "-m", "storyline", *map(str, args), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _when(db, sql, at_least, proc, timeout=120):
    deadline = time.time() + timeout
    while count(db, sql) < at_least and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()


def test_ctrl_c_keeps_the_annotated_articles_and_the_next_build_does_the_rest(eight_articles):
    db = eight_articles
    # Ctrl-C: SIGINT to the whole process group, the annotation workers too
    proc = _run("build", db=db, start_new_session=True)
    _when(db, ANNOTATED, 1, proc)  # the first batch is committed: one article
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    kept = count(db, ANNOTATED)
    assert proc.returncode == 130, err
    assert 0 < kept < 8
    assert err.splitlines()[-1] == (f"interrupted (SIGINT): {kept} of 8 articles annotated and kept; "
                                    f"run `storyline build --db {db}` to go on")
    assert "Traceback" not in err
    assert re.search(r"annotate .* \d/8 \d:\d\d:\d\d (\d:\d\d:\d\d|-:--:--)\n", err), err  # time taken, time left
    assert integrity(db) == "ok"
    assert count(db, "SELECT count(*) FROM runs WHERE status='interrupted'") == 1

    again = _run("build", "--quiet", db=db)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert f"annotated {8 - kept} articles;" in err  # the kept ones were not annotated again
    assert count(db, ANNOTATED) == 8
    assert count(db, "SELECT count(*) FROM stories") > 0
    assert count(db, "SELECT count(*) FROM (SELECT article_id, field, idx FROM sentences GROUP BY 1, 2, 3 "
                     "HAVING count(*) > 1)") == 0


def test_sigterm_stops_an_add_that_goes_on_when_run_again(tmp_path):
    folder = _many_articles(tmp_path)
    db = tmp_path / "s.db"
    proc = _run("add", folder, "--quiet", db=db)
    _when(db, "SELECT count(*) FROM articles", 64, proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    stored = count(db)
    assert proc.returncode == 130, err
    assert 64 <= stored < 3000
    match = re.fullmatch(rf"interrupted \(SIGTERM\): {stored} stored, 0 already stored, 0 rejected \((\d+) of 3000 "
                         rf"files read\) in {db}; run the same `storyline add` to go on", err.splitlines()[-1])
    assert match, err
    assert int(match[1]) <= stored  # a file counts as read once all of it is stored
    again = _run("add", folder, "--quiet", db=db)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert err.splitlines()[-1].startswith(f"{3000 - stored} stored, {stored} already stored, 0 rejected (3000 files)")
    assert count(db, "SELECT count(DISTINCT id) FROM articles") == 3000


def test_a_stop_in_the_story_stage_writes_no_story_and_the_next_build_makes_them(tmp_path, seeds):
    import threading

    from storyline import Config, build
    from storyline.pipeline import Interrupted

    stop = threading.Event()

    def progress(stage, done, total):
        if stage == "stories":
            stop.set()

    with open_store(tmp_path / "s.db") as store:
        add(store, [seeds])
        with pytest.raises(Interrupted) as caught:
            build(store, Config(annotate_processes=1), progress, stop=stop)
        assert (caught.value.report.annotated, caught.value.report.to_annotate) == (2, 2)
        assert store.stories() == []
        assert [tuple(r) for r in store.conn.execute("SELECT status, stats FROM runs")] == [
            ("interrupted", '{"annotated": 2}')]
        assert build(store, Config(annotate_processes=1)).annotated == 0
        assert store.stories()


@BACKENDS
def test_a_killed_build_is_marked_died_at_the_next_start(db_url, seeds):
    with open_store(db_url) as store:
        add(store, [seeds])
    proc = _run("build", "--quiet", db=db_url, start_new_session=True)
    deadline = time.time() + 120
    while not _runs(db_url) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert [status for status, _ in _runs(db_url)] == ["running"]  # nothing could say otherwise
    with open_store(db_url) as store:
        add(store, [seeds])  # the next start, writing
    [(status, finished)] = _runs(db_url)
    assert status == "died" and finished is not None


@BACKENDS
def test_a_live_build_is_not_marked_died(db_url):
    """Another process's live build (here: this one's, holding the build lock) stays running."""
    with open_store(db_url) as building, open_store(db_url) as starting:
        with building.build_lock():
            run_id = building.start_run("build", "{}")
            assert starting.mark_dead_runs() == []
        assert _runs(db_url) == [("running", None)]
        building.finish_run(run_id, "done", {})


def _runs(db_url):
    with open_store(db_url) as store:
        return [tuple(r) for r in store.conn.execute("SELECT status, finished_at FROM runs ORDER BY id")]


def test_a_process_is_told_by_its_pid_and_its_start():
    from storyline.store.liveness import process_alive, this_process

    host, pid, start = this_process()
    assert process_alive(host, pid, start)
    assert not process_alive(host, pid, "another boot:0")  # the pid given again to another process
    assert process_alive("another-host", pid + 1, start)  # another machine's processes cannot be seen
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert not process_alive(host, ended.pid, None)
