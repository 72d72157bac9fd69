"""The store's interface and its portable SQL, shared by the SQLite and PostgreSQL backends.

The SQL here is written once, in SQLite's placeholder style (``?`` and ``:name``), with only what
both databases understand (``ON CONFLICT`` upserts, ``IS DISTINCT FROM``, ``RETURNING``); a
backend supplies the connection, its schema, its full-text search and its locking. Every write is
a transaction, so a process killed half-way leaves the store as it was at the last commit.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from sys import intern
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from typing import Any

from ..errors import StoreError
from ..model import (
    Article,
    ArticleAlias,
    Assignment,
    Citation,
    Claim,
    Development,
    Entity,
    Event,
    Mention,
    Participant,
    PublishedDate,
    Quote,
    Rejection,
    Sentence,
    Story,
    SummarySentence,
    TimelineEntry,
    Timex,
)
from .liveness import process_alive, this_process

SCHEMA_VERSION = "7"
# Older schemas that only lack tables or columns: opening such a store adds them (schema 2 had no
# quotes, events or developments; schema 3 had developments but no quotes or events; schema 4 had
# no incremental-build state, no aliases and no change times; schema 5 kept no title or date of an
# article's other ids; schema 6 kept no process of a run). Schema 1 had no search index either, so it must be rebuilt.
_UPGRADABLE = frozenset({"2", "3", "4", "5", "6"})
# Columns added to existing tables since schema 4: (table, column, declaration).
_ADDED_COLUMNS = (
    ("stories", "created_at", "TEXT"),
    ("stories", "changed_at", "TEXT"),
    ("story_articles", "added_at", "TEXT"),
    ("article_aliases", "title", "TEXT"),
    ("article_aliases", "published", "TEXT"),
    ("runs", "host", "TEXT"),
    ("runs", "pid", "INTEGER"),
    ("runs", "pid_start", "TEXT"),
)


# Search hit markers: control characters that never occur in stored text; the page code turns them
# into <mark> after escaping.
HIT_START, HIT_END = "\x02", "\x03"

Row = Any  # a row read by index and by column name: sqlite3.Row, or the PostgreSQL backend's


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A storyline store. Made by ``open_store``: a backend connects ``conn`` (whose ``execute`` and
    ``executemany`` take the SQL written here) and calls ``_prepare``."""

    path: str
    _BEGIN_READ: str  # how a backend begins a snapshot

    def _prepare(self) -> None:
        """Make the schema, or bring an older one forward; an existing store opens without a write lock."""
        version = self._store_version()
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            version = self._store_version()  # again under the write lock: another process may have made it
            if version == SCHEMA_VERSION:
                return
            if version is not None and version not in _UPGRADABLE:
                raise StoreError(f"{self.path}: store schema {version} is not {SCHEMA_VERSION}; rebuild it")
            for table, column, declaration in _ADDED_COLUMNS:
                present = self._columns(table)
                if present and column not in present:
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {self._type(declaration)}")
            for statement in self._schema():
                self.conn.execute(statement)
            self.conn.execute("""INSERT INTO store_info(key, value) VALUES ('schema_version', ?)
                                 ON CONFLICT(key) DO UPDATE SET value=excluded.value""", (SCHEMA_VERSION,))

    def _store_version(self) -> str | None:
        if not self._columns("store_info"):
            return None
        row = self.conn.execute("SELECT value FROM store_info WHERE key='schema_version'").fetchone()
        return row[0] if row else None

    @staticmethod
    def _schema_statements() -> list[str]:
        """schema.sql as statements, comments dropped (the backends translate them)."""
        schema = resources.files("storyline.store").joinpath("schema.sql").read_text()
        schema = "\n".join(line for line in schema.splitlines() if not line.lstrip().startswith("--"))
        return [statement.strip() for statement in schema.split(";") if statement.strip()]

    def _schema(self) -> list[str]:
        return self._schema_statements()

    def _type(self, declaration: str) -> str:
        """A column type of schema.sql in this backend's words."""
        return declaration

    def _columns(self, table: str) -> set[str]:
        """The columns ``table`` has (none when it does not exist)."""
        raise NotImplementedError

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        """A write transaction, one writer at a time (SQLite's BEGIN IMMEDIATE; a transaction-scoped
        advisory lock in PostgreSQL), so a check-then-insert such as ``add_article`` is never raced;
        rolled back on any error."""
        try:
            self._begin_write()
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator["Store"]:
        """Reads in one state of the store (SQLite: a deferred transaction, whose first read fixes
        the WAL snapshot it sees to the end; PostgreSQL: a REPEATABLE READ, READ ONLY transaction),
        so a build that commits meanwhile is seen whole or not at all (a page or an export reads
        many tables). Inside a transaction already, that one serves."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute(self._BEGIN_READ)
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def files(self) -> list[str]:
        """The files the store is made of, which `add` must never read as articles (none for a server)."""
        return []

    def _begin_write(self) -> None:
        """Begin a transaction that no other writer runs beside."""
        raise NotImplementedError

    # ------------------------------------------------------------------ articles

    def add_article(self, article: Article) -> tuple[str, str | None]:
        """Store one article unless its content is already here. Call inside ``transaction()``.

        Returns ``("stored", None)``; ``("unchanged", stored_id)`` when this id already names this
        content (as an article or as one of its other ids); ``("alias", stored_id)`` when the content
        is stored under another id (by URL, or by content hash from any outlet): the new id is then
        recorded as another id of that article, with the copy's outlet, URL, title and date, and the
        text is not stored twice; or ``("conflict", id)`` when the id or URL names other content.
        """
        c = self.conn
        row = c.execute("SELECT content_hash FROM articles WHERE id=?", (article.id,)).fetchone()
        if row:
            return ("unchanged", article.id) if row[0] == article.content_hash else ("conflict", article.id)
        row = c.execute("""SELECT a.id, a.content_hash FROM article_aliases al JOIN articles a ON a.id = al.article_id
                           WHERE al.alias=?""", (article.id,)).fetchone()
        if row:
            return ("unchanged", row[0]) if row[1] == article.content_hash else ("conflict", article.id)
        if article.url:
            row = c.execute("""SELECT id, content_hash FROM articles WHERE url=:url UNION ALL
                               SELECT a.id, a.content_hash FROM article_aliases al JOIN articles a ON a.id = al.article_id
                               WHERE al.url=:url LIMIT 1""", {"url": article.url}).fetchone()
            if row and row[1] != article.content_hash:
                return "conflict", row[0]
        if row is None:  # the copy from the same outlet first (a store made before aliases may hold one per outlet)
            row = c.execute("SELECT id FROM articles WHERE content_hash=? ORDER BY source IS DISTINCT FROM ?, rowid LIMIT 1",
                            (article.content_hash, article.source)).fetchone()
        if row:
            c.execute("""INSERT INTO article_aliases(alias, article_id, source, url, title, published, origin, added_at)
                         VALUES (?,?,?,?,?,?,?,?)""",
                      (article.id, row[0], article.source, article.url, article.title, article.published.value,
                       article.origin, _now()))
            return "alias", row[0]
        p = article.published
        c.execute(
            """INSERT INTO articles(id, content_hash, title, url, source, author, published,
               published_precision, published_origin, dateline, text, captions, origin, format, added_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (article.id, article.content_hash, article.title, article.url, article.source, article.author,
             p.value, p.precision, p.origin, article.dateline, article.text, article.captions,
             article.origin, article.format, _now()),
        )
        self._index_article(article.id)
        return "stored", None

    def record_rejection(self, rejection: Rejection) -> None:
        """Remember a rejected input (once per path, line and reason). Call inside ``transaction()``."""
        now = _now()
        self.conn.execute(
            """INSERT INTO rejections(path, line, code, message, first_seen, last_seen) VALUES (?,?,?,?,?,?)
               ON CONFLICT(path, line, code) DO UPDATE SET message=excluded.message, last_seen=excluded.last_seen""",
            (rejection.path, rejection.line or 0, rejection.code, rejection.message, now, now),
        )

    def clear_rejections(self, path: str, keep: Iterable[tuple[int, str]] = ()) -> int:
        """Forget the rejections of ``path`` but ``keep`` ((line, code) pairs; 0 for no line): the
        file was read again to its end and these are all that read found wrong, so the others (a
        file since stored with a larger --max-size, say) are no longer true. Call inside ``transaction()``."""
        keep = set(keep)
        stale = [(path, line, code) for line, code in
                 self.conn.execute("SELECT line, code FROM rejections WHERE path=?", (path,)).fetchall()
                 if (line, code) not in keep]
        if stale:
            self.conn.executemany("DELETE FROM rejections WHERE path=? AND line=? AND code=?", stale)
        return len(stale)

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or the one this id is another id of (its own id is ``.id``)."""
        row = self.conn.execute(
            """SELECT * FROM articles WHERE id=:id UNION ALL
               SELECT a.* FROM article_aliases al JOIN articles a ON a.id = al.article_id WHERE al.alias=:id LIMIT 1""",
            {"id": article_id}).fetchone()
        return _article(row) if row else None

    def article_aliases(self, article_ids: Iterable[str] | None = None) -> dict[str, list[ArticleAlias]]:
        """stored article id -> its other ids, in the order they arrived (of every article, or the given ones)."""
        select = "SELECT alias, article_id, source, url, title, published, origin FROM article_aliases"
        rows = (self.conn.execute(f"{select} ORDER BY article_id, rowid") if article_ids is None
                else self._in(select, "article_id", sorted(set(article_ids)), "ORDER BY article_id, rowid"))
        out: dict[str, list[ArticleAlias]] = {}
        for r in rows:
            out.setdefault(r[1], []).append(ArticleAlias(*r))
        return out

    def articles(self, article_ids: Iterable[str] | None = None) -> list[Article]:
        """Every article (or the given ones), in publication order (unknown dates last), then id."""
        if article_ids is None:
            rows = self.conn.execute("SELECT * FROM articles ORDER BY published IS NULL, published, id").fetchall()
        else:
            rows = list(self._in("SELECT * FROM articles", "id", sorted(set(article_ids))))
            rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["id"]))
        return [_article(r) for r in rows]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def counts(self) -> dict[str, int]:
        tables = ["articles", "rejections", "sentences", "mentions", "timexes", "quotes", "events", "duplicates",
                  "entities", "stories", "timeline_entries", "summary_sentences"]
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def rejections(self) -> list[Rejection]:
        rows = self.conn.execute("SELECT * FROM rejections ORDER BY path, line").fetchall()
        return [Rejection(r["path"], r["code"], r["message"], r["line"] or None) for r in rows]

    # ------------------------------------------------------------------ annotations

    def articles_to_annotate(self, version: str) -> list[str]:
        """The ids of the articles not annotated by ``version``, in id order (ids only: the articles
        are read a few at a time as annotation goes, so a large store is not held at once)."""
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE annotated_version IS DISTINCT FROM ? ORDER BY id", (version,)
        ).fetchall()
        return [r[0] for r in rows]

    def save_annotations(self, article_id: str, version: str, sentences: Iterable[Sentence],
                         mentions: Iterable[Mention], timexes: Iterable[tuple[str, Timex]],
                         quotes: Iterable[Quote] = (), events: Iterable[Event] = ()) -> None:
        """Replace one article's annotations and mark it done. Call inside ``transaction()``."""
        c = self.conn
        self._unindex_sentences(article_id)
        for table in ("sentences", "mentions", "timexes", "quotes", "events"):
            c.execute(f"DELETE FROM {table} WHERE article_id=?", (article_id,))
        c.executemany(
            "INSERT INTO sentences(article_id, field, idx, start_char, end_char) VALUES (?,?,?,?,?)",
            [(s.article_id, s.field, s.index, s.start, s.end) for s in sentences],
        )
        c.executemany(
            """INSERT INTO mentions(article_id, field, start_char, end_char, text, label) VALUES (?,?,?,?,?,?)
               ON CONFLICT DO NOTHING""",
            [(m.article_id, m.field, m.start, m.end, m.text, m.label) for m in mentions],
        )
        c.executemany(
            """INSERT INTO timexes(article_id, field, start_char, end_char, text, type, value,
               earliest, latest, mod) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING""",
            [(article_id, f, t.start, t.end, t.text, t.type, t.value, t.earliest, t.latest, t.mod)
             for f, t in timexes],
        )
        self._index_sentences(article_id)
        c.executemany(
            """INSERT INTO quotes(article_id, field, start_char, end_char, text, cue_start, cue_end, cue,
               speaker_start, speaker_end, speaker, canonical, direct) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT DO NOTHING""",
            [(article_id, q.field, q.start, q.end, q.text, q.cue_start, q.cue_end, q.cue, q.speaker_start,
              q.speaker_end, q.speaker, q.canonical, int(q.direct)) for q in quotes],
        )
        c.executemany(
            f"INSERT INTO events({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})",
            [_event_row(article_id, i, e) for i, e in enumerate(events)],
        )
        c.execute("UPDATE articles SET annotated_version=? WHERE id=?", (version, article_id))

    def annotated_fingerprint(self) -> str:
        """Changes whenever an article is added or (re)annotated: decides whether stories are stale."""
        row = self.conn.execute(
            "SELECT count(*), group_concat(content_hash || annotated_version, ',') FROM "
            "(SELECT content_hash, annotated_version FROM articles ORDER BY id)"
        ).fetchone()
        return hashlib.sha256(f"{row[0]}:{row[1]}".encode()).hexdigest()

    # The three readers below yield rows as they come (the story stages hold the objects, not the
    # rows too) and intern the strings many rows repeat: article ids, fields, labels.

    def _rows(self, select: str, order: str, article_ids: Iterable[str] | None) -> Iterator:
        """The rows of ``select`` for the given articles (all when None), by article then ``order``."""
        if article_ids is None:
            yield from self.conn.execute(f"{select} ORDER BY article_id, {order}")
            return
        yield from self._in(select, "article_id", sorted(set(article_ids)), f"ORDER BY article_id, {order}")

    def sentences(self, article_ids: Iterable[str] | None = None) -> Iterator[Sentence]:
        rows = self._rows("SELECT article_id, field, idx, start_char, end_char FROM sentences", "field, idx",
                          article_ids)
        return (Sentence(intern(r[0]), r[2], r[3], r[4], intern(r[1])) for r in rows)

    def mentions(self, article_ids: Iterable[str] | None = None) -> Iterator[Mention]:
        rows = self._rows("SELECT article_id, field, start_char, end_char, text, label FROM mentions",
                          "field, start_char", article_ids)
        return (Mention(intern(r[0]), r[2], r[3], r[4], intern(r[5]), intern(r[1])) for r in rows)

    def timexes(self, article_ids: Iterable[str] | None = None) -> Iterator[tuple[str, str, Timex]]:
        """(article_id, field, timex) for every stored time expression (of the given articles)."""
        rows = self._rows("SELECT * FROM timexes", "field, start_char", article_ids)
        return (
            (intern(r["article_id"]), intern(r["field"]),
             Timex(r["start_char"], r["end_char"], r["text"], intern(r["type"]), r["value"], r["earliest"],
                   r["latest"], r["mod"]))
            for r in rows
        )

    def quotes(self, article_ids: Iterable[str] | None = None) -> list[Quote]:
        """Quotations of the given articles (all when None), by article and position."""
        return [_quote(r) for r in self._per_article("quotes", article_ids, "start_char, cue_start")]

    def events(self, article_ids: Iterable[str] | None = None) -> list[Event]:
        """Events of the given articles (all when None), by article and position."""
        return [_event(r) for r in self._per_article("events", article_ids, "idx")]

    def story_quotes(self, story_id: str, speakers: int, per_speaker: int) -> tuple[list[Quote], int]:
        """The first ``per_speaker`` quotes (in story order) of the story's ``speakers`` most quoted
        speakers, and how many quotes the story has: what a story page shows, without reading the rest."""
        story = "FROM quotes q JOIN story_articles sa ON sa.article_id = q.article_id WHERE sa.story_id = ?"
        total = self.conn.execute(f"SELECT count(*) {story}", (story_id,)).fetchone()[0]
        rows = self.conn.execute(
            f"""WITH said AS (SELECT q.*, sa.position AS pos, COALESCE(q.canonical, q.speaker, '') AS who {story}),
                     top AS (SELECT who FROM said GROUP BY who ORDER BY count(*) DESC, who LIMIT ?),
                     ranked AS (SELECT said.*, ROW_NUMBER() OVER (PARTITION BY said.who
                                ORDER BY pos, field, start_char, cue_start) AS n FROM said JOIN top USING (who))
                SELECT * FROM ranked WHERE n <= ? ORDER BY pos, field, start_char, cue_start""",
            (story_id, speakers, per_speaker)).fetchall()
        return [_quote(r) for r in rows], total

    def story_events(self, story_id: str, limit: int) -> tuple[list[Event], int]:
        """The story's ``limit`` earliest dated events (undated last), and how many it has."""
        story = "FROM events e JOIN story_articles sa ON sa.article_id = e.article_id WHERE sa.story_id = ?"
        total = self.conn.execute(f"SELECT count(*) {story}", (story_id,)).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT e.* {story} ORDER BY e.date IS NULL, e.date, sa.position, e.field, e.idx LIMIT ?",
            (story_id, limit)).fetchall()
        return [_event(r) for r in rows], total

    def _per_article(self, table: str, article_ids: Iterable[str] | None, order: str) -> list[Row]:
        if article_ids is None:
            return self.conn.execute(f"SELECT * FROM {table} ORDER BY article_id, field, {order}").fetchall()
        ids = list(article_ids)
        rank = {a: i for i, a in enumerate(ids)}
        rows = self._in(f"SELECT * FROM {table}", "article_id", ids, f"ORDER BY article_id, field, {order}")
        return sorted(rows, key=lambda r: rank[r["article_id"]])

    # ------------------------------------------------------------------ runs and state

    def get_info(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM store_info WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO store_info(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def start_run(self, command: str, config_json: str) -> int:
        """A ``running`` row for this run, with the process that runs it (see ``mark_dead_runs``)."""
        return self.conn.execute(
            "INSERT INTO runs(command, started_at, status, config, host, pid, pid_start) VALUES (?,?,?,?,?,?,?) "
            "RETURNING id", (command, _now(), "running", config_json, *this_process()),
        ).fetchone()[0]

    def mark_dead_runs(self) -> list[int]:
        """Mark ``died`` each run left ``running`` by a process that is gone (killed by SIGKILL, or
        its machine went down), so the runs table tells the truth; returns their ids. `add` and
        `build` call it as they start."""
        rows = self.conn.execute("SELECT id, host, pid, pid_start FROM runs WHERE status='running' ORDER BY id").fetchall()
        dead = self._dead_runs(rows)
        if dead:
            with self.transaction():
                self.conn.executemany("UPDATE runs SET status='died', finished_at=? WHERE id=? AND status='running'",
                                      [(_now(), run_id) for run_id in dead])
        return dead

    def _dead_runs(self, rows: list[Row]) -> list[int]:
        """The ids of ``rows`` (running runs) whose process is gone, as far as this host can tell."""
        return [r["id"] for r in rows if not process_alive(r["host"], r["pid"], r["pid_start"])]

    def finish_run(self, run_id: int, status: str, stats: dict) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at=?, status=?, stats=? WHERE id=?",
            (_now(), status, json.dumps(stats, sort_keys=True), run_id),
        )

    # ------------------------------------------------------------------ stories

    _DERIVED = ("citations", "development_claims", "developments", "summary_sentences", "timeline_entries",
                "story_entities", "story_articles", "stories", "mention_entities", "entity_aliases", "entities",
                "duplicates", "dedupe_bands", "story_state")
    _STORY_VIEWS = ("citations", "development_claims", "developments", "summary_sentences", "timeline_entries",
                    "story_entities", "story_articles")

    def story_state(self, fingerprint: str) -> dict | None:
        """What the last build kept for the next one, if it was made with these settings."""
        row = self.conn.execute("SELECT fingerprint, data FROM story_state WHERE name='stories'").fetchone()
        if not row or row[0] != fingerprint:
            return None
        return json.loads(zlib.decompress(row[1]))

    def dedupe_entries(self) -> Iterator[tuple[bytes, str, int]]:
        """(band key, article id, arrival number): the near-duplicate index."""
        return ((r[0], intern(r[1]), r[2]) for r in self.conn.execute("SELECT band_key, article_id, seq FROM dedupe_bands"))

    def texts(self, article_ids: Iterable[str]) -> dict[str, str]:
        return dict(self._in("SELECT id, text FROM articles", "id", sorted(set(article_ids))))

    def entity_counts(self, article_ids: Iterable[str]) -> dict[str, Counter]:
        """article id -> entity id -> mentions, from the stored links."""
        out: dict[str, Counter] = {}
        rows = self._in("SELECT article_id, entity_id, count(*) FROM mention_entities", "article_id",
                        sorted(set(article_ids)), "GROUP BY article_id, entity_id ORDER BY article_id, entity_id")
        for r in rows:
            out.setdefault(r[0], Counter())[r[1]] = r[2]
        return out

    def apply_story_build(self, built, fingerprint: str, replace: bool = False) -> None:
        """Apply what one build changed (``stories.StoryBuild``) in one transaction: a reader sees the
        stories before it or after it, and a build killed before the commit changes nothing.
        ``replace`` first drops every derived table (a rebuild from scratch)."""
        now = _now()
        gone = sorted(built.merged)
        redo = [s.id for s in built.stories]
        with self.transaction() as c:
            # when each story began and each article joined it, kept through a recomputation
            if replace:
                created = dict(c.execute("SELECT id, created_at FROM stories").fetchall())
                joined = dict(c.execute("SELECT article_id, added_at FROM story_articles").fetchall())
                for table in self._DERIVED:
                    c.execute(f"DELETE FROM {table}")
            else:
                created = dict(self._in("SELECT id, created_at FROM stories", "id", redo + gone))
                joined = dict(self._in("SELECT article_id, added_at FROM story_articles", "story_id", redo + gone))
            c.executemany(
                "INSERT INTO duplicates(article_id, duplicate_of, jaccard, method) VALUES (?,?,?,?)",
                [(d.article_id, d.duplicate_of, d.jaccard, d.method) for d in built.duplicates],
            )
            c.executemany("INSERT INTO dedupe_bands(band_key, article_id, seq) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                          built.dedupe_entries)
            touched = [(e.id,) for e in built.entities]
            c.executemany("DELETE FROM entity_aliases WHERE entity_id=?", touched)
            c.executemany(
                """INSERT INTO entities(id, name, type, mentions, first_seen, last_seen) VALUES (?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET name=excluded.name, type=excluded.type, mentions=excluded.mentions,
                   first_seen=excluded.first_seen, last_seen=excluded.last_seen""",
                [(e.id, e.name, e.type, e.mentions, e.first_seen, e.last_seen) for e in built.entities],
            )
            c.executemany(
                "INSERT INTO entity_aliases(entity_id, alias, mentions) VALUES (?,?,?)",
                [(e.id, alias, n) for e in built.entities for alias, n in e.alias_counts],
            )
            c.executemany(
                """INSERT INTO mention_entities(article_id, field, start_char, end_char, entity_id) VALUES (?,?,?,?,?)
                   ON CONFLICT(article_id, field, start_char, end_char) DO UPDATE SET entity_id=excluded.entity_id""",
                [(m.article_id, m.field, m.start, m.end, eid) for m, eid in built.mention_entities],
            )
            for table in self._STORY_VIEWS:
                c.executemany(f"DELETE FROM {table} WHERE story_id=?", [(sid,) for sid in redo + gone])
            c.executemany("DELETE FROM stories WHERE id=?", [(sid,) for sid in redo + gone])
            for old, new in built.merged.items():
                c.execute("UPDATE story_aliases SET story_id=? WHERE story_id=?", (new, old))
                c.execute("""INSERT INTO story_aliases(alias, story_id, merged_at) VALUES (?,?,?) ON CONFLICT(alias)
                             DO UPDATE SET story_id=excluded.story_id, merged_at=excluded.merged_at""", (old, new, now))
            for story in built.stories:
                c.execute("DELETE FROM story_aliases WHERE alias=?", (story.id,))  # a live story is not an alias
                c.execute(
                    """INSERT INTO stories(id, title, first_published, last_published, article_count, created_at,
                       changed_at) VALUES (?,?,?,?,?,?,?)""",
                    (story.id, story.title, story.first_published, story.last_published, len(story.article_ids),
                     created.get(story.id) or now, now),
                )
                c.executemany(
                    """INSERT INTO story_articles(story_id, article_id, position, similarity, shared_entities,
                       shared_terms, duplicate_of, added_at) VALUES (?,?,?,?,?,?,?,?)""",
                    [(story.id, a.article_id, i, round(a.similarity, 4), json.dumps(list(a.shared_entities)),
                      json.dumps(list(a.shared_terms)), a.duplicate_of, joined.get(a.article_id) or now)
                     for i, a in enumerate(story.assignments)],
                )
                c.executemany(
                    "INSERT INTO story_entities(story_id, entity_id, mentions) VALUES (?,?,?)",
                    [(story.id, e.id, e.mentions) for e in story.entities],
                )
                for i, entry in enumerate(story.timeline):
                    c.execute(
                        "INSERT INTO timeline_entries(story_id, idx, date, earliest, latest, text) VALUES (?,?,?,?,?,?)",
                        (story.id, i, entry.date, entry.earliest, entry.latest, entry.text),
                    )
                    self._cite(story.id, "timeline", i, entry.citations)
                for i, sent in enumerate(story.summary):
                    c.execute("INSERT INTO summary_sentences(story_id, idx, text) VALUES (?,?,?)", (story.id, i, sent.text))
                    self._cite(story.id, "summary", i, sent.citations)
                for i, dev in enumerate(story.developments):
                    c.execute("INSERT INTO developments(story_id, idx, kind, subject, changed) VALUES (?,?,?,?,?)",
                              (story.id, i, dev.kind, dev.subject, int(dev.changed)))
                    c.executemany(
                        """INSERT INTO development_claims(story_id, development_idx, idx, value, sentence, published,
                           source, article_id, field, start_char, end_char) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                        [(story.id, i, j, cl.value, cl.sentence, cl.published, cl.source, cl.citation.article_id,
                          cl.citation.field, cl.citation.start, cl.citation.end) for j, cl in enumerate(dev.claims)],
                    )
            c.execute("""INSERT INTO story_state(name, fingerprint, data) VALUES ('stories', ?, ?) ON CONFLICT(name)
                         DO UPDATE SET fingerprint=excluded.fingerprint, data=excluded.data""",
                      (fingerprint, zlib.compress(json.dumps(built.state, separators=(",", ":")).encode(), 6)))

    def _in(self, select: str, column: str, values: list[str], tail: str = "",
            tail_params: tuple = ()) -> Iterator:
        """``select WHERE column IN values tail``, in chunks under SQLite's limit on bound parameters
        (sorted ``values`` and an ``ORDER BY column`` tail give rows in order across chunks)."""
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            yield from self.conn.execute(f"{select} WHERE {column} IN ({','.join('?' * len(chunk))}) {tail}",
                                         [*chunk, *tail_params])

    def live_story_id(self, story_id: str) -> str:
        """The id a story has now: its own, or (for a story merged into another) the other's."""
        row = self.conn.execute("SELECT story_id FROM story_aliases WHERE alias=?", (story_id,)).fetchone()
        return row[0] if row else story_id

    def _cite(self, story_id: str, kind: str, idx: int, citations: Iterable[Citation]) -> None:
        self.conn.executemany(
            """INSERT INTO citations(story_id, kind, idx, article_id, field, start_char, end_char)
               VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING""",
            [(story_id, kind, idx, ct.article_id, ct.field, ct.start, ct.end) for ct in citations],
        )

    def stories(self, story_id: str | None = None, annotations: bool = True,
                story_ids: Iterable[str] | None = None) -> list[Story]:
        """Every story with its views, largest first (then by id), as stored by the last build
        (only the one with ``story_id``, or those of ``story_ids``, when given; without its quotes
        and events when not ``annotations``)."""
        c = self.conn
        ids = None if story_id is None else [self.live_story_id(story_id)]
        if story_ids is not None:
            ids = sorted(set(story_ids))
        cite_rows = "SELECT * FROM citations"
        cite_order = "ORDER BY story_id, kind, idx, article_id, start_char"
        cites: dict[tuple[str, str, int], list[Citation]] = {}
        for r in (c.execute(f"{cite_rows} {cite_order}") if ids is None else self._in(cite_rows, "story_id", ids, cite_order)):
            cites.setdefault((r["story_id"], r["kind"], r["idx"]), []).append(
                Citation(r["article_id"], r["start_char"], r["end_char"], r["field"])
            )
        aliases: dict[str, list[str]] = {}
        for r in c.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, mentions DESC, alias"):
            aliases.setdefault(r[0], []).append(r[1])
        rows = c.execute("SELECT * FROM stories").fetchall() if ids is None else list(self._in("SELECT * FROM stories", "id", ids))
        out: list[Story] = []
        for s in sorted(rows, key=lambda s: (-s["article_count"], s["id"])):
            sid = s["id"]
            story = Story(id=sid, title=s["title"], article_ids=[], first_published=s["first_published"],
                          last_published=s["last_published"])
            for r in c.execute("SELECT * FROM story_articles WHERE story_id=? ORDER BY position", (sid,)):
                story.article_ids.append(r["article_id"])
                story.assignments.append(Assignment(
                    r["article_id"], r["similarity"], tuple(json.loads(r["shared_entities"])),
                    tuple(json.loads(r["shared_terms"])), r["duplicate_of"],
                ))
            for r in c.execute("SELECT * FROM timeline_entries WHERE story_id=? ORDER BY idx", (sid,)):
                story.timeline.append(TimelineEntry(
                    r["date"], r["earliest"], r["latest"], r["text"], tuple(cites.get((sid, "timeline", r["idx"]), ())),
                ))
            for r in c.execute("SELECT * FROM summary_sentences WHERE story_id=? ORDER BY idx", (sid,)):
                story.summary.append(SummarySentence(r["text"], tuple(cites.get((sid, "summary", r["idx"]), ()))))
            claims: dict[int, list[Claim]] = {}
            for r in c.execute("SELECT * FROM development_claims WHERE story_id=? ORDER BY development_idx, idx", (sid,)):
                claims.setdefault(r["development_idx"], []).append(Claim(
                    r["value"], r["sentence"], r["published"], r["source"],
                    Citation(r["article_id"], r["start_char"], r["end_char"], r["field"])))
            for r in c.execute("SELECT * FROM developments WHERE story_id=? ORDER BY idx", (sid,)):
                story.developments.append(Development(r["kind"], r["subject"], bool(r["changed"]),
                                                      tuple(claims.get(r["idx"], ()))))
            story.article_aliases = dict(c.execute(
                """SELECT al.alias, al.article_id FROM story_articles sa JOIN article_aliases al
                   ON al.article_id = sa.article_id WHERE sa.story_id=? ORDER BY sa.position, al.rowid""", (sid,)))
            if annotations:
                story.quotes = self.quotes(story.article_ids)
                story.events = self.events(story.article_ids)
            for r in c.execute(
                """SELECT e.id, e.name, e.type, se.mentions FROM story_entities se JOIN entities e ON e.id=se.entity_id
                   WHERE se.story_id=? ORDER BY se.mentions DESC, e.name""", (sid,)):
                story.entities.append(Entity(r[0], r[1], r[2], tuple(aliases.get(r[0], ())), r[3]))
            out.append(story)
        return out

    # ------------------------------------------------------------------ watch state (storyline watch)

    def watch_source(self, source: str) -> dict:
        """A source's state: ``etag``, ``last_modified``, ``failures``, ``retry_at`` (Unix time)."""
        row = self.conn.execute("SELECT * FROM watch_sources WHERE source=?", (source,)).fetchone()
        if row is None:
            return {"etag": None, "last_modified": None, "failures": 0, "retry_at": None}
        return {k: row[k] for k in ("etag", "last_modified", "failures", "retry_at")}

    def save_watch_source(self, source: str, etag: str | None, last_modified: str | None, failures: int,
                          retry_at: float | None, error: str | None) -> None:
        """Call inside ``transaction()``."""
        self.conn.execute(
            """INSERT INTO watch_sources(source, etag, last_modified, failures, retry_at, last_error, checked_at)
               VALUES (?,?,?,?,?,?,?) ON CONFLICT(source) DO UPDATE SET etag=excluded.etag,
               last_modified=excluded.last_modified, failures=excluded.failures, retry_at=excluded.retry_at,
               last_error=excluded.last_error, checked_at=excluded.checked_at""",
            (source, etag, last_modified, failures, retry_at, error, _now()),
        )

    def seen_watch_items(self, source: str, items: Iterable[str]) -> set[str]:
        """Which of a feed's ``items`` (guids or links) an earlier cycle already handled."""
        return {r[0] for r in self._in("SELECT item FROM watch_items", "item", list(items), "AND source=?", (source,))}

    def mark_watch_item(self, source: str, item: str, article_id: str | None) -> None:
        """Remember a feed item as handled (``article_id`` None: it was rejected). Call inside ``transaction()``."""
        self.conn.execute("""INSERT INTO watch_items(source, item, article_id, seen_at) VALUES (?,?,?,?) ON CONFLICT(source, item)
                             DO UPDATE SET article_id=excluded.article_id, seen_at=excluded.seen_at""",
                          (source, item, article_id, _now()))

    def watched_files(self) -> dict[str, tuple[int, int]]:
        """Every file a watch has read: path -> (size, mtime in nanoseconds) as read."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT path, size, mtime_ns FROM watch_files")}

    def mark_watch_file(self, path: str, size: int, mtime_ns: int) -> None:
        """Call inside ``transaction()``."""
        self.conn.execute("""INSERT INTO watch_files(path, size, mtime_ns, seen_at) VALUES (?,?,?,?) ON CONFLICT(path)
                             DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns, seen_at=excluded.seen_at""",
                          (path, size, mtime_ns, _now()))


_EVENT_COLUMNS = (
    "article_id", "field", "idx", "type", "mode", "trigger_start", "trigger_end", "trigger", "sentence_start",
    "sentence_end", "actor_start", "actor_end", "actor", "actor_canonical", "target_start", "target_end", "target",
    "target_canonical", "place_start", "place_end", "place", "place_canonical", "date",
)


def _event_row(article_id: str, idx: int, e: Event) -> tuple:
    def part(p: Participant | None) -> tuple:
        return (p.start, p.end, p.text, p.canonical) if p is not None else (None, None, None, None)

    return (article_id, e.field, idx, e.type, e.mode, e.trigger_start, e.trigger_end, e.trigger, e.sentence_start,
            e.sentence_end, *part(e.actor), *part(e.target), *part(e.place), e.date)


def _participant(row: Row, role: str) -> Participant | None:
    if row[f"{role}_start"] is None:
        return None
    return Participant(row[f"{role}_start"], row[f"{role}_end"], row[role], row[f"{role}_canonical"])


def _quote(r: Row) -> Quote:
    return Quote(r["article_id"], r["start_char"], r["end_char"], r["text"], r["cue_start"], r["cue_end"], r["cue"],
                 r["speaker_start"], r["speaker_end"], r["speaker"], r["canonical"], bool(r["direct"]), r["field"])


def _event(r: Row) -> Event:
    return Event(r["article_id"], r["type"], r["mode"], r["trigger_start"], r["trigger_end"], r["trigger"],
                 r["sentence_start"], r["sentence_end"], _participant(r, "actor"), _participant(r, "target"),
                 _participant(r, "place"), r["date"], r["field"])


def _article(row: Row) -> Article:
    return Article(
        id=row["id"], text=row["text"], content_hash=row["content_hash"],
        published=PublishedDate(row["published"], row["published_precision"], row["published_origin"]),
        title=row["title"], url=row["url"], source=row["source"], author=row["author"],
        dateline=row["dateline"], captions=row["captions"], origin=row["origin"], format=row["format"],
    )
