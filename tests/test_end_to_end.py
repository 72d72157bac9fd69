"""The seeds, end to end: one story, a dated timeline, cited summary, export and report."""

import base64
import hashlib
import json
import re

from conftest import AFP, ASIA_TIMES

from storyline import build
from storyline.export import story_record


def test_one_story_with_both_articles(seed_store):
    (story,) = seed_store.stories()
    assert sorted(story.article_ids) == [AFP, ASIA_TIMES]
    assert "Trump" in story.title and "summit" in story.title


def test_timeline_has_the_singapore_summit(seed_store):
    (story,) = seed_store.stories()
    dates = [e.date for e in story.timeline]
    assert "2018-06-12" in dates
    assert "2018-11-06" in dates
    entry = story.timeline[dates.index("2018-06-12")]
    assert "Singapore" in entry.text
    assert dates == sorted(dates, key=lambda d: [e.earliest for e in story.timeline if e.date == d][0])


def test_vague_dates_stay_at_their_precision(seed_store):
    (story,) = seed_store.stories()
    january = [e for e in story.timeline if e.date.startswith("2019")]
    assert january and all(len(e.date) <= 7 for e in january)


def test_no_caption_or_credit_in_stored_text(seed_store):
    for article in seed_store.articles():
        assert not re.search(r"Picture:|Image:|REUTERS/|iStock|Getty", article.text)
        assert "\n\n\n" not in article.text
    assert seed_store.article(AFP).dateline == "Washington"


def test_every_fact_cites_offsets_that_point_at_its_text(seed_store):
    (story,) = seed_store.stories()
    assert story.summary and story.timeline
    for fact in list(story.summary) + list(story.timeline):
        assert fact.citations, fact
        first = fact.citations[0]
        article = seed_store.article(first.article_id)
        source_text = article.text if first.field == "text" else article.captions
        assert source_text[first.start:first.end] == fact.text
        for c in fact.citations:
            a = seed_store.article(c.article_id)
            assert 0 <= c.start < c.end <= len(a.text if c.field == "text" else a.captions)


def test_summary_is_chronological_and_short(seed_store):
    (story,) = seed_store.stories()
    assert 1 <= len(story.summary) <= 5
    published = [seed_store.article(s.citations[0].article_id).published.value for s in story.summary]
    assert published == sorted(published)


def test_entities_resolved(seed_store):
    (story,) = seed_store.stories()
    by_name = {e.name: e for e in story.entities}
    kim = next(e for e in story.entities if "Kim Jong-un" in e.aliases)
    assert "Kim Jong Un" in kim.aliases
    assert "Kim Eui-kyeom" not in kim.aliases
    assert "Kim Eui-kyeom" in by_name
    moon = next(e for e in story.entities if "Moon Jae-in" in e.aliases)
    assert "Moon" in moon.aliases and moon.type == "PERSON"
    assert "Moon Jae" not in {a for e in story.entities for a in e.aliases}
    g20 = next(e for e in story.entities if "G-20" in e.aliases)
    assert "Group of 20" in g20.aliases and g20.type == "ORG"
    assert by_name["Buenos Aires"].type == "GPE"
    assert all(e.type != "PERSON" for e in story.entities if e.name == "Yongbyon")


def test_adding_again_changes_nothing_and_build_is_up_to_date(seed_store, seeds):
    from storyline import add

    before = seed_store.counts()
    stories_before = [story_record(s) for s in seed_store.stories()]
    add(seed_store, [seeds])
    report = build(seed_store)
    assert report.annotated == 0 and report.stories is None
    assert seed_store.counts() == before
    assert [story_record(s) for s in seed_store.stories()] == stories_before


def test_build_is_deterministic(seed_store, built_seed_db, tmp_path, seeds):
    from storyline import add, open_store

    other = open_store(tmp_path / "again.db")
    add(other, [seeds])
    build(other)
    assert [story_record(s) for s in other.stories()] == [story_record(s) for s in seed_store.stories()]


