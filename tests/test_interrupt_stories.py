"""A build killed (SIGKILL) at any moment of its story stage leaves the stories as they were before
that build or as the build makes them, never between; the next build finishes the work."""

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from storefile import count, integrity

from storyline import Config, add, build, open_store
from storyline.demo import example_inputs
from storyline.pipeline import annotate_pending

pytestmark = pytest.mark.slow

# what a build writes; one digest of all of it says which state a store is in
_STORY_TABLES = {
    "story_articles": "SELECT story_id, article_id FROM story_articles ORDER BY 1, 2",
    "stories": "SELECT id, title, article_count FROM stories ORDER BY 1",
    "timeline": "SELECT story_id, count(*) FROM timeline_entries GROUP BY 1 ORDER BY 1",
    "summary": "SELECT story_id, count(*) FROM summary_sentences GROUP BY 1 ORDER BY 1",
    "links": "SELECT count(*) FROM mention_entities",
    "bands": "SELECT count(*) FROM dedupe_bands",
    "state": "SELECT fingerprint, length(data) FROM story_state",
}
RUNNING = "SELECT count(*) FROM runs WHERE command='build' AND status='running'"


def _digest(db) -> str:
    assert integrity(db) == "ok"
    conn = sqlite3.connect(db, timeout=10)
    try:
        rows = [(name, conn.execute(sql).fetchall()) for name, sql in sorted(_STORY_TABLES.items())]
    finally:
        conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def stages(tmp_path_factory):
    """A store whose stories hold the seeds, with the Wikinews articles added and annotated but not
    yet taken into stories (so a build is its story stage alone), and the digests before and after."""
    folder = tmp_path_factory.mktemp("killed-stories")
    seeds, wikinews = example_inputs()
    base = folder / "base.db"
    store = open_store(base)
    add(store, [seeds], Config())
    build(store, Config())
    add(store, [wikinews], Config())
    annotate_pending(store, Config())
    store.close()
    before = _digest(base)
    done = folder / "done.db"
    shutil.copyfile(base, done)
    store = open_store(done)
    build(store, Config())
    store.close()
    return base, before, _digest(done)


@pytest.mark.parametrize("delay", [0.0, 0.04, 0.08, 0.12, 0.16, 0.3])
def test_a_build_killed_in_its_story_stage_is_before_or_after(tmp_path, stages, delay):
    base, before, after = stages
    assert before != after
    db = tmp_path / "s.db"
    shutil.copyfile(base, db)
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "build", "--db", str(db), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not count(db, RUNNING) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _digest(db) in (before, after)
    assert subprocess.run([sys.executable, "-m", "storyline", "build", "--db", str(db), "--quiet"]).returncode == 0
    assert _digest(db) == after
