"""A PostgreSQL store shared by several processes: the CLI takes its URL, it gives the stories and
search results SQLite gives, concurrent adds and builds lose and duplicate nothing, builds run one
at a time, and a server that is unreachable or stops under a build is one clear error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import Config, add, build, open_store
from storyline.cli import app
from storyline.errors import StoreError
from storyline.pipeline import annotation_version
from storyline.store import reads

from conftest import ASIA_TIMES, SEEDS
from pgserver import PgServer, free_port

WIKINEWS = Path(__file__).parents[1] / "src" / "storyline" / "examples" / "wikinews.jsonl"
SRC = Path(__file__).parents[1] / "src"


def _cli(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def _stories(db: str) -> list[tuple]:
    """What a build made, without its times: each story's id, title, articles, timeline and summary."""
    with open_store(db) as s:
        return [(st.id, st.title, st.article_ids, [(e.date, e.text) for e in st.timeline],
                 [x.text for x in st.summary]) for st in s.stories(annotations=False)]


def _wikinews(tmp_path: Path, rows: slice, name: str) -> Path:
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in WIKINEWS.read_text().splitlines()[rows]))
    return path


@pytest.fixture(scope="module")
def seeds_on_both(tmp_path_factory, pg_server) -> tuple[str, str]:
    """The seeds added and built through the CLI into a SQLite file and a PostgreSQL database."""
    sqlite_db = str(tmp_path_factory.mktemp("both") / "seeds.db")
    pg_db = pg_server.new_database()
    for db in (sqlite_db, pg_db):
        for command in (["add", SEEDS, "--db", db, "-q"], ["build", "--db", db, "-q"]):
            result = _cli(*command)
            assert result.exit_code == 0, result.output
    return sqlite_db, pg_db


def _without_times(record):
    if isinstance(record, dict):
        return {k: _without_times(v) for k, v in record.items() if not k.endswith("_at")}
    if isinstance(record, list):
        return [_without_times(v) for v in record]
    return record


def test_cli_add_build_export_give_the_sqlite_stories(seeds_on_both, tmp_path):
    exported = []
    for db in seeds_on_both:
        out = tmp_path / "stories.jsonl"
        result = _cli("export", "stories", "--db", db, "--output", out)
        assert result.exit_code == 0, result.output
        exported.append([_without_times(json.loads(line)) for line in out.read_text().splitlines()])
    assert exported[0] and exported[0] == exported[1]
    assert _stories(seeds_on_both[0]) == _stories(seeds_on_both[1])


@pytest.mark.parametrize("query", ["Yongbyon", "summit", "Kim Jong-un", "nuclear talks", "Trump said", '"', "AND OR",
                                   "NEAR(", "a:b", "nothingmatchesthis"])
def test_search_finds_the_same_on_both(seeds_on_both, query):
    found = []
    for db in seeds_on_both:
        with open_store(db) as s:
            hits = reads.search(s, query)
        found.append(({a["id"] for a in hits["articles"]},
                      {(h["article"], h["field"], h["start"], h["end"]) for h in hits["sentences"]}))
    assert found[0] == found[1]


def test_search_marks_the_hits_on_postgres(seeds_on_both):
    with open_store(seeds_on_both[1]) as s:
        hits = reads.search(s, "Yongbyon")
    assert hits["sentences"][0]["article"] == ASIA_TIMES
    assert f"{reads.HIT_START}Yongbyon{reads.HIT_END}" in hits["sentences"][0]["snippet"]
    assert any(f"{reads.HIT_START}Yongbyon{reads.HIT_END}" in a["snippet"] for a in hits["articles"])


def test_an_unreachable_server_or_missing_database_is_one_line_naming_it(pg_server):
    with open_store(pg_server.url()):
        pass  # the server is up: only the port and the database below are wrong
    closed = free_port()
    for url, where, why in [
        (f"postgresql://postgres:s3cret@127.0.0.1:{closed}/news", f"127.0.0.1:{closed}", "refused"),
        (pg_server.url("nosuchdb").replace("postgres@", "postgres:s3cret@"), f"127.0.0.1:{pg_server.port}",
         "does not exist"),
    ]:
        result = _cli("report", "--db", url, "-o", os.devnull)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert where in lines[0] and why in lines[0] and "Traceback" not in result.output
        assert "s3cret" not in result.output


