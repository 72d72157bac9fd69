"""Ingest: find the input files, pick a reader for each, and turn them into articles or rejections.

``plan(paths)`` lists what will be read (cheap, so a progress bar knows its total);
``read_source(source, config)`` yields one file's articles and rejections as it reads them, so a
container of any size (JSONL, TREC, WARC, a large feed; gzipped or not) is read in constant memory.
A bad file or record never stops the batch: every problem becomes a ``Rejection`` naming the file
(and line or record) and the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .feed import read_feed
from .html import read_html
from .jsonl import SIDECAR_NAME, read_jsonl, read_sidecar
from .stream import is_gzip, open_input, read_article_bytes
from .text import read_text
from .trec import looks_like_trec, read_trec
from .parquet import read_parquet
from .warc import read_warc

_SUFFIX_KINDS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
    ".warc": "warc",
    ".parquet": "parquet",
    ".sgml": "trec", ".sgm": "trec",
    ".txt": "text", ".text": "text", ".md": "text",
}


@dataclass(frozen=True)
class Source:
    """One input file: where it is, its id-giving relative path, and the reader's kind."""

    path: str
    relpath: str
    kind: str  # text | jsonl | html | feed | warc | parquet | trec | missing


def kind_of(path: Path) -> str:
    """The reader for a file, by its name and, where the name does not settle it, its first bytes
    (decompressed first for ``.gz``)."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz", ".warc")):
        return "warc"
    gzipped = name.endswith(".gz") or is_gzip(str(path))
    inner = Path(name[:-3]) if name.endswith(".gz") else Path(name)
    kind = _SUFFIX_KINDS.get(inner.suffix)
    if kind not in (None, "text", "feed"):
        return kind
    try:
        with open_input(str(path), 1 << 20) if gzipped else path.open("rb") as fh:
            head = fh.read(1024).lstrip().lower()
    except (OSError, InputRejected):
        return "text"  # its reader names what is wrong with it
    if looks_like_trec(head):  # TREC/DUC/AQUAINT newswire: no suffix, .txt or .xml
        return "trec"
    if kind:
        return kind
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name != SIDECAR_NAME:
                yield Path(root) / name


def plan(paths: Iterable[str | os.PathLike], skip: Iterable[str | os.PathLike] = ()) -> list[Source]:
    """Every input file under ``paths``; a path that does not exist becomes a ``missing`` source.

    Files in ``skip`` (the store's own database files) are left out of folder walks.
    """
    skipped = {Path(p).resolve() for p in skip}
    sources: list[Source] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for f in _walk(p):
                if f.resolve() not in skipped:
                    sources.append(Source(str(f), f.relative_to(p).as_posix(), kind_of(f)))
        elif p.is_file():
            sources.append(Source(str(p), p.name, kind_of(p)))
        else:
            sources.append(Source(str(p), p.name, "missing"))
    return sources


class MetadataSidecars:
    """``meta.jsonl`` files ({"file", "source", "url", "published", "title"}) found beside inputs."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, dict]] = {}
        self.problems: list[Rejection] = []

    def for_file(self, path: str) -> dict:
        p = Path(path)
        folder = p.parent
        if folder not in self._by_folder:
            sidecar = folder / SIDECAR_NAME
            meta: dict[str, dict] = {}
            if sidecar.is_file():
                meta, problems = read_sidecar(str(sidecar), sidecar.read_bytes())
                self.problems.extend(problems)
            self._by_folder[folder] = meta
        return self._by_folder[folder].get(p.name, {})


def read_source(source: Source, config: Config, sidecars: MetadataSidecars | None = None) -> Iterator[Article | Rejection]:
    """Read one input file into articles and rejections, as it goes; never raises for bad input.
    A problem part-way through a container keeps what was read before it."""
    try:
        if source.kind == "missing":
            raise InputRejected(source.path, "not_found", "no such file or folder")
        if source.kind == "parquet":  # pyarrow reads the file itself, a row group at a time
            yield from read_parquet(source.path, source.relpath, config)
            return
        if source.kind == "warc":  # warcio reads gzip members itself
            with open(source.path, "rb") as fh:
                yield from read_warc(source.path, source.relpath, fh, config)
            return
        with open_input(source.path, config.max_decompressed_bytes) as fh:
            if source.kind in ("text", "html"):
                data = read_article_bytes(source.path, fh, config.max_file_bytes)
                meta = sidecars.for_file(source.path) if sidecars else {}
                reader = read_text if source.kind == "text" else read_html
                yield reader(source.path, source.relpath, data, config, meta)
                return
            readers = {"jsonl": read_jsonl, "feed": read_feed, "trec": read_trec}
            yield from readers[source.kind](source.path, source.relpath, fh, config)
    except InputRejected as exc:
        yield Rejection(exc.path, exc.code, exc.message, exc.line)
    except PermissionError:
        yield Rejection(source.path, "unreadable", "permission denied")
    except IsADirectoryError:
        yield Rejection(source.path, "unreadable", "is a folder")


def read_paths(paths: Iterable[str | os.PathLike], config: Config | None = None) -> Iterator[Article | Rejection]:
    """All articles and rejections under ``paths``, in a stable order."""
    config = config or Config()
    sidecars = MetadataSidecars()
    for source in plan(paths):
        yield from read_source(source, config, sidecars)
    yield from sidecars.problems


__all__ = ["Source", "plan", "read_source", "read_paths", "MetadataSidecars"]
