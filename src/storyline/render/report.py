"""The self-contained HTML report: every page of the web app in one file (each page a section
shown when its anchor is the target), inline CSS and one inline script, no network request."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..store import Store
from .context import article_key, article_page, entity_page, story_list_page, story_page
from .html import ReportLinks, environment, script_hash


def render_report(store: Store, since: str | None = None) -> str:
    """The report; with ``since`` (a store time), the "new since" view of the web app: changed
    stories first in the list, marked, and their pages showing what is new. All of it is read from
    one state of the store, whatever a build commits meanwhile."""
    with store.snapshot():
        return _render(store, since)


def _render(store: Store, since: str | None) -> str:
    env = environment()
    listing = story_list_page(store, since=since)
    stories = [story_page(store, s["id"], since) for s in listing["stories"]]
    article_ids = [a["id"] for d in stories for a in d["sources"]]
    seen = set(article_ids)
    article_ids += [a.id for a in store.articles() if a.id not in seen]
    cache: dict = {}
    articles = [dict(article_page(store, aid, cache), key=article_key(aid)) for aid in article_ids]
    # Every entity an article page links to gets its page.
    entity_ids = dict.fromkeys(m["entity_id"] for a in articles for m in a["mentions"] if m["entity_id"])
    entities = [entity_page(store, eid, cache) for eid in entity_ids]
    return env.get_template("report.html.j2").render(
        list=listing, stories=stories, articles=articles, entities=[e for e in entities if e],
        rejections=store.rejections(), links=ReportLinks(), script_src=Markup(script_hash(env)))


def write_report(store: Store, output: str | Path, since: str | None = None) -> Path:
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(store, since), encoding="utf-8")
    return path
