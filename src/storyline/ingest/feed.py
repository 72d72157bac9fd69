"""RSS and Atom files through feedparser: one article per entry."""

from __future__ import annotations

import xml.sax
from collections.abc import Iterator

import feedparser
import lxml.html
from lxml.etree import ParserError

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .article import make_article
from .decode import check_not_binary


def _entry_text(entry) -> str:
    """The fullest body an entry carries (content, else summary), as plain text."""
    parts = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    body = max(parts, key=len) if parts else entry.get("summary", "")
    if "<" in body and ">" in body:
        body = html_fragment_text(body)
    return body


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "figcaption"}


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's body), one line per block element."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return root.text_content()


def read_feed(path: str, relpath: str, data: bytes, config: Config) -> Iterator[Article | Rejection]:
    if not data.strip():
        raise InputRejected(path, "empty", "empty file")
    check_not_binary(path, data)
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        raise InputRejected(path, "malformed_feed", f"malformed feed ({parsed.bozo_exception})")
    if not parsed.entries:
        raise InputRejected(path, "malformed_feed", "not an RSS/Atom feed, or a feed with no entries")
    source = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        entry_id = entry.get("id") or entry.get("link") or f"{relpath}#{number}"
        try:
            text = _entry_text(entry)
            if not text.strip():
                raise InputRejected(path, "no_text", f"feed entry {number} ({entry_id}) has no text")
            yield make_article(
                id=entry_id,
                raw_text=text,
                origin=path,
                format="feed",
                title=entry.get("title"),
                url=entry.get("link"),
                source=source,
                author=entry.get("author"),
                published=entry.get("published_parsed") or entry.get("updated_parsed"),
                hash_of=entry_id + "\n" + (entry.get("title") or "") + "\n" + text,
            )
        except InputRejected as exc:
            yield Rejection(exc.path, exc.code, exc.message, exc.line)
