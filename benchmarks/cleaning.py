"""Cleaning benchmark on Timeline17: how many stored bodies still hold a reader comment or a
tokenizer escape, per topic, read through the ingest path that ``storyline add`` uses.

    python benchmarks/cleaning.py ../shared/data/t17 [--topics Finan_washingtonpost,LibyaWar_cnn]

The detectors here are deliberately not the cleaner's own rules: a comment line is one with a
clock time and "Report ..."/"Reply", or "Posted by ... |"; an escape is a Penn Treebank bracket
(-LRB-), an escaped slash (\\/) or a `` / '' standing as a token; tokenizer spacing (" n't", " ,")
is counted on its own, as a share of lines. Prints one line per topic, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from storyline.ingest import read_paths
from storyline.model import Article

COMMENT_LINE = re.compile(r"\d:\d\d.{0,40}\b(?:Report|Reply)\b|\bPosted by\b.{0,60}\|")
ESCAPE = re.compile(r"-[LR][RSC]B-|\\/|(?:^|\s)(?:``|'')(?=\s|$)", re.IGNORECASE)
SPACING = re.compile(r"\w (?:n't|'s|,|\?)(?=\s|$)")


def count_topic(folder: Path) -> dict:
    """Bodies of one topic, and how many hold a comment line, an escape, tokenizer spacing."""
    row = {"topic": folder.name, "bodies": 0, "with_comment": 0, "with_escape": 0, "lines": 0, "spaced_lines": 0,
           "characters": 0}
    for item in read_paths([folder / "InputDocs"]):
        if not isinstance(item, Article):
            continue
        lines = item.text.split("\n")
        row["bodies"] += 1
        row["characters"] += len(item.text)
        row["lines"] += len(lines)
        row["with_comment"] += any(COMMENT_LINE.search(line) for line in lines)
        row["with_escape"] += ESCAPE.search(item.text) is not None
        row["spaced_lines"] += sum(1 for line in lines if SPACING.search(line))
    return row


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder (topics with InputDocs/)")
    parser.add_argument("--topics", default="", help="comma-separated topic folders (default: all)")
    args = parser.parse_args(argv)
    wanted = {t for t in args.topics.split(",") if t}
    topics = [p for p in sorted(args.data.iterdir()) if (p / "InputDocs").is_dir() and (not wanted or p.name in wanted)]
    if not topics:
        raise SystemExit(f"{args.data}: no topic folders with InputDocs/")
    started = time.perf_counter()
    rows = []
    for folder in topics:
        row = count_topic(folder)
        rows.append(row)
        print(f"{row['topic']:<22} {row['bodies']:>4} bodies  {row['with_comment']:>3} with a comment line  "
              f"{row['with_escape']:>3} with an escape  {row['spaced_lines']:>6} of {row['lines']} lines spaced  "
              f"{row['characters']:,} characters", file=sys.stderr)
    total = {key: sum(r[key] for r in rows) for key in ("bodies", "with_comment", "with_escape", "lines",
                                                         "spaced_lines", "characters")}
    washingtonpost = [r for r in rows if r["topic"].endswith("_washingtonpost")]
    result = {"topics": len(rows), **total,
              "washingtonpost_with_comment": sum(r["with_comment"] for r in washingtonpost),
              "washingtonpost_with_escape": sum(r["with_escape"] for r in washingtonpost),
              "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
