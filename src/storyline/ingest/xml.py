"""News XML by its root element: NITF and NewsML-G2 (what wire services deliver) and TimeML (what
temporal-annotation corpora such as the SemEval Wikinews timelines are kept in).

The formats are told apart by content, not by the file's name: ``root_name`` reads the root element
from the first bytes, and any XML that is not one of these (nor a feed or XHTML, which have readers
of their own) is a rejection naming its root. Parsing is lxml with entity expansion, the network,
DTD loading and libxml2's huge-tree mode off, and a document that declares entities is refused, so
an entity bomb or an external entity is one rejection line, never a hang or a leaked file. Only the
text of elements is kept (annotation tags such as TimeML's ``<EVENT>`` and ``<TIMEX3>`` dropped,
block elements one line each), so no markup reaches a stored body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .article import make_article
from .decode import check_not_binary
from .feed import html_fragment_text, read_feed
from .stream import read_article_bytes

# The prolog before the root element: BOM, blanks, XML declaration, processing instructions,
# comments and a DOCTYPE (with its internal subset).
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>)*", re.S | re.I)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")
_TAG = re.compile(r"</?[A-Za-z!?][^<>]{0,200}>")
_BASIC_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T|$)")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")  # 03-02-2009: day first or month first
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_OTHER_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*[\"'](?!utf-?8[\"'])", re.I)
READS = "RSS, Atom, NITF, NewsML-G2 or TimeML"
FEED_ROOTS = ("rss", "feed", "RDF")


def root_name(head: bytes) -> str | None:
    """The local name of the root element of the XML that ``head`` starts, or None when ``head``
    does not start an XML element (or the prolog runs past it)."""
    m = _ROOT.match(head, _PROLOG.match(head).end())
    return m.group(1).decode("ascii") if m else None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           remove_comments=True, remove_pis=True)


def parse_xml(path: str, data: bytes, encoding_errors: str = "reject") -> etree._Element:
    """The root of a well-formed document without entity declarations, else ``InputRejected``.
    With ``encoding_errors="replace"``, bytes that are not UTF-8 in a document that does not
    declare another encoding become U+FFFD, as in a text file."""
    if not data.strip():
        raise InputRejected(path, "empty", "empty file")
    check_not_binary(path, data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        reason = str(exc.msg).split(", line ")[0].rstrip(".")
        if "amplification" in reason:
            raise InputRejected(path, "xml_entities", "XML whose entities expand without end (an entity "
                                "bomb): not read") from None
        if "Excessive depth" in reason:
            raise InputRejected(path, "malformed_xml", "XML nested over 256 elements deep: not read") from None
        if "Invalid bytes in character encoding" in reason:
            if encoding_errors == "replace" and not _OTHER_ENCODING.match(data):
                return parse_xml(path, data.decode("utf-8", "replace").encode("utf-8"))
            raise InputRejected(path, "invalid_utf8", f"XML with bytes that are not in its encoding, at line "
                                f"{exc.lineno} (re-encode the file, or add it with --encoding-errors replace)") from None
        raise InputRejected(path, "malformed_xml", f"malformed XML at line {exc.lineno}: {reason}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputRejected(path, "xml_entities", "XML that declares entities (<!ENTITY>): not read, as an "
                            "entity bomb or an external file could hide in them")
    return root


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el, *names: str):
    """The first descendant reached by the local names ``names``, one level each, or None."""
    for name in names:
        if el is None:
            return None
        el = next((c for c in el if _local(c) == name), None)
    return el


def _children(el, name: str) -> list:
    return [c for c in el if _local(c) == name] if el is not None else []


def _descendants(el, name: str) -> list:
    return [d for d in el.iter() if _local(d) == name] if el is not None else []


def _words(el) -> str | None:
    """An element's text on one line, or None."""
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None


def block_text(el, blocks: set[str], skip: set[str] = frozenset()) -> str:
    """The text of ``el``, one line per block element (no blank lines), ``skip`` elements left out.
    Where there are block elements, line breaks inside them are only spaces, as in a browser;
    where there are none, the text's own line breaks stay."""
    pieces: list[str | None] = []  # None: a block starts or ends here
    for event, d in etree.iterwalk(el, events=("start", "end")):
        name = _local(d)
        if event == "start":
            if name in skip:
                d.clear(keep_tail=True)  # its text and children go; its tail, read at its end, stays
            if name in blocks:
                pieces.append(None)
            pieces.append(d.text)
        else:
            if name in blocks:
                pieces.append(None)
            if d is not el:
                pieces.append(d.tail)
    if None in pieces:
        text = "\n".join(" ".join("".join(p or "" for p in group).split())
                         for group in _split(pieces))
    else:
        text = "".join(p or "" for p in pieces)
    if _TAG.search(text):  # markup written as text (&lt;p&gt;): read it as the HTML it is
        text = html_fragment_text(text)
    return "\n".join(line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line)