def test_export_stories_cli(cli, seeds):
    assert cli("add", seeds, "--quiet").exit_code == 0
    assert cli("build", "--quiet").exit_code == 0
    result = cli("export", "stories", "--format", "jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    record = lines[0]
    assert set(record) >= {"id", "title", "articles", "summary", "timeline", "entities", "assignments", "developments"}
    assert all(s["sources"] and {"article", "start", "end"} <= set(s["sources"][0]) for s in record["summary"])
    assert all(e["date"] and e["sources"] for e in record["timeline"])
    assert {"name", "type", "aliases", "mentions"} <= set(record["entities"][0])
    assert {a["article"] for a in record["assignments"]} == set(record["articles"])
    joined = [a for a in record["assignments"] if a["similarity"] < 1]
    assert joined and joined[0]["shared_entities"] and joined[0]["shared_terms"]


def test_report_is_self_contained(cli, seeds, tmp_path):
    cli("add", seeds, "--quiet")
    cli("build", "--quiet")
    out = tmp_path / "report.html"
    result = cli("report", "--output", out)
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "2018-06-12" in html and "Kim Jong-un" in html
    article_urls = {"https://www.businesslive.co.za/bd/world/asia/2018-12-02-trump-says-next-meeting-with-north-koreas-kim-in-early-2019/",
                    "https://asiatimes.com/2018/10/north-korea-us-summit-after-november-6-location-unknown/"}
    for attr, url in re.findall(r'\b(src|href)="([^"]*)"', html):
        assert url.startswith("#") or (attr == "href" and url in article_urls), (attr, url)
    # One script, our own: the CSP allows exactly it (by hash) and nothing from anywhere else.
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1 and html.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "<link " not in html


def test_report_escapes_article_text(cli, tmp_path):
    evil = tmp_path / "evil.jsonl"
    evil.write_text(json.dumps({"id": "x", "title": '<script>alert(1)</script>"><img src=x onerror=alert(2)>',
                                "url": "javascript:alert(3)",
                                "text": "The <script>alert(4)</script> council met on Tuesday to approve the new flood barrier."}) + "\n")
    cli("add", evil, "--quiet")
    cli("build", "--quiet")
    out = tmp_path / "r.html"
    cli("report", "--output", out)
    html = out.read_text()
    assert "<script>alert" not in html
    assert "<img " not in html
    assert 'href="javascript:' not in html


def test_annotate_cli(cli):
    line = json.dumps({"id": "a", "text": "Kim Jong-un met Donald Trump in Singapore on June 12 2018. Kim said on Tuesday it went well.",
                       "published": "2018-06-14"})
    result = cli("annotate", "-", input=line + "\n{bad json\n")
    assert result.exit_code == 3
    record = json.loads(result.stdout.splitlines()[0])
    text = json.loads(line)["text"]
    assert record["id"] == "a" and record["published"] == "2018-06-14"
    assert any(t["value"] == "2018-06-12" for t in record["timexes"])
    assert any(t["text"] == "Tuesday" and t["value"] == "2018-06-12" for t in record["timexes"])
    for span in record["entities"] + record["timexes"]:
        assert text[span["start"]:span["end"]] == span["text"]
    kims = {e["canonical"] for e in record["entities"] if e["text"].startswith("Kim")}
    assert len(kims) == 1
    assert "rejected <stdin>:2: malformed JSON" in result.output


def test_demo(tmp_path, cli):
    result = cli("demo", "--dir", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "storyline-report.html").exists()
    assert "Report:" in result.output and "2018-06-12" in result.output
    assert "41 articles" in result.output  # 2 seeds + 39 Wikinews, nothing else from the folder


def test_annotate_keeps_one_record_per_line_even_with_repeated_ids(cli):
    lines = [{"id": "a", "text": "Kim met Trump in Singapore."}, {"id": "a", "text": "Moon spoke in Seoul."},
             {"id": None, "text": "Xi visited Buenos Aires."}]
    result = cli("annotate", "-", input="".join(json.dumps(x) + "\n" for x in lines))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "a", "3"]
    assert [{e["text"] for e in r["entities"]} & {"Singapore", "Seoul", "Buenos Aires"} for r in records] == \
        [{"Singapore"}, {"Seoul"}, {"Buenos Aires"}]
