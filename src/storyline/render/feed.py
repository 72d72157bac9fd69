"""The web app's Atom 1.0 feed of updated stories (``/feed.atom``): the stories changed last
first, one entry each for its latest change. An entry's id names the story and the time of that
change, so a feed reader shows each update of a story as news rather than silently editing an
old item; its link opens the story's "new since" view of that change. Written with ElementTree,
which escapes every text and attribute; characters XML 1.0 forbids are dropped first, since no
escape can carry them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from ..store import Store, reads
from .html import AppLinks

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50  # a feed reader wants what changed lately, not the whole store
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = "1970-01-01T00:00:00+00:00"  # a store with no story yet has changed at no time
ET.register_namespace("", ATOM)  # Atom as the default namespace: <feed xmlns=...>, not ns0:feed


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _NOT_XML.sub("", v) for k, v in attributes.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def entry_summary(story: dict) -> str:
    """What the change brought: the articles that joined the story in it (outlet and title), else
    the story's lead summary sentence (a change such as a merge brings no article of its own)."""
    joined = story["joined"]
    if joined:
        listed = "; ".join(f"{a['source'] or 'unknown outlet'}: {a['title'] or a['id']}" for a in joined)
        return f"{len(joined)} new article{'s' if len(joined) != 1 else ''}: {listed}"
    return story["lead"] or story["title"]


def atom_feed(store: Store, base_url: str, limit: int = FEED_ENTRIES) -> bytes:
    """The feed as UTF-8 XML; ``base_url`` (the app's root, ``http://host:port/``, or with the path
    it is served under) makes every link and id absolute, as Atom asks."""
    links = AppLinks()

    def absolute(path: str) -> str:  # the app's paths start at its root, which may not be the host's
        return urljoin(base_url if base_url.endswith("/") else base_url + "/", path.lstrip("/"))

    stories = reads.recent_stories(store, limit)
    feed = ET.Element(f"{{{ATOM}}}feed")
    self_url = absolute("feed.atom")
    _add(feed, "id", self_url)
    _add(feed, "title", "storyline: updated stories")
    _add(feed, "updated", stories[0]["changed_at"] if stories else _EPOCH)
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=absolute(links.home()))
    _add(_add(feed, "author"), "name", "storyline")
    _add(feed, "generator", "storyline")
    for story in stories:
        entry = _add(feed, "entry")
        _add(entry, "id", f"{absolute(links.story(story['id']))}#changed-{story['changed_at']}")
        _add(entry, "title", story["title"])
        _add(entry, "updated", story["changed_at"])
        if story["created_at"]:
            _add(entry, "published", story["created_at"])
        _add(entry, "link", rel="alternate", type="text/html",
             href=absolute(links.story(story["id"], since=story["changed_at"])))
        _add(entry, "summary", entry_summary(story))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