def _split(pieces: list[str | None]) -> Iterator[list[str | None]]:
    group: list[str | None] = []
    for p in pieces:
        if p is None:
            yield group
            group = []
        else:
            group.append(p)
    yield group


def _iso_day(value: str | None) -> str | None:
    """``2008-03-01``, ``20080301T120000Z`` (NITF's basic format) or a datetime, as the ISO day."""
    m = _BASIC_DATE.match((value or "").strip())
    return f"{m[1]}-{m[2]}-{m[3]}" if m else (value or "").strip() or None


# ---------------------------------------------------------------------------------------- TimeML


def _creation_day(value: str | None, lines: list[str]) -> str | None:
    """The ISO day of a DCT value. An ISO value is taken as it is; "03-02-2009" may be either order,
    so the reading is the one the text's own date line ("February 03 , 2009") confirms, or the only
    one possible (a part over 12); otherwise None, never a guess."""
    m = _NUMERIC_DAY.match((value or "").strip())
    if not m:
        return _iso_day(value)
    a, b, year = int(m[1]), int(m[2]), m[3]
    readings = {(month, day) for month, day in ((a, b), (b, a)) if 1 <= month <= 12 and 1 <= day <= 31}
    if len(readings) > 1:
        head = " ".join(lines[:3])
        readings = {(month, day) for month, day in readings
                    if re.search(rf"\b{_MONTHS[month - 1]}\s+0?{day}\b", head)}
    if len(readings) != 1:
        return None
    month, day = readings.pop()
    return f"{year}-{month:02d}-{day:02d}"


def _timeml(path: str, relpath: str, root) -> Iterator[Article]:
    """TimeML: the ``TEXT`` body (sentences ``<s>`` one line each), ``DCT``'s creation time as the
    publication date, ``TITLE`` or ``EXTRAINFO`` as the title."""
    body = _child(root, "TEXT")
    if body is None:
        raise InputRejected(path, "no_text", "TimeML without a <TEXT> element")
    title = _words(_child(root, "TITLE")) or _words(_child(root, "EXTRAINFO"))
    lines = block_text(body, {"s"}).split("\n")
    if lines and title and lines[0].casefold() == title.casefold():  # the headline again as sentence 0
        lines = lines[1:]
    timex = _child(root, "DCT", "TIMEX3")
    published = _creation_day(timex.get("value"), lines) if timex is not None else None
    yield make_article(id=relpath, raw_text="\n".join(lines), origin=path, format="timeml", relpath=relpath,
                       title=title, published=published, hash_of=etree.tostring(root, encoding="unicode"))


# ------------------------------------------------------------------------------------------ NITF

_NITF_BLOCKS = {"p", "hl1", "hl2", "block", "li", "bq", "fn", "note"}
_NITF_SKIP = {"table", "media", "nitf-table", "ol-caption"}


def _nitf(path: str, relpath: str, root) -> Iterator[Article]:
    """NITF: ``body.content`` paragraphs; ``hedline``/``hl1`` (else ``head/title``) as the title,
    ``docdata/date.issue`` (else ``pubdata``'s date) as the publication date, the byline and dateline."""
    head, body = _child(root, "head"), _child(root, "body")
    content = _child(body, "body.content")
    if content is None:
        raise InputRejected(path, "no_text", "NITF without a <body.content> element")
    body_head = _child(body, "body.head")
    title = _words(_child(body_head, "hedline", "hl1")) or _words(_child(head, "title"))
    docdata = _child(head, "docdata")
    issued = _child(docdata, "date.issue")
    pubdata = _child(head, "pubdata")
    published = _iso_day(issued.get("norm")) if issued is not None else None
    if not published and pubdata is not None:
        published = _iso_day(pubdata.get("date.publication"))
    byline = _child(body_head, "byline")
    author = _words(_child(byline, "person")) or _words(byline)
    if author and author.lower().startswith("by "):
        author = author[3:].strip()
    dateline = _words(_child(body_head, "dateline"))
    copyright_ = _child(docdata, "doc.copyright")
    source = (pubdata.get("name") if pubdata is not None else None) or (
        copyright_.get("holder") if copyright_ is not None else None)
    hash_of = etree.tostring(root, encoding="unicode")
    yield make_article(id=relpath, raw_text=block_text(content, _NITF_BLOCKS, _NITF_SKIP), origin=path,
                       format="nitf", relpath=relpath, title=title, author=author, source=source,
                       published=published, dateline=dateline, hash_of=hash_of)


