"""JSONL: one article per line, ``{"id", "text", "title"?, "url"?, "source"?, "published"?}``.

The file is read a line at a time, so its size does not matter; a line over ``--max-size`` is
skipped unread. A bad line is rejected on its own (with its line number); the other lines are kept. A
``meta.jsonl`` beside text files is not articles but their metadata (``{"file", ...}``): see
``read_sidecar``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .article import make_article
from .decode import check_not_binary, decode_text
from .stream import limited_lines

SIDECAR_NAME = "meta.jsonl"
_SURROGATE = re.compile("[\ud800-\udfff]")  # what a "\\ud800" escape without its pair decodes to


def read_jsonl(path: str, relpath: str, fh, config: Config) -> Iterator[Article | Rejection]:
    """The articles of a JSONL stream ``fh``, one line at a time, each line limited to
    ``config.max_file_bytes``."""
    head = fh.read(8192)
    if not head.strip():
        raise InputRejected(path, "empty", "empty file")
    check_not_binary(path, head)
    fh.seek(0)
    limit = config.max_file_bytes
    any_text = False
    for lineno, raw in limited_lines(fh, limit):
        if raw is None:
            any_text = True
            yield Rejection(path, "too_large", f"the line is over the {limit:,}-byte limit for one article "
                            "(raise it with --max-size)", lineno)
            continue
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        any_text = True
        try:
            line = _decode_line(path, raw, lineno, config.encoding_errors)
            yield _read_record(path, relpath, lineno, line, config.encoding_errors)
        except InputRejected as exc:
            yield Rejection(exc.path, exc.code, exc.message, exc.line)
    if not any_text:
        raise InputRejected(path, "empty", "empty file (whitespace only)")


def _decode_line(path: str, raw: bytes, lineno: int, errors: str) -> str:
    """One line as text: invalid UTF-8 rejects the line (or becomes U+FFFD with ``errors="replace"``)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise InputRejected(
                path, "invalid_utf8",
                f"invalid UTF-8 at byte {exc.start} of the line: rejected "
                "(re-encode the file as UTF-8, or add it with --encoding-errors replace)", lineno,
            ) from None
        line = raw.decode("utf-8", errors="replace")
    return unicodedata.normalize("NFC", line)


def _lines(text: str) -> list[str]:
    """JSONL lines: only a newline ends a record (U+2028 and friends may stand inside a string)."""
    return [line.rstrip("\r") for line in text.split("\n")]


def _string(record: dict, key: str) -> str | None:
    """An optional string field; anything else (a number, a list) counts as absent."""
    value = record.get(key)
    return value if isinstance(value, str) else None


def parse_json(path: str, lineno: int, line: str, errors: str = "reject"):
    """One line's JSON value, or ``InputRejected(malformed_json)``: for a syntax error, and for what
    the parser cannot take (nesting deeper than Python's recursion limit, an integer of over 4,300
    digits). A lone surrogate escape ("\\ud800") is not text, as invalid UTF-8 is not: it rejects the
    line (``invalid_utf8``), or becomes U+FFFD with ``errors="replace"``."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputRejected(path, "malformed_json", f"malformed JSON ({exc.msg} at column {exc.colno})", lineno) from None
    except RecursionError:
        raise InputRejected(path, "malformed_json", "malformed JSON (nested too deeply to read)", lineno) from None
    except ValueError as exc:  # int_max_str_digits
        raise InputRejected(path, "malformed_json", f"malformed JSON ({str(exc).split(';')[0]})", lineno) from None
    if "\\u" not in line or not _SURROGATE.search(text := json.dumps(value, ensure_ascii=False)):
        return value
    if errors != "replace":
        raise InputRejected(
            path, "invalid_utf8",
            f"a lone UTF-16 surrogate ({_SURROGATE.search(text)[0].encode('unicode_escape').decode()}) in a JSON "
            "string is not text: rejected (add it with --encoding-errors replace)", lineno,
        )
    return json.loads(_SURROGATE.sub("\ufffd", text))


def _read_record(path: str, relpath: str, lineno: int, line: str, errors: str) -> Article:
    record = parse_json(path, lineno, line, errors)
    if not isinstance(record, dict):
        raise InputRejected(path, "malformed_json", "a JSONL line must be an object", lineno)
    return record_article(path, relpath, lineno, record, "jsonl")


def record_article(path: str, relpath: str, lineno: int, record: dict, fmt: str) -> Article:
    """The article of one record (a JSONL line, a Parquet row): the same fields and the same
    content hash whichever file it came in, so a re-export read back changes nothing."""
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputRejected(path, "no_text", 'record has no "text"' if fmt != "jsonl" else 'line has no "text"', lineno)
    url = _string(record, "url")
    rid = record.get("id")
    article_id = str(rid) if rid not in (None, "") else (url or f"{relpath}:{lineno}")
    return make_article(
        id=article_id,
        raw_text=body,
        origin=path,
        format=fmt,
        title=record.get("title"),
        url=url,
        source=_string(record, "source"),
        author=_string(record, "author"),
        published=record.get("published"),
        # default=str: a Parquet column of bytes or time stamps is no JSON (a JSONL record always is)
        hash_of=json.dumps({k: record.get(k) for k in ("text", "title", "url")}, sort_keys=True, default=str),
        line=lineno,
    )


def read_sidecar(path: str, data: bytes) -> tuple[dict[str, dict], list[Rejection]]:
    """Metadata for the files of one folder: ``{file name: {"source", "url", "published", ...}}``,
    string values only."""
    meta: dict[str, dict] = {}
    problems: list[Rejection] = []
    try:
        text = decode_text(path, data)
    except InputRejected as exc:
        return meta, [Rejection(exc.path, exc.code, exc.message)]
    for lineno, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            record = parse_json(path, lineno, line)
        except InputRejected as exc:
            problems.append(Rejection(exc.path, exc.code, exc.message, exc.line))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("file"), str):
            problems.append(Rejection(path, "malformed_json", 'a metadata line needs a "file"', lineno))
            continue
        meta[record["file"]] = {k: v for k, v in record.items() if isinstance(v, str)}  # a number or list is no URL
    return meta, problems
