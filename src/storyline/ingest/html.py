"""HTML pages through trafilatura: main text, title, author, site name and date."""

from __future__ import annotations

import re

import trafilatura
from trafilatura.utils import load_html

from ..config import Config
from ..errors import InputRejected
from ..model import Article
from .article import make_article
from .decode import check_not_binary

_OPENS = re.compile(rb"<(?:html|body)[\s>]", re.IGNORECASE)
_CLOSES = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)
# An XHTML page's DTD with an internal subset ("<!DOCTYPE html [<!ENTITY ...>]>"): the HTML parser
# knows no subsets, and would keep its "]>" as text and push the <head> into the body.
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_HEAD = 65536
# Elements whose content is code or another document, never the page's words. trafilatura leaves
# them out of the text but not out of its metadata: an <h1> holding a <script> made the title the
# script (a page keeps its JSON-LD: it is where the date, author and headline are).
_NOT_TEXT = "//style|//noscript|//template|//iframe|//object|//embed"
# htmldate may otherwise guess a date from the body text, which is not a publication date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def drop_not_text(tree, keep_json_ld: bool = False) -> None:
    """Remove code, styles and frames from ``tree`` (a page, or a feed entry's body): never text.
    The text after each element (its tail) stays."""
    scripts = "//script[not(contains(@type, 'ld+json'))]" if keep_json_ld else "//script"
    for element in tree.xpath(f"{scripts}|{_NOT_TEXT}"):
        element.drop_tree()


def check_complete(path: str, data: bytes) -> None:
    """A page that opens <html>/<body> but never closes either was cut off in transfer."""
    if _OPENS.search(data[:_HEAD]) and not _CLOSES.search(data[-_HEAD:]):
        raise InputRejected(path, "truncated_html", "truncated HTML (no closing </body> or </html>)")


def extract_html(path: str, data: bytes, url: str | None = None) -> dict:
    """Main text and metadata of a page, or ``InputRejected`` when there is no article in it."""
    if not data.strip():
        raise InputRejected(path, "empty", "empty file")
    check_not_binary(path, data)
    check_complete(path, data)
    data = _DOCTYPE_SUBSET.sub(b"<!DOCTYPE html>", data[:_HEAD], count=1) + data[_HEAD:]
    no_text = InputRejected(path, "no_text", "no article text found in the HTML")
    tree = load_html(data)
    if tree is None:
        raise no_text
    drop_not_text(tree, keep_json_ld=True)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        date_extraction_params=_DATE_PARAMS,
    )
    found = None if doc is None else doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    if found is None or not (found.get("text") or "").strip():
        raise no_text
    return found


def read_html(path: str, relpath: str, data: bytes, config: Config, meta: dict | None = None) -> Article:
    meta = meta or {}
    found = extract_html(path, data, meta.get("url"))
    return make_article(
        id=relpath,
        raw_text=found["text"],
        origin=path,
        format="html",
        relpath=relpath,
        title=meta.get("title") or found.get("title"),
        url=meta.get("url") or found.get("url"),
        source=meta.get("source") or found.get("sitename"),
        author=meta.get("author") or found.get("author"),
        published=meta.get("published") or found.get("date"),
        hash_of=data.decode("utf-8", errors="replace"),
    )
