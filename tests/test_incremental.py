"""Incremental builds: batches give the stories of one batch, a rebuild gives the same, a build
rewrites only the stories that changed, and a merged story's id still finds the story."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from storyline import Config, add, build, open_store
from storyline.model import Story
from storyline.stories import StoryBuild

from conftest import BACKENDS

WIKINEWS = Path(__file__).parents[1] / "src" / "storyline" / "examples" / "wikinews.jsonl"

pytestmark = pytest.mark.slow


def _chunks(tmp_path: Path, parts: int) -> list[Path]:
    """The bundled Wikinews articles in publication order, cut into ``parts`` JSONL files."""
    rows = sorted((json.loads(line) for line in WIKINEWS.read_text().splitlines()), key=lambda r: (r["published"], r["id"]))
    size = -(-len(rows) // parts)
    out = []
    for i in range(parts):
        path = tmp_path / f"part{i}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows[i * size:(i + 1) * size]))
        out.append(path)
    return out


def _membership(db: Path) -> dict[str, str]:
    with open_store(db) as s:
        return {a: story.id for story in s.stories(annotations=False) for a in story.article_ids}


def _bcubed(a: dict[str, str], b: dict[str, str]) -> float:
    by_a, by_b = defaultdict(set), defaultdict(set)
    for x in a:
        by_a[a[x]].add(x)
        by_b[b[x]].add(x)
    p = sum(len(by_a[a[x]] & by_b[b[x]]) / len(by_a[a[x]]) for x in a) / len(a)
    r = sum(len(by_a[a[x]] & by_b[b[x]]) / len(by_b[b[x]]) for x in a) / len(a)
    return 2 * p * r / (p + r)


@pytest.fixture(scope="module")
def one_and_four(tmp_path_factory):
    """The same articles built as one batch and as four batches (a build after each)."""
    tmp = tmp_path_factory.mktemp("incremental")
    one_db, four_db = tmp / "one.db", tmp / "four.db"
    with open_store(one_db) as s:
        add(s, [WIKINEWS])
        build(s)
    reports = []
    with open_store(four_db) as s:
        for part in _chunks(tmp, 4):
            add(s, [part])
            reports.append(build(s))
    return one_db, four_db, reports


def test_four_batches_give_the_stories_of_one(one_and_four):
    one_db, four_db, _ = one_and_four
    one, four = _membership(one_db), _membership(four_db)
    assert len(one) == len(WIKINEWS.read_text().splitlines())  # nothing lost
    assert set(four) == set(one)
    assert _bcubed(four, one) >= 0.99
    assert set(four.values()) == set(one.values())  # the same story ids: a story keeps its founder's


def test_a_batch_recomputes_only_the_stories_it_changes(one_and_four):
    _, _, reports = one_and_four
    with open_store(one_and_four[1]) as s:
        total = s.counts()["stories"]
    assert all(r.stories is not None for r in reports)
    assert reports[-1].stories < total  # the last batch left some stories alone


def test_rebuild_gives_the_incremental_stories(one_and_four, tmp_path):
    _, four_db, _ = one_and_four
    db = tmp_path / "rebuilt.db"
    shutil.copy(four_db, db)
    with open_store(db) as s:
        before = {st.id: (st.article_ids, st.title, [e.text for e in st.timeline]) for st in s.stories(annotations=False)}
        report = build(s, rebuild=True)
        assert report.annotated == 0 and report.stories == len(before)
        after = {st.id: (st.article_ids, st.title, [e.text for e in st.timeline]) for st in s.stories(annotations=False)}
    assert _bcubed(_membership(db), _membership(four_db)) >= 0.99
    same = sum(1 for sid in before if before[sid] == after.get(sid))
    assert same >= 0.9 * len(before)


def test_untouched_stories_are_not_rewritten(one_and_four, tmp_path):
    one_db, _, _ = one_and_four
    db = tmp_path / "grow.db"
    shutil.copy(one_db, db)
    with open_store(db) as s:
        rows = dict(s.conn.execute("SELECT id, rowid FROM stories").fetchall())
        assert build(s).stories is None  # nothing new: nothing to do
        new = tmp_path / "new.jsonl"
        new.write_text(json.dumps({"id": "late/1", "published": "2009-06-01", "title": "Boeing tanker deal",
                                   "text": "The Air Force reopened the Boeing tanker lease after emails between "
                                           "officials were published, Senator John McCain said."}) + "\n")
        add(s, [new])
        report = build(s)
        assert report.annotated == 1 and 1 <= report.stories <= 2
        after = dict(s.conn.execute("SELECT id, rowid FROM stories").fetchall())
        kept = [sid for sid in rows if after.get(sid) == rows[sid]]
        assert len(kept) >= len(rows) - 2
        assert any("late/1" in st.article_ids for st in s.stories(annotations=False))


def test_a_merged_story_id_finds_the_story(seed_store):
    story = seed_store.stories(annotations=False)[0]
    state = seed_store.conn.execute("SELECT data FROM story_state").fetchone()[0]
    assert state
    # a build that folded story "s-gone" into the seed story
    merged = Story(story.id, story.title, story.article_ids, story.assignments, story.summary, story.timeline,
                   story.developments, story.entities, first_published=story.first_published,
                   last_published=story.last_published)
    seed_store.apply_story_build(StoryBuild([], [], [], [merged], {"s-gone": story.id}, [], {"x": 1}),
                                 fingerprint="f")
    assert seed_store.live_story_id("s-gone") == story.id
    assert [s.id for s in seed_store.stories("s-gone", annotations=False)] == [story.id]
    assert seed_store.stories(story.id, annotations=False)[0].title == story.title


@BACKENDS
def test_a_reader_sees_one_state_while_a_build_commits(db_url, seeds):
    """A page or export reads inside ``snapshot``: a build that commits meanwhile is not seen half."""
    from storyline.demo import example_inputs

    db = db_url
    writer = open_store(db)
    add(writer, [seeds], Config())
    build(writer, Config())
    reader = open_store(db)
    with reader.snapshot():
        before = [(s.id, s.article_ids) for s in reader.stories(annotations=False)]
        add(writer, [example_inputs()[1]], Config())
        build(writer, Config())
        assert [(s.id, s.article_ids) for s in reader.stories(annotations=False)] == before
        assert reader.counts()["articles"] == 2
    assert len(reader.stories(annotations=False)) > len(before)
    assert reader.counts()["articles"] > 2
    reader.close()
    writer.close()
