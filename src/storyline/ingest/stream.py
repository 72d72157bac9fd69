"""Input files as byte streams: gzip read as it decompresses, with caps on what one article may be
and on what a compressed file may grow to, so that a file of any size is read in constant memory.

A container (JSONL, TREC, WARC) is read one record at a time; ``--max-size`` limits each record,
not the file. A gzip bomb is stopped at ``max_decompressed_bytes``: the records read before stay
stored and the rest of the file is one rejection.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputRejected

GZIP_MAGIC = b"\x1f\x8b"
_SKIP_CHUNK = 1 << 20  # what an over-long line is skipped by, a piece at a time


def is_gzip(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(2) == GZIP_MAGIC
    except OSError:
        return False


class _Capped(io.RawIOBase):
    """A decompressing stream that stops with ``InputRejected`` once it has given ``cap`` bytes, and
    that turns a corrupt or cut-off gzip stream into ``InputRejected`` too."""

    def __init__(self, path: str, inner: gzip.GzipFile, cap: int):
        super().__init__()
        self.path, self._inner, self._cap, self._given = path, inner, cap, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (offset, whence) != (0, io.SEEK_SET):
            raise io.UnsupportedOperation("a capped stream only rewinds")
        self._given = 0
        return self._inner.seek(0)

    def readinto(self, buffer) -> int:
        try:
            data = self._inner.read(len(buffer))
        except (OSError, EOFError, zlib.error) as exc:
            raise InputRejected(self.path, "malformed_gzip", f"corrupt or cut-off gzip data ({exc})") from None
        self._given += len(data)
        if self._given > self._cap:
            raise InputRejected(
                self.path, "too_large_decompressed",
                f"decompresses to over {self._cap:,} bytes (a gzip bomb?): the rest of the file is not read",
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


@contextmanager
def open_input(path: str, max_decompressed_bytes: int) -> Iterator[io.BufferedIOBase]:
    """The file's bytes as a buffered stream, decompressed as it is read when it is gzip data."""
    if is_gzip(path):
        with gzip.open(path, "rb") as inner, io.BufferedReader(_Capped(path, inner, max_decompressed_bytes)) as fh:
            yield fh
    else:
        with open(path, "rb") as fh:
            yield fh


def read_article_bytes(path: str, fh, limit: int) -> bytes:
    """All of a one-article file, or ``InputRejected(too_large)`` as soon as it passes ``limit``."""
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputRejected(
            path, "too_large",
            f"the article is over the {limit:,}-byte limit (raise it with --max-size)",
        )
    return data


def limited_lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line of the stream, without its line break; ``None`` for a line
    over ``limit`` bytes, which is skipped without being held in memory."""
    lineno = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
            continue
        yield lineno, line.rstrip(b"\n").rstrip(b"\r")


def text_chunks(path: str, fh, errors: str, size: int = 1 << 20) -> Iterator[str]:
    """The stream decoded as UTF-8 a piece at a time (invalid UTF-8: ``InputRejected`` naming the
    byte offset, unless ``errors`` is "replace")."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("replace" if errors == "replace" else "strict")
    offset = 0
    while True:
        data = fh.read(size)
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise InputRejected(
                path, "invalid_utf8",
                f"invalid UTF-8 at byte {offset + exc.start}: the rest of the file is rejected "
                "(re-encode the file as UTF-8, or add it with --encoding-errors replace)",
            ) from None
        offset += len(data)
        if text:
            yield text
        if not data:
            return
