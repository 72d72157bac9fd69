"""What is new since a time: `export stories --since`, the web app's "new since" view and Atom feed,
and `report --since`, on a real store built twice, the builds' clocks set by hand (so the test
needs no sleeping and every time in it is known)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import storyline.store.base as store_base
from storyline import add, build, changed_since, open_store, parse_since
from storyline.cli import app
from storyline.export import story_record
from storyline.export_tables import SINCE_COLUMNS
from storyline.render.feed import ATOM, atom_feed
from storyline.web import create_app

from conftest import AFP, ASIA_TIMES, EVIL, SEEDS

WIKINEWS = Path(__file__).parents[1] / "src" / "storyline" / "examples" / "wikinews.jsonl"
FIRST, SECOND = "2024-01-01T00:00:00+00:00", "2024-02-01T00:00:00+00:00"
BETWEEN = "2024-01-15"  # a day between the two builds


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The AFP seed and most Wikinews articles built at FIRST; the Asia Times seed (the AFP story's
    second article), the five latest Wikinews articles and the attacking article built at SECOND.
    Returns the store's path and the ids of the second build's articles."""
    folder = tmp_path_factory.mktemp("since")
    meta = {json.loads(line)["file"]: line for line in (SEEDS / "meta.jsonl").read_text().splitlines()}
    for name, seed in (("old", AFP), ("new", ASIA_TIMES)):
        (folder / name).mkdir()
        shutil.copy(SEEDS / seed, folder / name / seed)
        (folder / name / "meta.jsonl").write_text(meta[seed] + "\n")
    rows = sorted((json.loads(line) for line in WIKINEWS.read_text().splitlines()), key=lambda r: (r["published"], r["id"]))
    (folder / "old.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:-5]))
    (folder / "new.jsonl").write_text("".join(json.dumps(r) + "\n" for r in [*rows[-5:], EVIL]))
    path = folder / "since.db"
    with pytest.MonkeyPatch.context() as mp, open_store(path) as s:
        for now, inputs in ((FIRST, ["old", "old.jsonl"]), (SECOND, ["new", "new.jsonl"])):
            mp.setattr(store_base, "_now", lambda now=now: now)
            report = add(s, [folder / i for i in inputs])
            assert not report.rejected, report.rejected
            build(s)
    return path, {ASIA_TIMES, EVIL["id"], *(r["id"] for r in rows[-5:])}


@pytest.fixture(scope="module")
def exported(two_builds):
    path, _ = two_builds
    result = CliRunner().invoke(app, ["export", "stories", "--since", BETWEEN, "--db", str(path)])
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}


@pytest.fixture(scope="module")
def client(two_builds):
    return TestClient(create_app(two_builds[0]))


def _seed_story(records: dict) -> dict:
    return next(r for r in records.values() if {AFP, ASIA_TIMES} <= set(r["articles"]))


def _text(store, source: dict) -> str:
    article = store.article(source["article"])
    return (article.captions if source.get("field") == "captions" else article.text)[source["start"]:source["end"]]


def test_since_takes_iso_dates_times_zones_and_ages():
    now = datetime(2024, 5, 2, 12, 30, tzinfo=timezone.utc)
    assert parse_since("2024-05-01") == "2024-05-01T00:00:00+00:00"  # no zone: UTC, as the store
    assert parse_since("2024-05-01T09:30") == "2024-05-01T09:30:00+00:00"
    assert parse_since("2024-05-01 09:30:15.9Z") == "2024-05-01T09:30:15+00:00"
    assert parse_since("2024-05-01T09:30+02:00") == "2024-05-01T07:30:00+00:00"
    assert parse_since("2h", now=now) == "2024-05-02T10:30:00+00:00"
    assert parse_since("1d", now=now) == parse_since("24h", now=now) == "2024-05-01T12:30:00+00:00"
    assert parse_since("1w", now=now) == "2024-04-25T12:30:00+00:00"
    assert parse_since("45m", now=now) == "2024-05-02T11:45:00+00:00"
    for bad in ("yesterday", "", "2024-13-01", "5y", "-1d", "99999999999d"):
        with pytest.raises(ValueError, match="^--since must be .*" + re.escape(repr(bad))):
            parse_since(bad)


