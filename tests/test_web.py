"""The web app through its HTTP interface (FastAPI's in-process client), on a real built store."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from storyline import open_store
from storyline.render.context import span_id
from storyline.web import check_host, create_app
from storyline.errors import StorylineError

from conftest import AFP, ASIA_TIMES, EVIL


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(web_db))


@pytest.fixture(scope="module")
def seed_story(client):
    stories = client.get("/api/stories").json()["stories"]
    return next(s for s in stories if "Kim" in s["title"] or "summit" in s["title"])


def test_story_list_lists_every_story_with_its_facts(client, web_db):
    data = client.get("/api/stories").json()
    with open_store(web_db) as s:
        assert len(data["stories"]) == s.counts()["stories"]
    seed = next(s for s in data["stories"] if s["article_count"] == 2 and "Asia Times" in s["outlets"])
    assert seed["first_published"] == "2018-10" and seed["last_published"] == "2018-12-02"
    assert {"Donald Trump", "Kim Jong Un"} & {e["name"] for e in seed["entities"]}
    html = client.get("/").text
    assert seed["title"] in html and "Asia Times" in html


def test_story_list_filters_and_sorts(client, seed_story):
    by_entity = client.get("/api/stories", params={"entity": "Yongbyon"}).json()["stories"]
    assert [s["id"] for s in by_entity] == [seed_story["id"]]
    by_outlet = client.get("/api/stories", params={"outlet": "asia times"}).json()["stories"]
    assert [s["id"] for s in by_outlet] == [seed_story["id"]]
    in_2018 = client.get("/api/stories", params={"from": "2018-01-01", "to": "2018-12"}).json()["stories"]
    assert seed_story["id"] in [s["id"] for s in in_2018]
    assert all(s["last_published"] >= "2018" for s in in_2018)
    newest = client.get("/api/stories", params={"sort": "newest"}).json()["stories"]
    dates = [s["last_published"] for s in newest if s["last_published"]]
    assert dates == sorted(dates, reverse=True)
    html = client.get("/", params={"outlet": "Asia Times", "from": "2018-11-01"}).text
    assert seed_story["title"] in html and "Boeing" not in html


def test_story_page_shows_cited_summary_timeline_and_why(client, seed_story):
    data = client.get(f"/api/stories/{seed_story['id']}").json()
    assert data["summary"] and all(s["cites"] for s in data["summary"])
    cite = data["summary"][0]["cites"][0]
    article = client.get(f"/api/articles/{quote(cite['article'])}").json()
    assert article["text"][cite["start"]:cite["end"]] == cite["text"]
    assert cite["anchor"] == span_id(cite["article"], "text", cite["start"], cite["end"])
    assert any(e["date"] == "2018-06-12" for e in data["timeline"])
    chart = data["timeline_chart"]
    assert len(chart["marks"]) == len(data["timeline"])
    assert any(m["ranged"] for m in chart["marks"]) and any(not m["ranged"] for m in chart["marks"])
    assert {a["article"] for a in data["assignments"]} == {AFP, ASIA_TIMES}
    for key in ("developments", "quotes", "events"):
        assert isinstance(data[key], list)
    html = client.get(f"/stories/{seed_story['id']}").text
    assert f'href="/articles/{quote(cite["article"])}#{cite["anchor"]}"' in html
    assert "<svg" in html and "Why these articles belong together" in html


def test_article_page_marks_entities_dates_and_cited_sentences(client, seed_story):
    story = client.get(f"/api/stories/{seed_story['id']}").json()
    cite = story["summary"][0]["cites"][0]
    html = client.get(f"/articles/{quote(cite['article'])}").text
    body = html.split('<div class="articletext ann">', 1)[1].split("</div>", 1)[0]
    assert f'id="{cite["anchor"]}"' in body
    html = client.get(f"/articles/{AFP}").text
    body = html.split('<div class="articletext ann">', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<a class="ent ent-PERSON" href="/entities/e-[0-9a-f]+" title="PERSON: [^"]+">Trump</a>', body)
    assert '<time class="timex" title="DATE 2018-06 (2018-06-01 to 2018-06-30)">June</time>' in body
    # The marked-up body still reads as the article's text.
    text = client.get(f"/api/articles/{AFP}").json()["text"]
    plain = re.sub(r"<[^>]+>", "", body).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    assert plain.replace("&lt;", "<").replace("&gt;", ">") == text


def test_entity_page_lists_its_stories(client, seed_story):
    story = client.get(f"/api/stories/{seed_story['id']}").json()
    kim = next(e for e in story["entities"] if e["name"].startswith("Kim Jong"))
    data = client.get(f"/api/entities/{kim['id']}").json()
    assert seed_story["id"] in [s["id"] for s in data["stories"]]
    assert "Kim Jong-un" in {a["alias"] for a in data["aliases"]}
    assert seed_story["title"] in client.get(f"/entities/{kim['id']}").text


def test_search_highlights_hits_and_links_to_the_sentence(client):
    data = client.get("/api/search", params={"q": "Yongbyon"}).json()
    assert data["sentences"] and data["sentences"][0]["article"] == ASIA_TIMES
    hit = data["sentences"][0]
    assert [p["text"] for p in hit["snippet"] if p["hit"]] == ["Yongbyon"]
    html = client.get("/search", params={"q": "Yongbyon"}).text
    assert "<mark>Yongbyon</mark>" in html
    assert f'href="/articles/{ASIA_TIMES}#{hit["anchor"]}"' in html
    # FTS5 syntax in the query is taken as words, never an error.
    for q in ['"', "AND OR", "NEAR(", "*", "a:b", ""]:
        assert client.get("/api/search", params={"q": q}).status_code == 200


def test_unknown_ids_get_404_pages_not_tracebacks(client):
    for url in ("/stories/s-nope", "/articles/nope.txt", "/entities/e-nope", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404 and "<h1>Not found</h1>" in response.text
        assert "Traceback" not in response.text
    for url in ("/api/stories/s-nope", "/api/articles/nope.txt", "/api/entities/e-nope"):
        response = client.get(url)
        assert response.status_code == 404 and "error" in response.json()


def test_article_text_is_escaped_everywhere(client):
    pages = [client.get(f"/articles/{quote(EVIL['id'])}"), client.get("/"),
             client.get("/search", params={"q": "council"})]
    story = next(s for s in client.get("/api/stories").json()["stories"] if EVIL["source"] in s["outlets"])
    pages.append(client.get(f"/stories/{story['id']}"))
    for response in pages:
        assert response.status_code == 200
        html = response.text
        assert "<script>window" not in html and "<img" not in html
        assert 'href="javascript:' not in html
        assert all("__pwned" not in script for script in re.findall(r"<script>(.*?)</script>", html, re.S))
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1]


def test_pages_are_served_while_a_build_holds_the_write_lock(client, web_db, seed_story):
    writer = sqlite3.connect(web_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM citations")  # a build swapping the derived tables, not yet committed
    try:
        response = client.get(f"/api/stories/{seed_story['id']}")
        assert response.status_code == 200 and response.json()["summary"][0]["cites"]
        assert client.get("/").status_code == 200
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_server_binds_loopback_only_unless_asked(cli, seeds):
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_host(host, allow_remote=False)
    for host in ("0.0.0.0", "192.168.1.10", "example.org", "::"):
        with pytest.raises(StorylineError, match="--allow-remote"):
            check_host(host, allow_remote=False)
    check_host("0.0.0.0", allow_remote=True)
    cli("add", seeds, "--quiet")
    result = cli("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --host 0.0.0.0") and "--allow-remote" in lines[0]


def test_developments_quotes_and_events_appear_when_the_record_has_them(web_db, seed_story, monkeypatch):
    import storyline.render.context as context

    original = context.story_record

    def richer(story):
        record = original(story)
        if story.id != seed_story["id"]:
            return record
        source = record["summary"][0]["sources"][0]
        record["developments"] = [{"subject": "second summit", "kind": "timing", "claims": [
            {"text": "The summit will come after the mid-terms.", "date": "2018-10", "sources": [source]},
            {"text": "The summit will be in early 2019.", "date": "2018-12-02",
             "sources": record["timeline"][-1]["sources"]}]}]
        record["quotes"] = [{"speaker": {"start": 0, "end": 5, "text": "Trump", "canonical": "Donald Trump"},
                             "cue": {"start": 200, "end": 204}, "direct": True, "article": AFP,
                             "content": {"start": source["start"], "end": source["start"] + 40}}]
        record["events"] = [{"type": "meet", "mode": "planned", "actor": "Donald Trump", "target": {"text": "Kim"},
                             "date": "early 2019", "place": None, "article": source["article"],
                             "sentence": {"start": source["start"], "end": source["end"]}}]
        return record

    monkeypatch.setattr(context, "story_record", richer)
    client = TestClient(create_app(web_db))
    data = client.get(f"/api/stories/{seed_story['id']}").json()
    assert data["developments"][0]["claims"][0]["cites"][0]["number"] >= 1
    assert data["quotes"][0]["speaker"] == "Donald Trump" and data["quotes"][0]["quotes"][0]["cites"]
    assert data["events"][0]["target"] == "Kim" and data["events"][0]["cites"]
    html = client.get(f"/stories/{seed_story['id']}").text
    assert "The summit will be in early 2019." in html and "No developments" not in html
    assert "<strong>Donald Trump</strong>" in html and "No quotes" not in html and "No events" not in html
    afp = client.get(f"/articles/{AFP}").text
    assert '<span class="quote" title="quote: Donald Trump">' in afp
    trump = next(e for e in data["entities"] if e["name"] == "Donald Trump")
    assert client.get(f"/api/entities/{trump['id']}").json()["quotes"][0]["speaker"] == "Donald Trump"


def test_pages_keep_loading_during_a_real_build(web_db, tmp_path):
    import shutil
    import threading

    from storyline import add, build

    db = tmp_path / "busy.db"
    shutil.copy(web_db, db)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "flood.txt").write_text(
        "The city council of Riverton voted on Tuesday to approve a new flood barrier along the river. "
        "Engineers say the barrier will protect more than 40,000 homes from flooding.\n")
    with open_store(db) as s:
        add(s, [tmp_path / "new"])
    done = threading.Event()

    def run_build():
        with open_store(db) as s:
            build(s)
        done.set()

    client = TestClient(create_app(db))
    thread = threading.Thread(target=run_build)
    thread.start()
    statuses = []
    while not done.is_set():
        statuses.append(client.get("/api/stories").status_code)
        statuses.append(client.get(f"/articles/{AFP}").status_code)
    thread.join()
    assert len(statuses) >= 4 and set(statuses) == {200}
    assert client.get("/api/articles/flood.txt").json()["story"]  # the build finished and is served
