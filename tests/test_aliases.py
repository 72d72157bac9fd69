"""Ids are never lost: content that arrives again under a new id is recorded as another id of the
stored article (with the outlet that sent it), and that id finds the article in the store, the
exports, the web app and the report. The text is stored once, so the story stages see one article."""

from __future__ import annotations

import csv
import html as htmllib
import io
import json
import re
import shutil
import sqlite3

import pytest
from fastapi.testclient import TestClient

from storyline import add, build, open_store
from storyline.model import ArticleAlias
from storyline.render import render_report
from storyline.store import SCHEMA_VERSION
from storyline.ingest.article import make_article
from storyline.web import create_app

from conftest import AFP, ASIA_TIMES, BACKENDS, SEEDS, Cli

TEXT = "The city council voted on Tuesday to approve a new flood barrier for the river."
COPY = "copy/afp.txt"  # the AFP seed again, from another outlet
COPY_META = {"file": "afp.txt", "source": "Outlet B", "url": "https://b.example/afp", "published": "2018-12-03",
             "title": "Trump wants a second summit"}


def _article(article_id: str, source: str | None, text: str = TEXT, **meta):
    return make_article(id=article_id, raw_text=text, origin=f"in/{article_id}", format="text", source=source, **meta)


@BACKENDS
def test_same_content_under_a_new_id_from_the_same_outlet_is_another_id(store):
    with store.transaction():
        assert store.add_article(_article("a", "Outlet A")) == ("stored", None)
        assert store.add_article(_article("c", "Outlet A")) == ("alias", "a")
    assert store.article_ids() == ["a"]
    assert store.article("c").id == "a" and store.article("c").text == store.article("a").text
    assert store.article_aliases() == {"a": [ArticleAlias("c", "a", "Outlet A", origin="in/c")]}


@BACKENDS
def test_same_content_from_another_outlet_is_one_article_listing_both(store):
    copy = _article("b", "Outlet B", url="https://b.example/flood", title="Barrier approved", published="2024-03-06")
    with store.transaction():
        store.add_article(_article("a", "Outlet A"))
        assert store.add_article(copy) == ("alias", "a")
    assert store.counts()["articles"] == 1 and store.article("a").source == "Outlet A"
    assert store.article_aliases(["a"]) == {"a": [ArticleAlias("b", "a", "Outlet B", "https://b.example/flood",
                                                              "Barrier approved", "2024-03-06", "in/b")]}


@BACKENDS
def test_a_store_that_kept_one_copy_per_outlet_loses_none_and_aliases_the_outlets_own(store):
    with store.transaction():
        store.add_article(_article("a", "Outlet A"))
        # before aliases a wire copy from another outlet was stored as an article of its own
        store.conn.execute("""INSERT INTO articles(id, content_hash, source, published_precision, published_origin,
                              text, format, added_at) SELECT 'b', content_hash, 'Outlet B', published_precision,
                              published_origin, text, format, added_at FROM articles WHERE id='a'""")
        assert store.add_article(_article("c", "Outlet B")) == ("alias", "b")
        assert store.add_article(_article("d", "Outlet C")) == ("alias", "a")
    assert store.article_ids() == ["a", "b"]