def test_export_since_gives_the_changed_stories_with_their_new_articles(two_builds, exported):
    path, new_ids = two_builds
    with open_store(path) as s:
        members = {story.id: set(story.article_ids) for story in s.stories(annotations=False)}
    assert {sid for sid, ids in members.items() if ids & new_ids} <= set(exported)  # every story that grew
    assert len(exported) < len(members)  # and not the stories the second build left alone
    for record in exported.values():
        assert record["changed_at"] == SECOND and record["created_at"] in (FIRST, SECOND)
        assert [a["id"] for a in record["new_articles"]] == [a for a in record["articles"] if a in new_ids]
        assert all(a["added_at"] == SECOND for a in record["new_articles"])
    seed = _seed_story(exported)
    assert seed["created_at"] == FIRST and [a["id"] for a in seed["new_articles"]] == [ASIA_TIMES]
    assert seed["new_articles"][0]["source"] == "Asia Times"
    with open_store(path) as s:  # the story record itself is the plain export's
        assert {k: v for k, v in seed.items() if k in story_record(s.stories(seed["id"])[0])} == story_record(
            s.stories(seed["id"])[0])


def test_new_timeline_entries_are_told_by_new_articles_with_offsets(two_builds, exported):
    path, new_ids = two_builds
    seed = _seed_story(exported)
    assert seed["new_timeline"], "the Asia Times article tells dates the AFP copy does not"
    with open_store(path) as s:
        for entry in seed["new_timeline"]:
            assert {k: entry[k] for k in ("date", "earliest", "latest", "text", "sources")} == seed["timeline"][entry["idx"]]
            assert entry["provenance"] and all(p["article"] in new_ids for p in entry["provenance"])
            assert all(_text(s, p) == entry["text"] for p in entry["provenance"])
        new = {e["idx"] for e in seed["new_timeline"]}
        for i, entry in enumerate(seed["timeline"]):  # an entry the AFP copy shows is not new
            if i not in new:
                assert any(src["article"] == AFP and _text(s, src) == entry["text"] for src in entry["sources"])


def test_update_summary_cites_only_new_articles(two_builds, exported):
    path, new_ids = two_builds
    seed = _seed_story(exported)
    assert seed["update_summary"]
    with open_store(path) as s:
        afp = s.article(AFP).text
        for sentence in seed["update_summary"]:
            assert sentence["sources"] and all(src["article"] in new_ids for src in sentence["sources"])
            assert sentence["text"] in {_text(s, src) for src in sentence["sources"]}
            assert sentence["text"] not in afp  # nothing the reader saw before


def test_since_is_inclusive_and_zones_count(two_builds, exported):
    path, _ = two_builds
    with open_store(path) as s:
        assert {r["id"] for r in changed_since(s, parse_since("2024-02-01T01:00+01:00"))} == set(exported)
        assert list(changed_since(s, parse_since("2024-02-01T00:00:01"))) == []
        assert len(list(changed_since(s, parse_since("2023-12-31")))) == s.counts()["stories"]


def test_export_since_nothing_changed_is_empty_with_a_note(two_builds):
    result = CliRunner().invoke(app, ["export", "stories", "--since", "2024-03-01", "--db", str(two_builds[0])])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no story changed since 2024-03-01T00:00:00+00:00" in result.stderr


@pytest.mark.parametrize("command", [["export", "stories"], ["report", "--output", "never.html"]])
def test_a_bad_time_is_a_one_line_error_naming_the_option(two_builds, command, tmp_path):
    result = CliRunner().invoke(app, [*command, "--since", "last tuesday", "--db", str(two_builds[0])])
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--since" in result.stderr and "'last tuesday'" in result.stderr


