"""Bytes to text, refusing what is not text: empty, binary or (by default) invalid UTF-8."""

from __future__ import annotations

import unicodedata

from ..errors import InputRejected

# Signatures of common binary formats, so the error can say what the file looks like.
_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
]


def check_not_binary(path: str, data: bytes) -> None:
    """Raise ``InputRejected(binary)`` for data that is not text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputRejected(path, "binary", f"binary file ({what}), not text")
    head = data[:8192]
    if b"\x00" in head:
        raise InputRejected(path, "binary", "binary file (contains NUL bytes), not text")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        raise InputRejected(path, "binary", "binary file (mostly control bytes), not text")


def decode_text(path: str, data: bytes, errors: str = "reject") -> str:
    """Decode UTF-8 (a BOM is allowed) after checking the data is non-empty text.

    With ``errors="reject"`` invalid UTF-8 raises ``InputRejected(invalid_utf8)`` naming the byte
    offset; with ``errors="replace"`` bad bytes become U+FFFD.
    """
    if not data.strip():
        raise InputRejected(path, "empty", "empty file")
    check_not_binary(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise InputRejected(
                path,
                "invalid_utf8",
                f"invalid UTF-8 at byte {exc.start}: rejected "
                "(re-encode the file as UTF-8, or add it with --encoding-errors replace)",
            ) from None
        text = data.decode("utf-8-sig", errors="replace")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputRejected(path, "empty", "empty file (whitespace only)")
    return text
