"""Typed errors. The CLI turns each into a one-line message that names the bad value and the fix."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class for every error storyline raises on purpose."""


class InputRejected(StorylineError):
    """One input (a file, a JSONL line, a feed entry) could not be read as an article.

    ``code`` is a stable reason code (``empty``, ``binary``, ``invalid_utf8``...) stored in the
    ``rejections`` table; ``message`` is the human-readable reason, made one line (a library's
    error text, as warcio's, may span several, and a rejection is one line of a log or report).
    """

    def __init__(self, path: str, code: str, message: str, line: int | None = None):
        self.path = path
        self.code = code
        self.message = " ".join(message.split())
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {self.message}")


class StoreError(StorylineError):
    """The store cannot be opened or is not a storyline store."""
