"""`watch` against real HTTP servers on 127.0.0.1: feeds that grow, fail, redirect and answer 304,
bad feeds and pages, folders with new and changed files, and a restart that adds nothing twice."""

from __future__ import annotations

import time

import pytest
from conftest import BACKENDS
from websites import Site, html, rss, teaser_item, trickle, xml

from storyline import Config
from storyline.watch import FetchSettings, Watch, WatchSettings
from storyline.watch.fetch import USER_AGENT, Fetcher, FetchError

FAST = FetchSettings(delay=0.0, connect_timeout=2, read_timeout=2, deadline=2)
CONFIG = Config(annotate_processes=1)


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    yield s
    s.close()


def _watch(store, targets, every=0.05, **fetch):
    settings = WatchSettings(every=every, max_backoff=60, fetch=FetchSettings(**{**FAST.__dict__, **fetch}))
    return Watch(store, targets, CONFIG, settings)


# ---------------------------------------------------------------- the client


def test_client_names_itself_waits_per_host_and_sends_validators(site):
    site.routes["/f"] = (200, {"ETag": '"v1"'}, b"ok")
    fetcher = Fetcher(FetchSettings(delay=0.3))
    started = time.monotonic()
    fetcher.get(site.url("/f"))
    fetcher.get(site.url("/f"), etag='"v1"', last_modified="Tue, 02 Oct 2018 10:00:00 GMT")
    assert time.monotonic() - started >= 0.3
    (_, first), (_, second) = site.hits
    assert first["user-agent"] == USER_AGENT and USER_AGENT.startswith("storyline/")
    assert "if-none-match" not in first
    assert second["if-none-match"] == '"v1"' and second["if-modified-since"] == "Tue, 02 Oct 2018 10:00:00 GMT"


def test_client_follows_redirects_and_reports_a_loop(site):
    site.routes["/old"] = (301, {"Location": "/new"}, b"")
    site.routes["/new"] = (200, {}, b"here")
    site.routes["/loop1"] = (302, {"Location": "/loop2"}, b"")
    site.routes["/loop2"] = (302, {"Location": "/loop1"}, b"")
    fetcher = Fetcher(FAST)
    answer = fetcher.get(site.url("/old"))
    assert answer.body == b"here" and answer.url == site.url("/new")
    with pytest.raises(FetchError, match=r"^redirect loop \(.*/loop1 -> .*/loop2 -> .*/loop1\)$"):
        fetcher.get(site.url("/loop1"))


def test_a_page_that_never_finishes_is_cut_at_the_deadline(site):
    site.routes["/slow"] = trickle(b"<p>still sending</p>", 200)
    started = time.monotonic()
    with pytest.raises(FetchError, match="no complete answer within 1 s"):
        Fetcher(FetchSettings(delay=0, read_timeout=5, deadline=1)).get(site.url("/slow"))
    assert time.monotonic() - started < 3


def test_a_body_over_the_limit_is_refused(site):
    site.routes["/big"] = (200, {}, b"x" * 5000)
    with pytest.raises(FetchError, match="over the 1,000-byte limit"):
        Fetcher(FetchSettings(delay=0, max_bytes=1000)).get(site.url("/big"))


def test_robots_txt_is_read_once_per_site(site):
    fetcher = Fetcher(FAST)
    assert fetcher.allowed(site.url("/a/1.html"))
    assert not fetcher.allowed(site.url("/private/1.html"))
    assert site.count("/robots.txt") == 1


@pytest.mark.parametrize("status, allowed", [(404, True), (500, True), (403, False), (401, False)])
def test_robots_txt_that_does_not_load(site, status, allowed):
    site.routes["/robots.txt"] = (status, {}, b"")
    assert Fetcher(FAST).allowed(site.url("/a/1.html")) is allowed


# ---------------------------------------------------------------- the watch


