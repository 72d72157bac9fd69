"""TREC-style SGML news files (TREC, DUC, TDT, AQUAINT, Gigaword): ``<DOC>`` elements, one article each.

These corpora are where multi-document summarization and news research keep their articles:
``<DOCNO>`` (or ``<DOC id="...">``) names the article, ``<HEADLINE>``/``<HL>``/``<HEAD>`` give its
title, ``<DATE_TIME>``/``<DATE>``/``<DD>`` or the document number its publication date, and the
``<TEXT>`` elements its body, in ``<P>`` paragraphs or as hard-wrapped lines. The markup is SGML,
not XML (bare ``&``, unclosed tags), so it is read with patterns, not an XML parser. A document
without text, or cut off before ``</DOC>``, is rejected on its own (with its line and number); the
file's other documents are kept. The file is read as a stream, one document at a time, each limited
to ``--max-size``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .article import make_article
from .decode import check_not_binary
from .stream import text_chunks

_DOC = re.compile(r"<DOC(?:\s[^<>]{0,300})?>(.*?)(?:</DOC\s*>|(?=<DOC[\s>])|\Z)", re.I | re.S)
_DOC_END = re.compile(r"</DOC\s*>\s*$", re.I)
_DOC_START = re.compile(r"<DOC[\s>]", re.I)
_DOC_CLOSE_OR_NEXT = re.compile(r"</DOC\s*>|<DOC[\s>]", re.I)
_DOC_ID_ATTRIBUTE = re.compile(r"""<DOC\s[^<>]{0,300}?\bid\s*=\s*["']?([^"'\s>]+)""", re.I)
_TAG = re.compile(r"<[^>]*>")
_PARAGRAPH = re.compile(r"</?P(?:\s[^>]*)?>", re.I)
_UNKNOWN_ENTITY = re.compile(r"&[A-Za-z]+;")  # TREC's own (&HT; &QC; ...) that html.unescape leaves
_TITLE_TAGS = ("HEADLINE", "HL", "HEAD", "TITLE")
_DATE_TAGS = ("DATE_TIME", "DATE", "DD", "PUBDATE")
_MONTHS = {m: n for n, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_ISO_DAY = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_DIGITS_DAY = re.compile(r"^\s*(\d{6}|\d{8})\b")  # 920114 (FT), 19990421
_SLASH_DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")  # 03/24/87 (WSJ)
_WORDS_DAY = re.compile(r"\b([A-Za-z]{3,9})\s+(\d{1,2}),?\s+(\d{4})\b")  # January 1, 1989 (LA Times)
_DOCNO_DAY = re.compile(r"(?:^|[_A-Z])((?:19|20)\d{6})(?=[.\-_]|$)")  # APW19990421.0284, AFP_ENG_20050101.0001
_DOCNO_SHORT_DAY = re.compile(r"^[A-Z]{2,4}(\d{6})-\d+$")  # AP880217-0100, WSJ870324-0001 (YYMMDD)


_OPENING = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<\?xml[^>]*>|<!DOCTYPE[^>]*>|<DOCSTREAM[^>]*>)*<DOC[\s>]", re.I)


def looks_like_trec(head: bytes) -> bool:
    """Whether a file's first bytes open a ``<DOC>`` element (after an XML declaration or
    AQUAINT-2's ``<DOCSTREAM>`` wrapper, if any)."""
    return bool(_OPENING.match(head))


def read_trec(path: str, relpath: str, fh, config: Config) -> Iterator[Article | Rejection]:
    """The documents of a TREC-style stream ``fh``, one at a time."""
    head = fh.read(8192)
    if not head.strip():
        raise InputRejected(path, "empty", "empty file")
    check_not_binary(path, head)
    fh.seek(0)
    found = False
    limit = config.max_file_bytes
    for n, line, doc in _documents(text_chunks(path, fh, config.encoding_errors), limit):
        found = True
        try:
            if doc is None:
                raise InputRejected(path, "too_large", f"document {n} is over the {limit:,}-byte limit for one "
                                    "article (raise it with --max-size)", line)
            yield _read_doc(path, relpath, n, line, _DOC.match(doc))
        except InputRejected as exc:
            yield Rejection(exc.path, exc.code, exc.message, exc.line)
    if not found:
        raise InputRejected(path, "no_text", "no <DOC> element in the file")


def _documents(chunks: Iterator[str], limit: int) -> Iterator[tuple[int, int, str | None]]:
    """(number, line, text) of each ``<DOC>`` element in a stream of text pieces, from its opening
    tag to its ``</DOC>``, to the next ``<DOC>`` or to the end; ``None`` for one over ``limit``
    characters, which is skipped without being held in memory."""
    buffer, pos, line, n, ended = "", 0, 1, 0, False  # buffer[pos:] is still unread
    skipping = False  # inside an over-long document: look for the next one's opening tag

    def more() -> None:
        nonlocal buffer, pos, ended
        piece = next(chunks, None)
        if piece is None:
            ended = True
        else:
            buffer, pos = buffer[pos:] + piece, 0

    while True:
        start = _DOC_START.search(buffer, pos + 1 if skipping else pos)
        if start is None:
            if ended:
                return
            keep = max(pos, len(buffer) - 5)  # "<DOC" may be cut between two pieces
            line += buffer.count("\n", pos, keep)
            pos, skipping = keep, False
            more()
            continue
        skipping = False
        line += buffer.count("\n", pos, start.start())
        pos = start.start()
        close = _DOC_CLOSE_OR_NEXT.search(buffer, pos + 4)
        if close is None and not ended:
            if len(buffer) - pos > limit:
                n += 1
                yield n, line, None
                skipping = True
            more()
            continue
        end = len(buffer) if close is None else close.end() if close.group(0).startswith("</") else close.start()
        n += 1
        yield n, line, buffer[pos:end] if end - pos <= limit else None
        line += buffer.count("\n", pos, end)
        pos = end


def _read_doc(path: str, relpath: str, n: int, line: int, m: re.Match | None) -> Article:
    if m is None:  # "<DOC" not closed by ">" within 300 characters, or a "<" inside the tag
        raise InputRejected(path, "malformed_trec", f"document {n} has an unreadable <DOC> opening tag", line)
    body = m.group(1)
    docno = _field(body, "DOCNO") or _doc_attribute(m.group(0))
    name = docno or f"document {n}"
    if not _DOC_END.search(m.group(0)):
        raise InputRejected(path, "truncated_trec", f"{name} ends without </DOC> (a cut-off file?)", line)
    texts = [t for t in re.findall(r"<TEXT(?:\s[^>]*)?>(.*?)</TEXT>", body, re.I | re.S) if t.strip()]
    paragraphs = [p for t in texts for p in _paragraphs(t)]
    if not paragraphs:
        raise InputRejected(path, "no_text", f"{name} has no <TEXT> element with text in it", line)
    title = next((t for tag in _TITLE_TAGS if (t := _field(body, tag))), None)
    published = next((d for tag in _DATE_TAGS if (d := _date(_field(body, tag)))), None) or _docno_date(docno)
    return make_article(
        id=docno or f"{relpath}:{n}",
        raw_text="\n\n".join(paragraphs),
        origin=path,
        format="trec",
        title=title,
        published=published,
        hash_of=m.group(0),
        line=line,
    )


def _doc_attribute(doc: str) -> str | None:
    m = _DOC_ID_ATTRIBUTE.match(doc)
    return m.group(1) if m else None


def _field(body: str, tag: str) -> str | None:
    """The text of the first ``<TAG>`` element, tags and entities resolved, on one line."""
    m = re.search(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", body, re.I | re.S)
    if not m:
        return None
    value = " ".join(_unescape(_TAG.sub(" ", m.group(1))).split())
    return value or None


def _unescape(text: str) -> str:
    return _UNKNOWN_ENTITY.sub(" ", html.unescape(text))


def _paragraphs(text: str) -> list[str]:
    """A ``<TEXT>`` element's paragraphs, each on one line: ``<P>`` elements where there are
    any, else blocks split at blank lines, and at indented lines where only some lines are
    indented (AP's hard-wrapped wire copy)."""
    if _PARAGRAPH.search(text):
        blocks = _PARAGRAPH.split(text)
    else:
        lines = [line for line in text.splitlines() if line.strip()]
        indented = sum(line[:1] in " \t" for line in lines)
        if 0 < indented < len(lines):  # an indented line opens a paragraph, the others wrap
            blocks = re.split(r"\n\s*\n|\n(?=[ \t]+\S)", text)
        else:
            blocks = re.split(r"\n\s*\n", text)
    out = []
    for block in blocks:
        joined = " ".join(_unescape(_TAG.sub(" ", block)).split())
        if joined:
            out.append(joined)
    return out


def _date(value: str | None) -> str | None:
    """An ISO day from the date fields these corpora use, else None (never a guessed day)."""
    if not value:
        return None
    if m := _ISO_DAY.search(value):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := _DIGITS_DAY.match(value):
        digits = m[1]
        if len(digits) == 8:
            return _day(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        return _day(_century(int(digits[:2])), int(digits[2:4]), int(digits[4:]))
    if m := _SLASH_DAY.search(value):
        year = int(m[3]) if len(m[3]) == 4 else _century(int(m[3]))
        return _day(year, int(m[1]), int(m[2]))
    for m in _WORDS_DAY.finditer(value):
        if month := _MONTHS.get(m[1].lower()):
            return _day(int(m[3]), month, int(m[2]))
    return None


def _docno_date(docno: str | None) -> str | None:
    """The day a document number carries: APW19990421.0284, AFP_ENG_20050101.0001, AP880217-0100."""
    if not docno:
        return None
    if m := _DOCNO_DAY.search(docno):
        return _date(m[1])
    if m := _DOCNO_SHORT_DAY.match(docno):
        return _date(m[1])
    return None


def _century(yy: int) -> int:
    return 1900 + yy if yy >= 50 else 2000 + yy


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None