# ------------------------------------------------------------------------------------ NewsML-G2

_HTML_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "figcaption", "pre"}
_HTML_SKIP = {"script", "style", "table", "figure", "img"}


def _newsml_text(item) -> str:
    """The fullest text rendition of a news item: ``inlineXML`` (XHTML or plain elements) or
    ``inlineData`` (text, or HTML written as text)."""
    content_set = _child(item, "contentSet")
    texts = []
    for inline in _children(content_set, "inlineXML"):
        html_body = next(iter(_descendants(inline, "body")), None)
        texts.append(block_text(html_body if html_body is not None else inline, _HTML_BLOCKS, _HTML_SKIP))
    for inline in _children(content_set, "inlineData"):
        data = inline.text or ""
        texts.append(html_fragment_text(data) if "html" in (inline.get("contenttype") or "") else data)
    return max(texts, key=lambda t: len(t.strip()), default="")


def _newsml_item(path: str, item, id: str, relpath: str | None) -> Article:
    meta, content_meta = _child(item, "itemMeta"), _child(item, "contentMeta")
    published = next((_iso_day(_words(el)) for el in (
        _child(meta, "firstCreated"), _child(content_meta, "contentCreated"), _child(meta, "versionCreated"))
        if _words(el)), None)
    holder = _child(item, "rightsInfo", "copyrightHolder")
    provider = _child(meta, "provider")
    source = (_words(_child(holder, "name")) or (holder.get("literal") if holder is not None else None)
              or _words(_child(provider, "name")) or (provider.get("literal") if provider is not None else None))
    link = next((el.get("href") for el in _children(meta, "link") if (el.get("rel") or "").endswith("canonical")), None)
    creator = _child(content_meta, "creator")
    author = _words(_child(creator, "name")) or (creator.get("literal") if creator is not None else None)
    return make_article(
        id=id, raw_text=_newsml_text(item), origin=path, format="newsml", relpath=relpath,
        title=_words(_child(content_meta, "headline")), url=link, source=source, author=author,
        published=published, dateline=_words(_child(content_meta, "dateline")),
        hash_of=etree.tostring(item, encoding="unicode"),
    )


def _newsml(path: str, relpath: str, root) -> Iterator[Article | Rejection]:
    """NewsML-G2: one ``newsItem``, or a ``newsMessage`` of several (each under its ``guid``)."""
    if _local(root) == "newsItem":
        yield _newsml_item(path, root, relpath, relpath)
        return
    items = _descendants(_child(root, "itemSet"), "newsItem")
    if not items:
        raise InputRejected(path, "no_text", "NewsML-G2 message without a <newsItem>")
    for number, item in enumerate(items, start=1):
        try:
            yield _newsml_item(path, item, item.get("guid") or f"{relpath}#{number}", None)
        except InputRejected as exc:
            yield Rejection(exc.path, exc.code, f"newsItem {number}: {exc.message}", exc.line)


_READERS = {"TimeML": _timeml, "nitf": _nitf, "newsItem": _newsml, "newsMessage": _newsml}


def read_xml(path: str, relpath: str, fh, config: Config) -> Iterator[Article | Rejection]:
    """The articles of one news XML file, chosen by its root element; any other XML is rejected."""
    root = parse_xml(path, read_article_bytes(path, fh, config.max_file_bytes), config.encoding_errors)
    if _local(root) in FEED_ROOTS:  # a feed whose root lay past the first bytes ``kind_of`` reads
        fh.seek(0)
        yield from read_feed(path, relpath, fh, config)
        return
    reader = _READERS.get(_local(root))
    if reader is None:
        raise InputRejected(path, "unknown_xml", f"XML with root element <{_local(root)}>, not a news format "
                            f"storyline reads ({READS})")
    yield from reader(path, relpath, root)
