"""Build an ``Article`` from what a reader found: clean the text, date it, hash the source."""

from __future__ import annotations

import hashlib

from ..errors import InputRejected
from ..model import Article
from .clean import clean_text, normalize_line
from .ptb import restore_title
from .published import resolve_published


def content_hash(content: str) -> str:
    """The identity of an article's source content, stable across cleaning versions."""
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def one_line(value: str | None) -> str | None:
    """A metadata field (url, source, author) as one clean line, or None: a feed's or page's value
    may carry a line break, a NEL (U+0085) or a control character, which no stored field may."""
    if not isinstance(value, str):
        return None
    return normalize_line(" ".join(value.split())) or None


def make_article(
    *,
    id: str,
    raw_text: str,
    origin: str,
    format: str,
    relpath: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    author: str | None = None,
    published=None,
    hash_of: str | None = None,
    line: int | None = None,
    dateline: str | None = None,
) -> Article:
    """Clean ``raw_text`` and make the article; raise ``InputRejected(no_text)`` if nothing is left.
    ``dateline`` is one the format gives apart from the body (NITF's), used when the body has none."""
    cleaned = clean_text(raw_text)
    if not cleaned.text.strip():
        reason = (f"no text left after removing {', '.join(sorted({why for why, _ in cleaned.removed}))}"
                  if cleaned.removed else "no text")
        raise InputRejected(origin, "no_text", reason, line)
    title = restore_title(normalize_line(title)) if isinstance(title, str) and title.strip() else None
    dateline = cleaned.dateline or (normalize_line(dateline) if dateline and dateline.strip() else None)
    url, source, author = (one_line(v) for v in (url, source, author))
    return Article(
        id=id,
        text=cleaned.text,
        content_hash=content_hash(hash_of if hash_of is not None else raw_text),
        published=resolve_published(published, relpath, url, origin if format in ("text", "html") else None,
                                    dateline),
        title=title,
        url=url,
        source=source,
        author=author,
        dateline=dateline,
        captions="\n".join(cleaned.captions),
        origin=origin,
        format=format,
    )
