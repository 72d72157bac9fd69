"""The web app and the report in real headless Chromium (Debian's, driven by Playwright; no
browser is downloaded). Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from storyline import open_store
from storyline.render import write_report

from conftest import ASIA_TIMES, EVIL

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = os.environ.get("STORYLINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (install Debian's chromium or set STORYLINE_CHROMIUM)"
        if os.environ.get("STORYLINE_REQUIRE_BROWSER"):
            pytest.fail(reason)  # CI installs it: a missing browser there is a failure, not a skip
        pytest.skip(reason)
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(web_db):
    """The real app under uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from storyline.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    p = context.new_page()
    p.dialogs = []
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    yield p
    context.close()


def _marked(page) -> dict:
    """The :target element's text and background colour."""
    return page.evaluate("""() => { const t = document.querySelector(':target');
        return t ? {text: t.textContent, bg: getComputedStyle(t).backgroundColor, id: t.id} : null; }""")


def test_story_list_story_citation_and_search(page, server):
    page.goto(server + "/")
    page.screenshot(path=ARTIFACTS / "01-story-list.png", full_page=True)
    seed = page.locator("a.story-link", has_text="second summit")
    assert seed.count() == 1
    seed.click()
    page.wait_for_load_state()
    assert "/stories/" in page.url and "second summit" in page.locator("h1").inner_text()
    page.screenshot(path=ARTIFACTS / "02-seed-story.png", full_page=True)

    citation = page.locator(".summary sup.cite a").first
    cited_text = citation.get_attribute("title").split(": ", 1)[1]
    citation.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url and "#" in page.url
    target = _marked(page)
    assert target and target["text"] == cited_text
    assert target["bg"] == "rgb(255, 241, 168)"  # the highlight colour (--mark)
    assert page.locator(":target").is_visible()
    page.screenshot(path=ARTIFACTS / "03-cited-sentence.png")

    page.fill("input[name=q]", "Yongbyon")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    assert page.locator("mark", has_text="Yongbyon").count() >= 1
    page.screenshot(path=ARTIFACTS / "04-search.png", full_page=True)
    page.locator("a.hit").first.click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith(f"/articles/{quote(ASIA_TIMES)}")
    target = _marked(page)
    assert target and "Yongbyon" in target["text"]
    page.screenshot(path=ARTIFACTS / "05-search-landing.png")


def test_story_list_filters_in_the_page(page, server):
    page.goto(server + "/")
    rows = page.locator("#story-table tbody tr")
    total = rows.count()
    page.fill("#f-entity", "yongbyon")
    visible = page.locator("#story-table tbody tr:not([hidden])")
    assert visible.count() == 1 and "second summit" in visible.inner_text()
    page.fill("#f-entity", "")
    assert page.locator("#story-table tbody tr:not([hidden])").count() == total
    page.click("th[data-sort=articles]")
    counts = [int(c) for c in page.locator("#story-table tbody tr td:nth-child(3)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)


def test_hostile_article_runs_nothing(page, server):
    urls = [server + "/", server + f"/articles/{quote(EVIL['id'])}", server + "/search?q=council"]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("img").count() == 0, url
        assert page.evaluate("[...document.querySelectorAll('a')].filter(a => a.href.startsWith('javascript:')).length") == 0
    page.goto(urls[1])
    assert EVIL["title"] in page.locator("h1").inner_text()  # shown as text, not run
    page.screenshot(path=ARTIFACTS / "06-hostile-article.png")
    assert page.dialogs == []


def test_report_works_offline_in_the_browser(page, web_db, tmp_path):
    path = tmp_path / "report.html"
    with open_store(web_db) as s:
        write_report(s, path)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.screenshot(path=ARTIFACTS / "07-report-list.png")
    page.locator("a.story-link", has_text="second summit").click()
    assert page.locator("section.page:visible h1").inner_text().startswith("US President Donald Trump")
    page.locator(".page:visible .summary sup.cite a").first.click()
    target = _marked(page)
    assert target and target["bg"] == "rgb(255, 241, 168)"
    assert page.locator(":target").is_visible()
    page.screenshot(path=ARTIFACTS / "08-report-citation.png")
    page.goto(path.as_uri())
    page.fill("#f-entity", "yongbyon")
    assert page.locator("#story-table tbody tr:not([hidden])").count() == 1
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