@BACKENDS
def test_readding_the_other_id_changes_nothing(store, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text(TEXT)
    (tmp_path / "b" / "two.txt").write_text(TEXT)
    first = add(store, [tmp_path / "a"])
    second = add(store, [tmp_path / "b"])
    assert first.stored == ["one.txt"] and second.stored == [] and second.aliases == {"two.txt": "one.txt"}
    rows = store.conn.execute("SELECT * FROM article_aliases").fetchall()
    again = add(store, [tmp_path / "b"])
    assert again.aliases == {} and again.stored == [] and again.unchanged == ["one.txt"]
    assert store.conn.execute("SELECT * FROM article_aliases").fetchall() == rows
    assert store.counts()["articles"] == 1


@BACKENDS
def test_an_other_id_or_its_url_with_other_content_is_a_conflict(store):
    with store.transaction():
        store.add_article(_article("a", "Outlet A"))
        store.add_article(_article("b", "Outlet B", url="https://b.example/flood"))
        assert store.add_article(_article("b", "Outlet B", text="The barrier was cancelled.")) == ("conflict", "b")
        moved = _article("e", "Outlet B", text="The barrier was cancelled.", url="https://b.example/flood")
        assert store.add_article(moved) == ("conflict", "a")
    assert store.article_ids() == ["a"] and store.article("b").text == TEXT


def test_add_says_which_ids_it_knew_under_another_id(cli, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text(TEXT)
    (tmp_path / "b" / "two.txt").write_text(TEXT)
    (tmp_path / "b" / "three.txt").write_text("The mayor opened the new library on Friday morning.")
    assert cli("add", tmp_path / "a", "-q").exit_code == 0
    result = cli("add", tmp_path / "b", "-q")
    assert result.exit_code == 0, result.output
    assert "known two.txt: the same content as article 'one.txt', recorded as another id of it" in result.output
    assert "1 stored, 1 known under another id, 0 already stored, 0 rejected (2 files)" in result.output
    result = cli("add", tmp_path / "b", "-q")
    assert "0 stored, 2 already stored, 0 rejected (2 files)" in result.output and "known" not in result.output


@pytest.fixture(scope="module")
def alias_db(built_seed_db, tmp_path_factory):
    """The built seed store, then the AFP seed added again under another id from another outlet."""
    folder = tmp_path_factory.mktemp("aliases")
    path = folder / "aliases.db"
    shutil.copy(built_seed_db, path)
    (folder / "copy").mkdir()
    shutil.copy(SEEDS / AFP, folder / "copy" / "afp.txt")
    (folder / "copy" / "meta.jsonl").write_text(json.dumps(COPY_META) + "\n")
    with open_store(path) as s:
        assert add(s, [folder]).aliases == {COPY: AFP}
        assert build(s).stories is None  # nothing new for the story stages
    return path


def test_the_story_stages_see_the_article_once(alias_db):
    with open_store(alias_db) as s:
        (story,) = s.stories()
        assert s.article_ids() == sorted([AFP, ASIA_TIMES]) and sorted(story.article_ids) == sorted([AFP, ASIA_TIMES])
        assert story.article_aliases == {COPY: AFP}


def test_every_article_export_lists_its_other_ids_and_outlets(alias_db, tmp_path):
    cli = Cli(alias_db)
    articles = {r["id"]: r for r in map(json.loads, cli("export", "articles", "--format", "jsonl").stdout.splitlines())}
    other = {"id": COPY, "source": "Outlet B", "url": COPY_META["url"], "title": COPY_META["title"],
             "published": "2018-12-03"}
    assert articles[AFP]["other_ids"] == [other]
    assert articles[AFP]["outlets"] == ["BusinessLive (AFP wire copy)", "Outlet B"]
    assert articles[ASIA_TIMES]["other_ids"] == [] and articles[ASIA_TIMES]["outlets"] == ["Asia Times"]
    table = {r["id"]: r for r in csv.DictReader(io.StringIO(cli("export", "articles", "--format", "csv").stdout))}
    assert json.loads(table[AFP]["other_ids"]) == [other]
    (record,) = map(json.loads, cli("export", "stories", "--format", "jsonl").stdout.splitlines())
    assert record["article_aliases"] == {COPY: AFP} and COPY not in record["articles"]
    (row,) = csv.DictReader(io.StringIO(cli("export", "stories", "--format", "csv").stdout))
    assert "Outlet B" in json.loads(row["outlets"])


def test_an_other_id_finds_the_article_in_the_web_app(alias_db):
    client = TestClient(create_app(alias_db))
    data = client.get(f"/api/articles/{COPY}").json()
    assert data["id"] == AFP and data["other_ids"][0]["id"] == COPY and data["mentions"] and data["story"]
    page = client.get(f"/articles/{COPY}")
    assert page.status_code == 200 and f"id {AFP}" in page.text
    assert f"Also received as <span class=\"alias\">id {COPY} (Outlet B, 2018-12-03, " in page.text
    (story,) = client.get("/api/stories").json()["stories"]
    assert "Outlet B" in story["outlets"]
    assert [s["id"] for s in client.get("/api/stories", params={"outlet": "outlet b"}).json()["stories"]] == [story["id"]]
    sources = client.get(f"/api/stories/{story['id']}").json()["sources"]
    assert [x["id"] for s in sources for x in s["other_ids"]] == [COPY]
    assert f"also <span class=\"alias\">id {COPY} (Outlet B" in client.get(f"/stories/{story['id']}").text
    hits = client.get("/api/search", params={"q": COPY}).json()["articles"]
    assert hits[0]["id"] == AFP


def test_the_report_lists_the_other_ids_and_links_only_to_originals(alias_db):
    with open_store(alias_db) as s:
        page = render_report(s)
        urls = {a.url for a in s.articles()} | {COPY_META["url"]}
    assert page.count(f"<span class=\"alias\">id {COPY} (Outlet B") == 2  # the story's sources, the article page
    outside = {htmllib.unescape(h) for h in re.findall(r'\b(?:href|src)="([^"#][^"]*)"', page)}
    assert COPY_META["url"] in outside and outside <= urls


def test_a_schema_5_store_keeps_its_other_ids_and_gains_their_titles_and_dates(tmp_path):
    path = tmp_path / "old.db"
    with open_store(path) as s, s.transaction():
        s.add_article(_article("a", "Outlet A"))
    conn = sqlite3.connect(path)
    conn.executescript("""
        DROP TABLE article_aliases;
        CREATE TABLE article_aliases (alias TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id),
            source TEXT, url TEXT, origin TEXT, added_at TEXT NOT NULL);
        INSERT INTO article_aliases VALUES ('old', 'a', 'Outlet B', NULL, 'in/old', '2026-01-01T00:00:00+00:00');
        UPDATE store_info SET value='5' WHERE key='schema_version';""")
    conn.close()
    with open_store(path) as s:
        assert s.get_info("schema_version") == SCHEMA_VERSION
        assert s.article("old").id == "a"
        with s.transaction():
            assert s.add_article(_article("new", "Outlet C", published="2024-03-06")) == ("alias", "a")
        assert s.article_aliases() == {"a": [ArticleAlias("old", "a", "Outlet B", origin="in/old"),
                                             ArticleAlias("new", "a", "Outlet C", published="2024-03-06",
                                                          origin="in/new")]}