@BACKENDS
def test_feeds_that_grow_fail_and_answer_304(site, store):
    items = [teaser_item(site, n) for n in range(3)]
    site.routes["/broken.rss"] = (500, {}, b"oops")
    static = xml(rss([{"title": "Flood barrier approved", "guid": "urn:static:1", "link": site.url("/s/1"),
                       "content": "<p>" + " ".join(teaser_item(site, 9)["title"] for _ in range(3)) + "</p>"
                       "<p>The council voted on Tuesday to approve a new flood barrier along the river.</p>"}]))
    site.routes["/static.rss"] = lambda h: ((304, {}, b"") if h.headers.get("If-None-Match") == '"v1"'
                                           else (static[0], {**static[1], "ETag": '"v1"'}, static[2]))
    watch = _watch(store, [site.url("/grow.rss"), site.url("/broken.rss"), site.url("/static.rss")], every=30)
    reports = []
    for n in range(1, 4):
        site.routes["/grow.rss"] = xml(rss(items[:n]))
        reports.append(watch.cycle(n))
    assert [len(r.added.stored) for r in reports] == [2, 1, 1]  # the static feed's item, then one a cycle
    assert [r.added.rejected for r in reports] == [[], [], []]
    for n in range(3):
        assert site.count(f"/a/{n}.html") == 1
        article = store.article(f"urn:local:{n}")
        assert "(Report %d.)" % n in article.text and "Teaser" not in article.text  # the page, not the teaser
        assert article.url == site.url(f"/a/{n}.html") and article.format == "html"
        assert article.published.value == f"2018-10-0{n + 1}"
    assert store.article("urn:static:1").format == "feed"  # full content: no page fetched
    assert site.count("/s/1") == 0
    conditional = [h for p, h in site.hits if p == "/static.rss"]
    assert "if-none-match" not in conditional[0] and [h["if-none-match"] for h in conditional[1:]] == ['"v1"'] * 2
    # the failing feed: reported once, then left alone while its backoff runs
    assert site.count("/broken.rss") == 1
    assert reports[0].failures == [f"{site.url('/broken.rss')}: HTTP 500 Internal Server Error "
                                   "(failed 1 time in a row; retry in 30 s)"]
    assert reports[1].failures == reports[2].failures == []
    assert reports[0].build.annotated == 2 and reports[0].stories_changed >= 1
    assert store.counts()["stories"] >= 1

    # started again on the same store: nothing fetched or added twice
    again = _watch(store, [site.url("/grow.rss"), site.url("/static.rss")]).cycle()
    assert again.added.stored == [] and again.added.rejected == [] and again.build.annotated == 0
    assert again.stories_changed == 0
    assert all(site.count(f"/a/{n}.html") == 1 for n in range(3))
    assert store.counts()["articles"] == 4


