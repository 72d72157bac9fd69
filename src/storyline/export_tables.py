"""The ``export`` tables: stories, timeline, entities, quotes, events and articles as rows with
fixed, documented columns (docs/exports.md), written as JSONL, CSV or Parquet.

``export stories --format jsonl`` writes the story records themselves (``export.story_record``);
every other table and format writes the flat rows below. In CSV a list or nested column holds
JSON; in Parquet a list of strings is a list column and a nested column holds JSON. With a
``since`` time, ``stories`` holds only the stories changed since, with what changed
(``changes.change_record``; as rows, the ``SINCE_COLUMNS`` too).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from .changes import change_record, changed_since
from .export import EVENT_COLUMNS, event_row, story_record
from .store import Store, reads

# column -> type: str, int, float, bool, list (of strings) or json (nested)
COLUMNS: dict[str, dict[str, str]] = {
    "stories": {"id": "str", "title": "str", "first_published": "str", "last_published": "str",
                "article_count": "int", "articles": "list", "outlets": "list", "entities": "list",
                "summary": "str"},
    "timeline": {"story_id": "str", "idx": "int", "date": "str", "earliest": "str", "latest": "str",
                 "text": "str", "sources": "json"},
    "entities": {"id": "str", "name": "str", "type": "str", "mentions": "int", "first_seen": "str",
                 "last_seen": "str", "aliases": "list", "stories": "list"},
    "quotes": {"story_id": "str", "article": "str", "speaker": "str", "speaker_canonical": "str",
               "speaker_start": "int", "speaker_end": "int", "cue": "str", "content": "str",
               "content_start": "int", "content_end": "int", "direct": "bool"},
    "events": {"story_id": "str", **{c: ("int" if c.endswith(("_start", "_end")) else "str") for c in EVENT_COLUMNS}},
    "articles": {"id": "str", "title": "str", "url": "str", "source": "str", "author": "str", "published": "str",
                 "published_precision": "str", "dateline": "str", "story_id": "str", "duplicate_of": "str",
                 "text": "str", "captions": "str", "other_ids": "json", "outlets": "list"},
}
# what `export stories --since` adds to each row
SINCE_COLUMNS = {"changed_at": "str", "new_articles": "list", "update_summary": "str"}
FORMATS = ("jsonl", "csv", "parquet")


def _span(value: Any, key: str) -> Any:
    """``value[key]`` when the value is a span dict; a plain string span is its own text."""
    if isinstance(value, dict):
        return value.get(key)
    return value if key == "text" and isinstance(value, str) else None


def _text(value: Any) -> str | None:
    return _span(value, "text") or _span(value, "canonical")


def rows(store: Store, table: str, since: str | None = None) -> Iterable[dict]:
    """The rows of ``table``; with ``since`` (a store time), only those of the stories changed since."""
    if table == "entities":
        yield from reads.entity_rows(store)
        return
    if table == "articles":
        yield from reads.article_rows(store)
        return
    listing = {s["id"]: s for s in reads.story_rows(store, top=10)}
    changed = None if since is None else reads.changed_stories(store, since)
    if changed == {}:
        return  # nothing changed since: no story to read
    for story in store.stories():
        if changed is not None and story.id not in changed:
            continue
        record = story_record(story)
        if table == "stories":
            info = listing.get(story.id, {})
            row = {"id": story.id, "title": story.title, "first_published": story.first_published,
                   "last_published": story.last_published, "article_count": len(story.article_ids),
                   "articles": list(story.article_ids), "outlets": info.get("outlets", []),
                   "entities": [e["name"] for e in info.get("entities", [])],
                   "summary": " ".join(s["text"] for s in record["summary"])}
            if changed is not None:
                change = change_record(store, story, changed[story.id])
                row.update(changed_at=change["changed_at"], new_articles=[a["id"] for a in change["new_articles"]],
                           update_summary=" ".join(s["text"] for s in change["update_summary"]))
            yield row
        elif table == "timeline":
            for i, e in enumerate(record["timeline"]):
                yield {"story_id": story.id, "idx": i, "date": e["date"], "earliest": e["earliest"],
                       "latest": e["latest"], "text": e["text"], "sources": e["sources"]}
        elif table == "quotes":
            for group in record.get("quotes") or []:
                for q in group["quotes"]:
                    speaker, content = q.get("speaker"), q.get("content")
                    yield {"story_id": story.id, "article": q.get("article"), "speaker": _span(speaker, "text"),
                           "speaker_canonical": group.get("speaker"), "speaker_start": _span(speaker, "start"),
                           "speaker_end": _span(speaker, "end"), "cue": _text(q.get("cue")),
                           "content": _span(content, "text"), "content_start": _span(content, "start"),
                           "content_end": _span(content, "end"), "direct": bool(q.get("direct"))}
        elif table == "events":
            for e in story.events:
                yield {"story_id": story.id, **event_row(e)}
        else:
            raise ValueError(f"unknown table {table!r}")


def _flat(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("list", "json"):
        return json.dumps(value, ensure_ascii=False)
    return value


def write(store: Store, table: str, fmt: str, output: Path | None, since: str | None = None) -> int:
    """Write ``table`` as ``fmt`` to ``output`` (stdout when None; Parquet needs a path: a
    ``.parquet`` name is one file, any other a dataset directory partitioned by day); with
    ``since`` (a store time), only the stories changed since. Returns the row count. All of it is
    read from one state of the store, whatever a build commits meanwhile."""
    with store.snapshot():
        return _write(store, table, fmt, output, since)


def _write(store: Store, table: str, fmt: str, output: Path | None, since: str | None) -> int:
    columns = {**COLUMNS[table], **SINCE_COLUMNS} if since is not None and table == "stories" else COLUMNS[table]
    if fmt == "jsonl":
        if table == "stories":
            records = (story_record(s) for s in store.stories()) if since is None else changed_since(store, since)
        else:
            records = ({k: r.get(k) for k in columns} for r in rows(store, table, since))
        return _write_text(output, lambda f: _jsonl(records, f))
    if fmt == "csv":
        return _write_text(output, lambda f: _csv(rows(store, table, since), columns, f))
    if fmt == "parquet":
        records = list(rows(store, table, since))
        if output.suffix == ".parquet":
            return _parquet(records, columns, output)
        return _dataset(store, table, records, columns, output)
    raise ValueError(f"unknown format {fmt!r}")


def _write_text(output: Path | None, writer) -> int:
    if output is None:
        return writer(sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as f:
        return writer(f)


def _jsonl(records: Iterable[dict], f: IO[str]) -> int:
    n = 0
    for r in records:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
        n += 1
    return n


def _csv(records: Iterable[dict], columns: dict[str, str], f: IO[str]) -> int:
    w = csv.writer(f)
    w.writerow(columns)
    n = 0
    for r in records:
        w.writerow([_flat(r.get(k), t) for k, t in columns.items()])
        n += 1
    return n


class OutputNotEmpty(ValueError):
    """A dataset directory that already holds files: rewriting into it would mix stale partitions in."""


PARTITION = "published_day"
UNDATED = "unknown"  # a real value, not hive's null partition: plain pandas.read_parquet fails on that one


def _day(value: str | None) -> str | None:
    """A day-precise publication date (``YYYY-MM-DD``); month, year or unknown give None."""
    return value[:10] if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value) else None


def _days(store: Store, table: str, records: list[dict]) -> list[str | None]:
    """The publication day each row belongs to: an article's own, a quote's or event's article's,
    a timeline entry's earliest source article's (when it was first reported), a story's first
    article's, an entity's first article naming it."""
    if table in ("stories", "entities", "articles"):
        key = {"stories": "first_published", "entities": "first_seen", "articles": "published"}[table]
        return [_day(r.get(key)) for r in records]
    published = {a["id"]: _day(a.get("published")) for a in reads.article_rows(store)}
    if table == "timeline":
        return [min((d for d in (published.get(s.get("article")) for s in r.get("sources") or []) if d),
                    default=None) for r in records]
    return [published.get(r.get("article")) for r in records]


def _dataset(store: Store, table: str, records: list[dict], columns: dict[str, str], output: Path) -> int:
    """Hive-style ``published_day=YYYY-MM-DD/part-0.parquet`` (no day-precise date: ``published_day=unknown``),
    rows in export order within a partition, so the same store gives byte-identical files. Written
    beside ``output`` and renamed into place, so a failed export leaves no half dataset."""
    import shutil
    import tempfile

    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise OutputNotEmpty(f"{output} is not an empty directory: a Parquet dataset is written to a new "
                             "or empty one (remove it first, or name a FILE.parquet for one file)")
    parts: dict[str, list[dict]] = {}
    for day, r in zip(_days(store, table, records), records):
        parts.setdefault(day or UNDATED, []).append(r)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        for day in sorted(parts):
            (tmp / f"{PARTITION}={day}").mkdir()
            _parquet(parts[day], columns, tmp / f"{PARTITION}={day}" / "part-0.parquet")
        if output.exists():
            output.rmdir()  # empty, checked above
        tmp.rename(output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return len(records)


def _parquet(records: list[dict], columns: dict[str, str], output: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "list": pa.list_(pa.string()), "json": pa.string()}
    schema = pa.schema([(k, types[t]) for k, t in columns.items()])
    data = {k: [json.dumps(r.get(k), ensure_ascii=False) if t == "json" and r.get(k) is not None else r.get(k)
                for r in records] for k, t in columns.items()}
    pq.write_table(pa.table(data, schema=schema), output)
    return len(records)
