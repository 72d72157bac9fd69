"""WARC files through warcio: one article per HTML response, id = the target URI.

warcio reads the file as a stream (gzipped or not), a record at a time; a response over
``--max-size`` is rejected by its record number and URI without being read.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .article import make_article
from .html import extract_html


def read_warc(path: str, relpath: str, fh, config: Config) -> Iterator[Article | Rejection]:
    """The HTML responses of the WARC stream ``fh`` (the file's own bytes: warcio decompresses)."""
    if not fh.peek(4096)[:4096].strip():
        raise InputRejected(path, "empty", "empty file")
    found_any = False
    limit = config.max_file_bytes
    try:
        for number, record in enumerate(_quiet(ArchiveIterator(fh)), start=1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype or not record.http_headers.get_statuscode().startswith("2"):
                continue
            found_any = True
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}#{uri}"
            body = record.content_stream().read(limit + 1)
            try:
                if len(body) > limit:
                    raise InputRejected(where, "too_large", f"record {number} is over the {limit:,}-byte limit "
                                        "for one article (raise it with --max-size)")
                found = extract_html(where, body, uri)
                yield make_article(
                    id=uri,
                    raw_text=found["text"],
                    origin=path,
                    format="warc",
                    title=found.get("title"),
                    url=uri,
                    source=found.get("sitename"),
                    author=found.get("author"),
                    published=found.get("date"),
                    hash_of=body.decode("utf-8", errors="replace"),
                )
            except InputRejected as exc:
                yield Rejection(exc.path, exc.code, exc.message, exc.line)
    except (ArchiveLoadFailed, ValueError, EOFError, OSError) as exc:
        raise InputRejected(path, "malformed_warc", f"malformed WARC ({exc})") from None
    except AttributeError:  # warcio on a record it cannot read, as a response without a WARC-Target-URI
        raise InputRejected(path, "malformed_warc", "malformed WARC (a record warcio cannot read)") from None
    if not found_any:
        raise InputRejected(path, "no_text", "no HTML responses in the WARC file")


def _quiet(records: ArchiveIterator) -> Iterator:
    """warcio's records, without the multi-line warnings (raw bytes included) it writes to stderr on
    a record whose Content-Length is wrong: the user's terminal gets storyline's one-line report."""
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            record = next(records, None)
        if record is None:
            return
        yield record
