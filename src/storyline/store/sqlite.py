"""The SQLite backend: one file (``storyline.db`` by default), in WAL mode, so readers keep reading
while ``build`` writes; search is FTS5."""

from __future__ import annotations

import sqlite3
from contextlib import nullcontext
from pathlib import Path

from ..errors import StoreError
from .base import HIT_END, HIT_START, Store


def fts_query(words: list[str]) -> str:
    """The user's words as an FTS5 query that cannot be a syntax error: every word quoted, all required."""
    return " ".join('"{}"'.format(w.replace('"', '""')) for w in words)


class SQLiteStore(Store):
    """A storyline store in one SQLite file."""

    _BEGIN_READ = "BEGIN DEFERRED"

    def __init__(self, path: str | Path):
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._prepare()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"{self.path}: the store is busy (another storyline is writing); try again") from None
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a storyline store ({exc})") from None

    def _begin_write(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def build_lock(self, waiting=None):
        """Nothing more than each transaction's lock: two builds of one file interleave their
        batches, as they always did (``waiting`` is never called)."""
        return nullcontext()

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}

    def files(self) -> list[str]:
        """The files the store is made of (so `add` never reads them as articles)."""
        return [self.path + suffix for suffix in ("", "-wal", "-shm", "-journal")]

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # ------------------------------------------------------------------ full-text search (FTS5)

    def _index_article(self, article_id: str) -> None:
        self.conn.execute("INSERT INTO article_search(rowid, title, text) SELECT rowid, title, text FROM articles "
                          "WHERE id=?", (article_id,))

    def _unindex_sentences(self, article_id: str) -> None:
        self.conn.execute("DELETE FROM sentence_search WHERE rowid IN (SELECT rowid FROM sentences WHERE article_id=?)",
                          (article_id,))

    def _index_sentences(self, article_id: str) -> None:
        self.conn.execute(
            """INSERT INTO sentence_search(rowid, text)
               SELECT s.rowid, substr(CASE s.field WHEN 'captions' THEN a.captions ELSE a.text END,
                                      s.start_char + 1, s.end_char - s.start_char)
               FROM sentences s JOIN articles a ON a.id = s.article_id WHERE s.article_id=?""", (article_id,))

    def search_articles(self, words: list[str], limit: int) -> list[dict]:
        """Articles whose title or text has every word, best first, with marked snippets."""
        return [dict(r) for r in self.conn.execute(
            f"""SELECT a.id, a.title, a.source, a.published,
                       snippet(article_search, 0, '{HIT_START}', '{HIT_END}', '…', 16) AS title_snippet,
                       snippet(article_search, 1, '{HIT_START}', '{HIT_END}', '…', 24) AS snippet
                FROM article_search JOIN articles a ON a.rowid = article_search.rowid
                WHERE article_search MATCH ? ORDER BY rank LIMIT ?""", (fts_query(words), limit))]

    def search_sentences(self, words: list[str], limit: int) -> list[dict]:
        """Sentences that have every word, best first, their hits marked."""
        return [dict(r) for r in self.conn.execute(
            f"""SELECT s.article_id AS article, s.field, s.start_char AS start, s.end_char AS "end", a.title,
                       highlight(sentence_search, 0, '{HIT_START}', '{HIT_END}') AS snippet
                FROM sentence_search JOIN sentences s ON s.rowid = sentence_search.rowid
                JOIN articles a ON a.id = s.article_id
                WHERE sentence_search MATCH ? ORDER BY rank LIMIT ?""", (fts_query(words), limit))]
