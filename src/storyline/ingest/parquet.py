"""Parquet: one article per row, with the JSONL record's columns (``id``, ``text``, ``title``,
``url``, ``source``, ``author``, ``published``), as big-data pipelines and `export articles
--format parquet` write them.

pyarrow reads the file a row group at a time, so its size does not matter; a row whose text is
over ``--max-size`` is rejected on its own (with its row number, counted from 1), as a bad JSONL
line is.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from ..config import Config
from ..errors import InputRejected
from ..model import Article, Rejection
from .jsonl import record_article

COLUMNS = ("id", "text", "title", "url", "source", "author", "published")
ROWS_PER_BATCH = 256


def read_parquet(path: str, relpath: str, config: Config) -> Iterator[Article | Rejection]:
    """The articles of the Parquet file at ``path``, row by row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if os.path.getsize(path) == 0:
        raise InputRejected(path, "empty", "empty file")
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputRejected(path, "malformed_parquet", f"not a readable Parquet file ({_first_line(exc)})") from None
    if parquet.metadata.num_rows == 0:
        raise InputRejected(path, "empty", "a Parquet file with no rows")
    columns = [c for c in COLUMNS if c in parquet.schema_arrow.names]
    if "text" not in columns:
        raise InputRejected(path, "no_text", f"no \"text\" column (it has: {', '.join(parquet.schema_arrow.names)})")
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=ROWS_PER_BATCH, columns=columns):
            for record in batch.to_pylist():
                row += 1
                text = record.get("text")
                if isinstance(text, str) and len(text.encode("utf-8", "surrogatepass")) > config.max_file_bytes:
                    yield Rejection(path, "too_large", f"the row is over the {config.max_file_bytes:,}-byte limit "
                                    "for one article (raise it with --max-size)", row)
                    continue
                try:
                    yield record_article(path, relpath, row, _plain(record), "parquet")
                except InputRejected as exc:
                    yield Rejection(exc.path, exc.code, exc.message, exc.line)
    # a corrupt row group, or a value Python cannot hold (a nanosecond time stamp, a date past year
    # 9999): the rows before it are kept
    except (pa.ArrowException, OSError, ValueError, OverflowError) as exc:
        raise InputRejected(path, "malformed_parquet", f"unreadable after row {row} ({_first_line(exc)})") from None


def _plain(record: dict) -> dict:
    """A Parquet date or time stamp as the ISO text a JSONL record would carry."""
    published = record.get("published")
    if isinstance(published, (dt.date, dt.datetime)):
        record["published"] = published.isoformat()
    return record


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