def test_a_second_build_waits_for_the_first_and_says_who_holds_the_store(pg_server):
    url = pg_server.new_database()
    first, second = open_store(url), open_store(url)
    heard: list[str] = []
    with first.build_lock():
        waiter = threading.Thread(target=lambda: second.build_lock(heard.append).__enter__())
        waiter.start()
        waiter.join(1.0)
        assert waiter.is_alive() and len(heard) == 1  # waiting, and said so once
    waiter.join(10)
    assert not waiter.is_alive()
    assert "another build holds the store" in heard[0] and f"storyline {os.getpid()}@" in heard[0]
    first.close()
    second.close()


def test_two_adds_and_a_build_at_once_lose_and_duplicate_nothing(pg_server, tmp_path):
    """Two `add`s of overlapping inputs race a `build` on one database; a last build then takes in
    whatever the racing one did not see."""
    url = pg_server.new_database()
    parts = [_wikinews(tmp_path, slice(0, 12), "a.jsonl"), _wikinews(tmp_path, slice(6, 18), "b.jsonl")]
    env = {**os.environ, "PYTHONPATH": str(SRC), "STORYLINE_DB": url}
    with open_store(url):
        pass  # the schema, made once, so the racers start on the same store
    run = [sys.executable, "-m", "storyline"]
    racers = [subprocess.Popen([*run, "add", "-q", part], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True) for part in parts]
    racers.append(subprocess.Popen([*run, "build", "-q", "--processes", "1"], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True))
    for p in racers:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert _cli("build", "--db", url, "-q").exit_code == 0
    ids = {json.loads(line)["id"] for line in WIKINEWS.read_text().splitlines()[:18]}
    with open_store(url) as s:
        assert set(s.article_ids()) == ids
        assert s.articles_to_annotate(annotation_version(Config())) == []
        placed = [a for story in s.stories(annotations=False) for a in story.article_ids]
        assert sorted(placed) == sorted(ids)  # every article in exactly one story
        assert s.conn.execute("SELECT count(*) FROM sentence_search").fetchone()[0] == s.counts()["sentences"]


def test_a_build_whose_server_stops_fails_clearly_and_the_next_finishes_it(tmp_path):
    """The server is stopped after the first annotation batch: the build fails with a StoreError
    naming the server, and once it is back a second build gives the stories of an uninterrupted one."""
    inputs = _wikinews(tmp_path, slice(0, 8), "in.jsonl")
    config = Config(commit_every=2, annotate_processes=1)
    reference = str(tmp_path / "reference.db")
    with open_store(reference) as s:
        add(s, [inputs], config)
        build(s, config)
    server = PgServer()
    try:
        url = server.new_database()
        with open_store(url) as s:
            add(s, [inputs], config)

        def stop_after_first_batch(stage: str, done: int, total: int) -> None:
            if stage == "annotate" and done > 0 and done < total:
                server.stop()

        s = open_store(url)
        with pytest.raises(StoreError, match=f"127.0.0.1:{server.port}") as failed:
            build(s, config, stop_after_first_batch)
        assert "\n" not in str(failed.value)
        s.close()
        server.start()
        with open_store(url) as s:
            assert 0 < s.counts()["sentences"]  # the committed batch survived
            build(s, config)
        assert _stories(url) == _stories(reference)
    finally:
        server.close()


def test_the_web_app_and_the_report_read_a_postgres_store(seeds_on_both, tmp_path):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    pages = []
    for db in seeds_on_both:
        client = TestClient(create_app(db))
        stories = client.get("/api/stories").json()
        story = client.get(f"/api/stories/{stories['stories'][0]['id']}").json()
        assert client.get("/search", params={"q": "Yongbyon"}).status_code == 200
        pages.append((_without_times(stories), _without_times(story)))
    assert pages[0] == pages[1]
    result = _cli("report", "--db", seeds_on_both[1], "--output", tmp_path / "report.html")
    assert result.exit_code == 0, result.output
    assert "Yongbyon" in (tmp_path / "report.html").read_text()
