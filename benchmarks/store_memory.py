"""Peak memory and time of the story stages of `build` as the store grows: 1x and Nx its articles.

    python benchmarks/store_memory.py /tmp/t17.db [--copies 2]

Takes an annotated store (as `benchmarks/throughput.py --db /tmp/t17.db` leaves it), and for 1 and
``--copies`` times its articles (the same articles and annotations again under other ids, which is
what memory needs: the stages hold every article's sentences, mentions and dates) runs
`storyline build` on a copy in a fresh process, so that the story stages run, and samples that
process's memory. Prints one final JSON line: articles, seconds and peak memory per size, and the
ratio of the peaks. (Annotation's memory does not depend on the store: it reads the articles a
batch at a time; `throughput.py` measures it.)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from memory import run_measured

PER_ARTICLE = ("sentences", "mentions", "timexes", "quotes", "events")


def multiply(db: Path, copies: int) -> int:
    """Add ``copies - 1`` more copies of every article and its annotations; returns the article count."""
    con = sqlite3.connect(db)
    with con:
        for k in range(1, copies):
            for table in ("articles", *PER_ARTICLE):
                columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
                key = "id" if table == "articles" else "article_id"
                chosen = ", ".join(f"'copy{k}/' || {c}" if c == key else c for c in columns)
                con.execute(f"INSERT INTO {table}({', '.join(columns)}) SELECT {chosen} FROM {table} "
                            f"WHERE {key} NOT LIKE 'copy%'")
        con.execute("DELETE FROM story_state")  # the copies are built with the rest, from scratch
    n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    return n


def measure(db: Path) -> dict:
    output, status, seconds, peak = run_measured([sys.executable, "-m", "storyline", "build", "--db", str(db), "--quiet"])
    if status:
        sys.exit(f"error: storyline build failed on {db}:\n{output}")
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak, 1), "output": output.strip().splitlines()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="an annotated store (benchmarks/throughput.py --db leaves one)")
    parser.add_argument("--copies", type=int, default=2, help="the larger store holds this many copies")
    args = parser.parse_args()
    if not args.db.is_file():
        sys.exit(f"error: {args.db}: no such store")
    folder = Path(tempfile.mkdtemp())
    results = {}
    try:
        for copies in (1, args.copies):
            db = folder / f"x{copies}.db"
            source = sqlite3.connect(args.db)
            target = sqlite3.connect(db)
            source.backup(target)  # a consistent copy, write-ahead log included
            source.close()
            target.close()
            n = multiply(db, copies)
            results[f"x{copies}"] = {"articles": n, **measure(db)}
            db.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    small, large = results["x1"], results[f"x{args.copies}"]
    print(json.dumps({**results, "peak_ratio": round(large["peak_rss_mb"] / small["peak_rss_mb"], 2),
                      "article_ratio": round(large["articles"] / small["articles"], 2)}))


if __name__ == "__main__":
    main()
