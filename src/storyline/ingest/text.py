"""Plain text files: one article per file, id = path relative to the folder given."""

from __future__ import annotations

from ..config import Config
from ..model import Article
from .article import make_article
from .decode import decode_text


def read_text(path: str, relpath: str, data: bytes, config: Config, meta: dict | None = None) -> Article:
    text = decode_text(path, data, config.encoding_errors)
    meta = meta or {}
    return make_article(
        id=relpath,
        raw_text=text,
        origin=path,
        format="text",
        relpath=relpath,
        title=meta.get("title"),
        url=meta.get("url"),
        source=meta.get("source"),
        author=meta.get("author"),
        published=meta.get("published"),
    )
