"""The terminal views of a store (`stories`, `show`, `search`) show what the web app's pages show,
citations included; a command that finds nothing says why in one line and exits 1 (2 for a bad
option); `timeline` with no date says why; `add` given only missing paths creates no store."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from storyline import add, open_store
from storyline.cli import app
from storyline.model import Story
from storyline.render.context import search_page, story_page
from storyline.stories import StoryBuild

from conftest import AFP, ASIA_TIMES, SEEDS


def run(db, *args, input=None):
    return CliRunner().invoke(app, [*map(str, args), "--db", str(db)], input=input, env={"COLUMNS": "120"})


@pytest.fixture
def seed_db(built_seed_db, tmp_path):
    path = tmp_path / "seeds.db"
    shutil.copy(built_seed_db, path)
    return path


@pytest.fixture
def seed_id(seed_db) -> str:
    with open_store(seed_db) as s:
        return s.stories(annotations=False)[0].id


# ---------------------------------------------------------------------------- stories

def test_stories_lists_id_title_articles_dates_and_change(seed_db, seed_id):
    result = run(seed_db, "stories")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith(seed_id))
    assert "2018-10" in row and "2018-12-02" in row and " 2 " in row
    listed = json.loads(run(seed_db, "stories", "--format", "json").stdout)["stories"]
    assert [s["id"] for s in listed] == [seed_id]
    assert listed[0]["changed_at"][:10] in row and listed[0]["title"].split()[0] in row


def test_stories_filter_sort_and_limit(web_db):
    def ids(*args):
        result = run(web_db, "stories", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [s for s in json.loads(result.stdout)["stories"]]

    every = ids()
    assert len(every) >= 3 and [s["article_count"] for s in every] == sorted((s["article_count"] for s in every),
                                                                              reverse=True)
    assert len(ids("--limit", "2")) == 2
    newest = [s["last_published"] for s in ids("--sort", "newest") if s["last_published"]]
    assert newest == sorted(newest, reverse=True)
    summit = ids("--query", "KIM summit")
    assert summit and all("summit" in s["title"].lower() for s in summit)
    assert {s["id"] for s in ids("--outlet", "asia times")} == {s["id"] for s in summit}
    assert all(s["last_published"] >= "2018-11" for s in ids("--from", "2018-11"))


def test_stories_that_find_nothing_say_why(seed_db, tmp_path):
    result = run(seed_db, "stories", "--query", "airbus", "--outlet", "Asia Times")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no story passes --query 'airbus' --outlet 'Asia Times' (of 1 story in the store)" in result.stderr
    assert run(seed_db, "stories", "--from", "last week").exit_code == 2

    added = tmp_path / "added.db"
    with open_store(added) as s:
        add(s, [SEEDS])
    result = run(added, "stories")
    assert result.exit_code == 1
    assert "no stories yet: 2 articles stored but not built; run `storyline build`" in result.stderr

    empty = tmp_path / "empty.db"
    open_store(empty).close()
    result = run(empty, "stories")
    assert result.exit_code == 1 and "holds no articles; run `storyline add PATH`" in result.stderr
    result = run(tmp_path / "none.db", "stories")
    assert result.exit_code == 1 and "no store at" in result.stderr


# ---------------------------------------------------------------------------- show

def test_show_prints_each_section_with_citations_that_point_at_the_text(seed_db, seed_id):
    result = run(seed_db, "show", seed_id)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for heading in ("Timeline", "Summary", "Quotes", "Developments", "Sources"):
        assert heading in result.stdout
    with open_store(seed_db) as s:
        page = story_page(s, seed_id)
        for cites in ([page["timeline"][0]["cites"][0]], [page["summary"][0]["cites"][0]],
                      [page["quotes"][0]["quotes"][0]["cites"][0]]):
            c = cites[0]
            field = "" if c["field"] == "text" else f"{c['field']}:"
            assert f"[{c['number']}:{field}{c['start']}-{c['end']}]" in text
            article = s.article(c["article"])
            assert (article.text if c["field"] == "text" else article.captions)[c["start"]:c["end"]] == c["text"]
    numbers = {a["number"]: a["id"] for a in page["sources"]}
    assert f"[1] {numbers[1]}" in text and {AFP, ASIA_TIMES} == set(numbers.values())
    assert page["summary"][0]["text"] in text
    assert len([ln for ln in run(seed_db, "show", seed_id, "--limit", "1").stdout.splitlines()
                if ln.startswith("2018")]) == 1


def test_show_json_is_the_web_apps_story_object(seed_db, seed_id):
    result = run(seed_db, "show", seed_id, "--format", "json")
    with open_store(seed_db) as s:
        assert json.loads(result.stdout) == json.loads(json.dumps(story_page(s, seed_id)))


def test_an_id_merged_into_another_story_still_shows_it(seed_db, seed_id):
    with open_store(seed_db) as s:
        story = s.stories(annotations=False)[0]
        merged = Story(story.id, story.title, story.article_ids, story.assignments, story.summary, story.timeline,
                       story.developments, story.entities, first_published=story.first_published,
                       last_published=story.last_published)
        s.apply_story_build(StoryBuild([], [], [], [merged], {"s-gone": story.id}, [], {"x": 1}), fingerprint="f")
        page = story_page(s, seed_id)
        assert page["quotes"] and story_page(s, "s-gone")["quotes"] == page["quotes"]
    result = run(seed_db, "show", "s-gone")
    assert result.exit_code == 0
    assert f"s-gone was merged into {seed_id}: showing {seed_id}" in result.stderr
    assert seed_id in result.stdout and "Quotes" in result.stdout


def test_show_of_an_unknown_id_says_so(seed_db):
    result = run(seed_db, "show", "s-nothing")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no story with id 's-nothing': `storyline stories` lists them" in result.stderr


# ---------------------------------------------------------------------------- search

def test_search_shows_articles_and_sentences_with_their_offsets(seed_db):
    result = run(seed_db, "search", "Yongbyon")
    assert result.exit_code == 0, result.output
    with open_store(seed_db) as s:
        found = search_page(s, "Yongbyon", 20)
        assert found["articles"] and found["sentences"]
        for hit in found["sentences"]:
            assert f"{hit['article']}:{hit['start']}-{hit['end']}" in result.stdout
            assert "yongbyon" in s.article(hit["article"]).text[hit["start"]:hit["end"]].lower()
    assert all(a["id"] in result.stdout for a in found["articles"])
    as_json = json.loads(run(seed_db, "search", "Yongbyon", "--limit", "1", "--format", "json").stdout)
    assert len(as_json["articles"]) == 1 and len(as_json["sentences"]) == 1


def test_search_that_finds_nothing_says_why(seed_db):
    result = run(seed_db, "search", "xylophone")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no match for 'xylophone' in 2 articles" in result.stderr
    assert run(seed_db, "search", " ").exit_code == 2


# ---------------------------------------------------------------------------- timeline, add

def _folder(tmp_path, **texts):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _timeline(*args):
    return CliRunner().invoke(app, ["timeline", *map(str, args), "--quiet", "--processes", "1"])


def test_a_timeline_without_dates_says_why(tmp_path):
    folder = _folder(tmp_path, a="The council met and talked about the bridge.",
                     b="People spoke about the river and the bridge at length.")
    result = _timeline(folder)
    assert result.exit_code == 0 and json.loads(result.stdout) == {"timeline": []}
    assert ("no dated events in 2 articles: none of their sentences names a date, and none has a publication date"
            in result.stderr)


def test_a_timeline_of_relative_dates_without_a_publication_date_says_why(tmp_path):
    result = _timeline(_folder(tmp_path, a="The council met on Tuesday to talk about the bridge."))
    assert ("no dated events in 1 article: the dates they name ('Tuesday') are relative, and they have no "
            "publication date to count from") in result.stderr


def test_a_timeline_window_without_dates_says_which_dates_there_are(tmp_path):
    result = _timeline(SEEDS, "--since", "2020-01-01", "--format", "text")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no dated events in 2 articles from 2020-01-01: the dates they name run from" in result.stderr


def test_add_of_only_missing_paths_creates_no_store(tmp_path):
    db = tmp_path / "new.db"
    result = run(db, "add", tmp_path / "nothere", tmp_path / "nor-here")
    assert result.exit_code == 3 and not db.exists()
    assert "nothing to add: no such file or folder" in result.stderr and "nor-here" in result.stderr
    result = run(db, "add", tmp_path / "nothere", SEEDS, "--quiet")
    assert result.exit_code == 3 and db.exists() and "2 stored" in result.stderr
