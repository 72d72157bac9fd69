"""The one-file report holds every page the app serves, and every in-page link lands somewhere."""

from __future__ import annotations

import html as htmllib
import re

from storyline import open_store
from storyline.render import render_report
from storyline.render.context import article_key


def test_every_anchor_link_has_its_target(web_db):
    with open_store(web_db) as s:
        page = render_report(s)
        stories, articles = s.stories(), s.articles()
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    links = {htmllib.unescape(h[1:]) for h in re.findall(r'\bhref="(#[^"]*)"', page)}
    assert links and not links - ids, sorted(links - ids)[:5]
    assert {f"story-{st.id}" for st in stories} <= ids
    assert {article_key(a.id) for a in articles} <= ids
    outside = [htmllib.unescape(h) for h in re.findall(r'\b(?:href|src)="([^"#][^"]*)"', page)]
    assert set(outside) <= {a.url for a in articles if a.url and a.url.startswith("http")}
