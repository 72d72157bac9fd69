"""Ingest: find the input files, pick a reader for each, and turn them into articles or rejections.

``plan(paths)`` lists what will be read (cheap, so a progress bar knows its total);
``read_source(source, config)`` yields one file's articles and rejections as it reads them, so a
container of any size (JSONL, TREC, WARC, a large feed; gzipped or not) is read in constant memory.
A bad file or record never stops the batch: every problem becomes a ``Rejection`` naming the file
(and line or record) and the reason.
"""

from __future__ import annotations

import errno
import os
import stat
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
from .xml import FEED_ROOTS, read_xml, root_name

_SUFFIX_KINDS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".xml": "xml", ".tml": "xml", ".nitf": "xml", ".newsml": "xml",
    ".warc": "warc",
    ".parquet": "parquet",
    ".sgml": "trec", ".sgm": "trec",
    ".txt": "text", ".text": "text", ".md": "text",
}


@dataclass(frozen=True)
class Source:
    """One input file: where it is, its id-giving relative path, and the reader's kind; for a path
    that is not a readable file (kind ``refused``), the rejection's code and reason."""

    path: str
    relpath: str
    kind: str  # text | jsonl | html | feed | xml | warc | parquet | trec | missing | refused
    code: str | None = None
    reason: str | None = None


_SPECIAL_FILES = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]


def _refusal(path: Path) -> tuple[str, str] | None:
    """(code, reason) for a path that must not be opened as an article (a dangling symbolic link, a
    loop of them, a pipe, a device, a socket), or None for a folder or a regular file. Found by
    ``stat`` alone: opening a FIFO would block until something writes to it."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink_loop", "a loop of symbolic links: not read"
        if path.is_symlink():
            return "dangling_symlink", f"a symbolic link to {os.readlink(path)!s}, which does not exist: not read"
        return None  # gone since it was listed, or not there at all: "missing"
    for is_kind, what in _SPECIAL_FILES:
        if is_kind(mode):
            return "not_a_file", f"{what}, not a file: not read"
    return None


_XML_HEAD = 1 << 16  # room for a long prolog (a DOCTYPE's internal subset) before the root element
_ROOT_KINDS = {**{root: "feed" for root in FEED_ROOTS}, "html": "html"}


def kind_of(path: Path) -> str:
    """The reader for a file, by its name and, where the name does not settle it, its first bytes
    (decompressed first for ``.gz``): XML goes by its root element, whatever the file is called."""
    name = path.name.lower()
    if name.endswith((".warc.gz", ".arc.gz", ".warc")):
        return "warc"
    gzipped = name.endswith(".gz") or is_gzip(str(path))
    inner = Path(name[:-3]) if name.endswith(".gz") else Path(name)
    kind = _SUFFIX_KINDS.get(inner.suffix)
    if kind not in (None, "text", "xml"):
        return kind
    try:
        with open_input(str(path), 1 << 20) if gzipped else path.open("rb") as fh:
            raw = fh.read(_XML_HEAD)
    except (OSError, InputRejected):
        return "text"  # its reader names what is wrong with it
    head = raw[:1024].lstrip().lower()
    if looks_like_trec(head):  # TREC/DUC/AQUAINT newswire: no suffix, .txt or .xml
        return "trec"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if kind == "xml" or head.startswith(b"<?xml"):
        return _ROOT_KINDS.get(root_name(raw) or "", "xml")
    return kind or "text"


def _walk(folder: Path) -> Iterator[Path | OSError]:
    """Files under ``folder``, recursively, sorted, skipping hidden files and folders; a folder
    that cannot be listed comes as its ``OSError``."""
    failed: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=failed.append):
        yield from failed
        failed.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name != SIDECAR_NAME:
                yield Path(root) / name
    yield from failed


def plan(paths: Iterable[str | os.PathLike], skip: Iterable[str | os.PathLike] = ()) -> list[Source]:
    """Every input file under ``paths``; a path that does not exist becomes a ``missing`` source,
    and one that is no readable regular file (a dangling symbolic link, a pipe, a device, a folder
    that cannot be listed) a ``refused`` one, so that its rejection is one line and the rest goes on.

    Files in ``skip`` (the store's own database files) are left out of folder walks.
    """
    skipped = {Path(p).resolve() for p in skip}
    sources: list[Source] = []

    def add(f: Path, relpath: str, walked: bool) -> None:
        refusal = _refusal(f)
        if refusal:
            sources.append(Source(str(f), relpath, "refused", *refusal))
        elif f.is_file():
            if not (walked and f.resolve() in skipped):
                sources.append(Source(str(f), relpath, kind_of(f)))
        elif not (walked and f.is_dir()):  # not there (or gone since the walk listed it)
            sources.append(Source(str(f), relpath, "missing"))

    for given in paths:
        p = Path(given)
        if not p.is_dir():
            add(p, p.name, walked=False)
            continue
        for f in _walk(p):
            if isinstance(f, OSError):
                where = Path(f.filename or p)
                sources.append(Source(str(where), where.relative_to(p).as_posix(), "refused", "unreadable",
                                      f"a folder that cannot be read ({f.strerror.lower()}): not read"))
            else:
                add(f, f.relative_to(p).as_posix(), walked=True)
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
        if source.kind == "refused":
            raise InputRejected(source.path, source.code, source.reason)
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
            readers = {"jsonl": read_jsonl, "feed": read_feed, "trec": read_trec, "xml": read_xml}
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