def test_backoff_doubles_then_a_source_that_recovers_is_read(site, store):
    site.routes["/flaky.rss"] = (404, {}, b"")
    watch = _watch(store, [site.url("/flaky.rss")], every=0.2)
    first = watch.cycle(1)
    assert first.failures == [f"{site.url('/flaky.rss')}: HTTP 404 Not Found (failed 1 time in a row; retry in 0.2 s)"]
    assert watch.cycle(2).failures == [] and site.count("/flaky.rss") == 1  # waiting
    time.sleep(0.25)
    assert "failed 2 times in a row; retry in 0.4 s" in watch.cycle(3).failures[0]
    time.sleep(0.45)
    site.routes["/flaky.rss"] = xml(rss([teaser_item(site, 4)]))
    fourth = watch.cycle(4)
    assert fourth.failures == [] and len(fourth.added.stored) == 1
    assert store.watch_source(site.url("/flaky.rss"))["failures"] == 0


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>Bomb</title>
<item><title>&g;</title><link>http://127.0.0.1/x</link><description>Hello &g;</description></item>
</channel></rss>"""


def test_bad_feeds_and_pages_each_cost_one_line_and_the_watch_goes_on(site, store):
    site.routes["/slow.html"] = trickle(b"<p>more</p>", 100)
    site.routes["/logo.png"] = (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    site.routes["/loop.rss"] = (302, {"Location": "/loop.rss"}, b"")
    site.routes["/bomb.rss"] = xml(BOMB)
    site.routes["/garbage.rss"] = xml("<rss><channel><item><title>unclosed")
    site.routes["/encoding.rss"] = (200, {"Content-Type": "application/rss+xml"}, (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9 Times</title>'
        "<item><title>Caf\xe9 owners protest</title><guid>urn:enc:1</guid><content:encoded "
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">Caf\xe9 owners in Riverton protested on '
        "Tuesday against the new flood barrier, saying it blocks the river view.</content:encoded></item>"
        "</channel></rss>").encode("latin-1"))
    site.routes["/title.rss"] = xml(rss([{"title": "x" * 10_000_000, "guid": "urn:title:1",
                                          "content": "A body that is fine."}]))
    site.routes["/bare.rss"] = xml(rss([{"title": None, "content": "The mayor of Lakeside resigned on "
                                         "Monday after a vote of no confidence in the city council."}]))
    site.routes["/pages.rss"] = xml(rss([
        {"title": "Slow", "guid": "urn:p:slow", "link": site.url("/slow.html"), "description": "Slow page."},
        {"title": "Logo", "guid": "urn:p:png", "link": site.url("/logo.png"), "description": "An image."},
        {"title": "Private", "guid": "urn:p:private", "link": site.url("/private/1.html"),
         "description": "A teaser that is all we may keep of a private page."},
        teaser_item(site, 5),
    ]))
    names = ["/loop.rss", "/bomb.rss", "/garbage.rss", "/encoding.rss", "/title.rss", "/bare.rss", "/pages.rss",
             "/missing.rss"]
    report = _watch(store, [site.url(n) for n in names], every=0.01, deadline=1).cycle()
    failures = {line.split(": ", 1)[0]: line for line in report.failures}
    assert all("\n" not in line for line in report.failures + report.notes)
    assert set(failures) == {site.url(n) for n in ("/loop.rss", "/bomb.rss", "/garbage.rss", "/pages.rss",
                                                  "/missing.rss")}
    assert "redirect loop" in failures[site.url("/loop.rss")]
    assert "malformed feed (" in failures[site.url("/bomb.rss")]
    assert "malformed feed" in failures[site.url("/garbage.rss")]
    assert "HTTP 404" in failures[site.url("/missing.rss")]
    pages = failures[site.url("/pages.rss")]
    assert "/slow.html): no complete answer within 1 s" in pages and "/logo.png): not an HTML page (image/png)" in pages
    assert report.notes == [f"{site.url('/pages.rss')}: robots.txt disallows {site.url('/private/1.html')}: "
                            "stored the feed's text instead"]
    assert site.count("/private/1.html") == 0
    [title] = report.added.rejected
    assert title.path == site.url("/title.rss") and title.code == "too_large" and "10,000,000 characters" in str(title)
    stored = {a.id: a for a in store.articles()}
    assert stored["urn:enc:1"].title == "Café owners protest"  # mis-declared Latin-1, read as such
    [bare] = [a for a in stored.values() if a.origin == site.url("/bare.rss")]
    assert bare.id.startswith(site.url("/bare.rss") + "#") and bare.published.value is None
    assert "A teaser that is all" in stored["urn:p:private"].text
    assert "(Report 5.)" in stored["urn:local:5"].text
    assert len(stored) == 4

    # started again, the pages that failed are fetched again (the feed's validators were not
    # kept); what was stored is not fetched again
    site.routes["/slow.html"] = html("<html><body><article>" + "<p>The slow page finally loaded with news "
                                     "about the Riverton flood barrier vote on Tuesday.</p>" * 4
                                     + "</article></body></html>")
    time.sleep(0.05)  # the failed source's backoff
    again = _watch(store, [site.url("/pages.rss")], every=0.01, deadline=1).cycle()
    assert site.count("/slow.html") == 2
    assert site.count("/a/5.html") == 1
    assert "urn:p:slow" in again.added.stored


def test_folders_new_and_changed_files(tmp_path, store):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("The council of Riverton met on Tuesday to vote on the flood barrier.\n")
    watch = Watch(store, [str(inbox)], CONFIG, WatchSettings(every=0.05))
    assert watch.cycle(1).added.stored == ["a.txt"]
    (inbox / "b.txt").write_text("Engineers in Lakeside said on Monday the new bridge will open in 2025.\n")
    (inbox / "a.txt").write_text("The council of Riverton met on Wednesday instead, to vote on the barrier.\n")
    second = watch.cycle(2)
    assert second.added.stored == ["b.txt"]
    [conflict] = second.added.rejected
    assert conflict.code == "id_conflict" and conflict.path.endswith("a.txt")
    third = watch.cycle(3)  # nothing changed: nothing read
    assert third.added.stored == third.added.rejected == third.added.unchanged == []
    assert store.article("a.txt").text.startswith("The council of Riverton met on Tuesday")  # kept


def test_a_feed_file_that_grows(tmp_path, store, site):
    feed = tmp_path / "news.rss"
    first = {"title": "One", "guid": "urn:f:1", "content": "The mayor of Hillcrest opened the new library on Monday."}
    second = {"title": "Two", "guid": "urn:f:2", "content": "Floods closed the Oakford road on Friday, police said."}
    feed.write_text(rss([first]))
    watch = Watch(store, [str(feed)], CONFIG, WatchSettings(every=0.05))
    assert watch.cycle(1).added.stored == ["urn:f:1"]
    feed.write_text(rss([first, second]))
    grown = watch.cycle(2)
    assert grown.added.stored == ["urn:f:2"] and grown.added.unchanged == ["urn:f:1"]


def test_a_missing_path_is_a_failing_source(tmp_path, store):
    report = Watch(store, [str(tmp_path / "nowhere")], CONFIG, WatchSettings(every=10)).cycle()
    assert report.failures == [f"{tmp_path / 'nowhere'}: no such file or folder (failed 1 time in a row; retry in 10 s)"]


def test_a_stop_during_the_build_keeps_what_was_committed(tmp_path, store):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n, town in enumerate(["Riverton", "Lakeside", "Oakford"]):
        (inbox / f"{n}.txt").write_text(f"The council of {town} met on Tuesday to vote on the flood barrier.\n")
    watch = Watch(store, [str(inbox)], CONFIG, WatchSettings(every=0.05))
    stopped = watch.cycle(1, progress=lambda stage, done, total: watch.stop.set())
    assert stopped.stopped and stopped.build is None and len(stopped.added.stored) == 3
    assert len(store.articles_to_annotate("")) == 3  # stored, not yet annotated
    resumed = Watch(store, [str(inbox)], CONFIG, WatchSettings(every=0.05)).cycle()
    assert resumed.added.stored == [] and resumed.build.annotated == 3


def test_a_feed_file_entry_with_a_huge_title_is_rejected_by_add_too(tmp_path, store):
    from storyline import add

    feed = tmp_path / "huge.rss"
    feed.write_text(rss([{"title": "x" * 10_000_000, "guid": "urn:h:1", "content": "A body."},
                         {"title": "Fine", "guid": "urn:h:2", "content": "The mayor of Ashby resigned on Monday."}]))
    report = add(store, [feed])
    assert report.stored == ["urn:h:2"]
    [rejection] = report.rejected
    assert rejection.code == "too_large" and "title of 10,000,000 characters" in rejection.message


def test_the_cycle_line_names_a_copy_recorded_under_another_id(tmp_path, cli):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = "The council of Riverton met on Tuesday to vote on the flood barrier.\n"
    (inbox / "a.txt").write_text(text)
    (inbox / "copy-of-a.txt").write_text(text)
    result = cli("watch", inbox, "--once")
    assert result.exit_code == 0, result.output
    assert "known copy-of-a.txt: the same content as article 'a.txt'" in result.output
    assert "cycle 1: 1 new articles, 1 known under another id," in result.output