def test_export_without_since_is_unchanged(two_builds):
    result = CliRunner().invoke(app, ["export", "stories", "--db", str(two_builds[0])])
    records = list(map(json.loads, result.stdout.splitlines()))
    with open_store(two_builds[0]) as s:
        assert records == [story_record(story) for story in s.stories()]
    assert not any({"changed_at", "new_articles", "new_timeline", "update_summary"} & set(r) for r in records)


def test_export_since_as_csv_adds_the_change_columns(two_builds, exported):
    import csv
    import io

    result = CliRunner().invoke(app, ["export", "stories", "--since", BETWEEN, "--format", "csv",
                                      "--db", str(two_builds[0])])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[-len(SINCE_COLUMNS):] == list(SINCE_COLUMNS)
    assert {r["id"] for r in rows} == set(exported)
    seed = next(r for r in rows if r["id"] == _seed_story(exported)["id"])
    assert json.loads(seed["new_articles"]) == [ASIA_TIMES] and seed["changed_at"] == SECOND
    assert seed["update_summary"] == " ".join(s["text"] for s in _seed_story(exported)["update_summary"])


def test_story_list_since_puts_changed_stories_first_with_their_new_articles(client, exported):
    data = client.get("/api/stories", params={"since": BETWEEN}).json()
    assert data["since"] == "2024-01-15T00:00:00+00:00" and data["changed"] == len(exported)
    changed = [s["changed"] is not None for s in data["stories"]]
    assert changed == sorted(changed, reverse=True)  # changed first
    for s in data["stories"]:
        if s["id"] in exported:
            assert s["changed"] == {"changed_at": SECOND, "new_articles": len(exported[s["id"]]["new_articles"])}
        else:
            assert s["changed"] is None
    assert "changed" not in client.get("/api/stories").json()["stories"][0]
    html = client.get("/", params={"since": BETWEEN}).text
    seed = _seed_story(exported)
    rows = re.findall(r'<tr class="changed"[^>]*>(.*?)</tr>', html, re.S)
    row = next(r for r in rows if f'/stories/{seed["id"]}?since=2024-01-15T00%3A00%3A00%2B00%3A00' in r)
    assert "+1 new" in row
    assert html.count('<tr class="changed"') == len(exported)
    assert f"{len(exported)} stories changed since 2024-01-15T00:00:00+00:00" in html


def test_story_page_since_shows_the_update_and_marks_what_is_new(client, exported):
    seed = _seed_story(exported)
    data = client.get(f"/api/stories/{seed['id']}", params={"since": BETWEEN}).json()
    change = data["change"]
    assert change["new_articles"] == 1 and change["new_timeline"] == len(seed["new_timeline"])
    assert [s["text"] for s in change["update_summary"]] == [s["text"] for s in seed["update_summary"]]
    assert all(c["article"] == ASIA_TIMES for s in change["update_summary"] for c in s["cites"])
    assert [i for i, e in enumerate(data["timeline"]) if e["new"]] == [e["idx"] for e in seed["new_timeline"]]
    assert [a["id"] for a in data["sources"] if a["new"]] == [ASIA_TIMES]
    html = client.get(f"/stories/{seed['id']}", params={"since": BETWEEN}).text
    assert "New since 2024-01-15T00:00:00+00:00" in html
    assert len(re.findall(r'<tr id="tl-[^"]*" class="new-entry">', html)) == len(seed["new_timeline"])
    assert len(re.findall(r'<li id="src-[^"]*" class="new-source">', html)) == 1
    for s in seed["update_summary"]:
        assert s["text"].split("“")[0] in html
    plain = client.get(f"/stories/{seed['id']}").text
    assert "new-since" not in plain.split("</style>")[1] and 'class="new-entry"' not in plain


