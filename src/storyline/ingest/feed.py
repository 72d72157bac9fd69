"""RSS and Atom files through feedparser: one article per entry.

A feed up to ``FEED_IN_MEMORY`` bytes is parsed whole, as feedparser does best; a larger one is
read as a stream with lxml's ``iterparse``, each entry handed to feedparser on its own (in a feed
of its own with the same namespaces) and dropped once read, so its size does not matter.
"""

from __future__ import annotations

import io
import re
import xml.sax
from collections.abc import Iterator

import feedparser
from feedparser.api import PREFERRED_XML_PARSERS
from feedparser.encodings import convert_to_utf8
from feedparser.sanitizer import replace_doctype
import lxml.html
from lxml import etree
from lxml.etree import ParserError

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .article import make_article
from .decode import check_not_binary
from .html import drop_not_text


MAX_TITLE_CHARS = 2_000  # a longer "title" is an attack or a broken feed, not a headline


def entry_text(entry) -> str:
    """The fullest body an entry carries (content, else summary), as plain text."""
    parts = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    body = max(parts, key=len) if parts else entry.get("summary", "")
    if "<" in body and ">" in body:
        body = html_fragment_text(body)
    return body


_CDATA_MARKS = re.compile(r"<!\[CDATA\[|\]\]>")  # a CDATA section's marks, when a feed nests one in another
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "figcaption"}


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's body), one line per block element."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment
    drop_not_text(root)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return _CDATA_MARKS.sub("", root.text_content())


FEED_IN_MEMORY = 32_000_000
_ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = "http://purl.org/rss/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ENTRY_TAGS = ("item", f"{{{_RSS1}}}item", f"{{{_ATOM}}}entry")
_FEED_TAGS = ("channel", f"{{{_RSS1}}}channel", f"{{{_ATOM}}}feed")


def read_feed(path: str, relpath: str, fh, config: Config,
              in_memory: int = FEED_IN_MEMORY) -> Iterator[Article | Rejection]:
    data = fh.read(in_memory + 1)
    if not data.strip():
        raise InputRejected(path, "empty", "empty file")
    check_not_binary(path, data)
    if len(data) > in_memory:
        fh.seek(0)
        entries = _streamed_entries(path, fh)
    else:
        entries = parsed_entries(path, data)
    source = None
    for number, (feed_title, entry) in enumerate(entries, start=1):
        source = source or feed_title
        entry_id = entry.get("id") or entry.get("link") or f"{relpath}#{number}"
        try:
            check_title(path, number, entry_id, entry.get("title"))
            text = entry_text(entry)
            if not text.strip():
                raise InputRejected(path, "no_text", f"feed entry {number} ({entry_id}) has no text")
            if len(text) > config.max_file_bytes:
                raise InputRejected(path, "too_large", f"feed entry {number} ({entry_id}) is over the "
                                    f"{config.max_file_bytes:,}-byte limit for one article (raise it with --max-size)")
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


def check_title(path: str, number: int, entry_id: str, title: str | None) -> None:
    """Raise ``InputRejected(too_large)`` for a title over ``MAX_TITLE_CHARS``."""
    if title and len(title) > MAX_TITLE_CHARS:
        raise InputRejected(path, "too_large", f"feed entry {number} ({entry_id[:200]}) has a title of "
                            f"{len(title):,} characters (over {MAX_TITLE_CHARS:,}): not stored")


def parsed_entries(path: str, data: bytes) -> Iterator[tuple[str | None, dict]]:
    """(feed title, entry) of a feed parsed whole."""
    if (error := strict_parse_error(data)) is not None:
        raise InputRejected(path, "malformed_feed", f"malformed feed ({error})")
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        raise InputRejected(path, "malformed_feed", f"malformed feed ({parsed.bozo_exception})")
    if not parsed.entries:
        raise InputRejected(path, "malformed_feed", "not an RSS/Atom feed, or a feed with no entries")
    for entry in parsed.entries:
        yield parsed.feed.get("title"), entry


class _FatalOnly(xml.sax.handler.ErrorHandler):
    """Stop on what stops feedparser's strict parser (a fatal error), as it does; note nothing else."""

    def error(self, exception):
        pass

    def warning(self, exception):
        pass


def strict_parse_error(data: bytes) -> xml.sax.SAXException | None:
    """The error feedparser's strict parser would stop on, found by a bare SAX parse of the bytes
    as feedparser prepares them (made UTF-8, its DOCTYPE replaced so no entity is expanded or
    fetched). On that error feedparser parses the whole feed again with its loose parser, seconds
    for a 2 MB one, and the feed is rejected anyway: this finds it in milliseconds."""
    found: dict = {}
    data = convert_to_utf8({}, data, found)
    if not found.get("encoding"):
        return None  # feedparser goes straight to its loose parser, whose reading is kept
    _, data, _ = replace_doctype(data)
    parser = xml.sax.make_parser(PREFERRED_XML_PARSERS)
    parser.setFeature(xml.sax.handler.feature_namespaces, 1)
    parser.setFeature(xml.sax.handler.feature_external_ges, 0)
    parser.setContentHandler(xml.sax.handler.ContentHandler())
    parser.setErrorHandler(_FatalOnly())
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except xml.sax.SAXException as exc:
        return exc
    return None


def _streamed_entries(path: str, fh) -> Iterator[tuple[str | None, dict]]:
    """(feed title, entry) of a feed read as a stream: each entry element, once parsed, is wrapped
    in a feed of the same kind and read by feedparser, then cleared from the tree."""
    title, found = None, False
    try:
        for _, el in etree.iterparse(fh, events=("end",), tag=(*_ENTRY_TAGS, "title", f"{{{_ATOM}}}title",
                                                                f"{{{_RSS1}}}title"), huge_tree=True):
            parent = el.getparent()
            if el.tag not in _ENTRY_TAGS:
                if title is None and parent is not None and parent.tag in _FEED_TAGS:
                    title = (el.text or "").strip() or None
                continue
            found = True
            entry = etree.tostring(el)
            if el.tag == f"{{{_ATOM}}}entry":
                wrapped = b'<feed xmlns="' + _ATOM.encode() + b'">' + entry + b"</feed>"
            elif el.tag == f"{{{_RSS1}}}item":
                wrapped = (b'<rdf:RDF xmlns:rdf="' + _RDF.encode() + b'" xmlns="' + _RSS1.encode() + b'">'
                           + entry + b"</rdf:RDF>")
            else:
                wrapped = b'<rss version="2.0"><channel>' + entry + b"</channel></rss>"
            parsed = feedparser.parse(wrapped).entries
            el.clear()
            while el.getprevious() is not None:  # what was read before it, too
                del parent[0]
            if parsed:
                yield title, parsed[0]
    except etree.XMLSyntaxError as exc:
        raise InputRejected(path, "malformed_feed", f"malformed feed ({exc}): the rest of the file is not read") from None
    if not found:
        raise InputRejected(path, "malformed_feed", "not an RSS/Atom feed, or a feed with no entries")