def test_unchanged_story_page_since_says_nothing_changed(client, exported):
    stories = client.get("/api/stories").json()["stories"]
    old = next(s for s in stories if s["id"] not in exported)
    data = client.get(f"/api/stories/{old['id']}", params={"since": BETWEEN}).json()
    assert data["change"] is None and not any(e.get("new") for e in data["timeline"])
    assert "Nothing changed in this story since" in client.get(f"/stories/{old['id']}", params={"since": BETWEEN}).text


def test_a_bad_since_is_a_400_naming_it(client):
    page = client.get("/", params={"since": "soon"})
    assert page.status_code == 400 and "since must be" in page.text and "&#39;soon&#39;" in page.text
    api = client.get("/api/stories/x", params={"since": "soon"})
    assert api.status_code == 400 and api.json()["error"].startswith("since must be")
    assert client.get("/", params={"since": ""}).status_code == 200  # an empty form field is no filter


def test_feed_is_valid_atom_linking_every_entry_to_its_story_page(client, two_builds):
    response = client.get("/feed.atom")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == "http://testserver/feed.atom" and parsed.feed.title
    assert parsed.feed.updated == SECOND
    assert any(link.rel == "self" and link.href == "http://testserver/feed.atom" for link in parsed.feed.links)
    with open_store(two_builds[0]) as s:
        assert len(parsed.entries) == s.counts()["stories"]  # fewer than the feed's limit
    updated = [e.updated for e in parsed.entries]
    assert updated == sorted(updated, reverse=True) and updated[0] == SECOND and updated[-1] == FIRST
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.summary
        assert entry.link.startswith("http://testserver/stories/")
        page = client.get(entry.link)
        assert page.status_code == 200 and "<h1>" in page.text
        assert f"New since {entry.updated}" in page.text  # the link opens what that change brought
    evil = next(e for e in parsed.entries if e.title == EVIL["title"])  # markup kept as text, escaped
    assert "1 new article" in evil.summary
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_feed_xml_is_namespaced_escaped_and_limited(two_builds):
    with open_store(two_builds[0]) as s:
        raw = atom_feed(s, "https://news.example/app/", limit=3)
    root = ET.fromstring(raw)
    assert root.tag == f"{{{ATOM}}}feed"
    entries = root.findall(f"{{{ATOM}}}entry")
    assert len(entries) == 3
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert entry.find(f"{{{ATOM}}}{tag}").text
        link = entry.find(f"{{{ATOM}}}link")
        assert link.get("rel") == "alternate" and link.get("href").startswith("https://news.example/app/stories/")
    assert b"<script>" not in raw


def test_report_since_marks_the_changed_stories_and_shows_their_updates(two_builds, exported, tmp_path):
    runner = CliRunner()
    out, again, plain = tmp_path / "since.html", tmp_path / "again.html", tmp_path / "plain.html"
    for target in (out, again):
        result = runner.invoke(app, ["report", "--since", BETWEEN, "--output", str(target), "--db", str(two_builds[0])])
        assert result.exit_code == 0, result.output
    assert f"({len(exported)} stories changed since 2024-01-15T00:00:00+00:00)" in result.stderr
    assert out.read_bytes() == again.read_bytes()  # the same store gives the same report
    runner.invoke(app, ["report", "--output", str(plain), "--db", str(two_builds[0])])
    html, before = out.read_text(), plain.read_text()
    seed = _seed_story(exported)
    assert html.count('<tr class="changed"') == len(exported) and '<tr class="changed"' not in before
    section = html.split(f'<section class="page" id="story-{seed["id"]}">')[1].split('<section class="page"')[0]
    assert "New since 2024-01-15T00:00:00+00:00" in section
    assert section.count('class="new-entry"') == len(seed["new_timeline"])
    assert 'class="new-source"' in section
    first_row = re.search(r"<tbody>\s*<tr([^>]*)>", html).group(1)
    assert 'class="changed"' in first_row  # changed stories come first
