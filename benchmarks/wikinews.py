"""The shared Wikinews TimeML set as a new user reads it: ``add`` the folder, ``build``, and check that
its four threads come out as dated articles without markup and that no story mixes two threads.

    python benchmarks/wikinews.py ../shared/data/wikinews [--db work.db] [--processes 2]

The folder holds four threads (corpus_1, corpus_2, corpus_3, trial_apple: aircraft makers, carmakers,
stock markets, Apple), thirty TimeML files each; an article's true thread is its folder. Articles
are added and built with the product's own ``add`` and ``build`` (what ``storyline add`` and
``storyline build`` run) into --db, or a temporary store. Stories are scored with B-cubed
precision, recall and F1 against the folders (an article in no story counts as a story of its own);
a file outside the four folders (the set's LICENSE.txt) is stored as any text file is, and counted
apart, not scored. The last line printed is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from clusters import bcubed  # B-cubed precision, recall, F1 of item -> cluster against item -> truth
from storyline import Config, add, build, open_store

_MARKUP = re.compile(r"<[A-Za-z/!?][^<>]{0,200}>")


def run(data: Path, db: Path, processes: int) -> dict:
    store = open_store(db)
    started = time.perf_counter()
    report = add(store, [data])
    built = build(store, Config(annotate_processes=processes))
    seconds = time.perf_counter() - started
    articles = store.articles()
    thread = {}  # article id -> its folder
    for article in articles:
        parts = Path(article.origin).resolve().relative_to(data.resolve()).parts
        if len(parts) == 2:
            thread[article.id] = parts[0]
    stories = store.stories(annotations=False)
    member = {a: story.id for story in stories for a in story.article_ids if a in thread}
    predicted = {a: member.get(a, f"alone:{a}") for a in thread}
    p, r, f = bcubed(predicted, thread)
    mixed = []
    for story in stories:
        threads = Counter(thread[a] for a in story.article_ids if a in thread)
        if len(threads) > 1:
            mixed.append({"story": story.id, "title": story.title, "threads": dict(threads)})
    figures = {
        "files": report.files,
        "articles_stored": len(articles),
        "articles_in_threads": len(thread),
        "articles_per_thread": dict(sorted(Counter(thread.values()).items())),
        "outside_threads": sorted(a.id for a in articles if a.id not in thread),
        "rejections": len(store.rejections()),
        "undated": sum(1 for a in articles if a.id in thread and a.published.value is None),
        "with_markup": sum(1 for a in articles if _MARKUP.search(a.text) or _MARKUP.search(a.title or "")),
        "formats": dict(Counter(a.format for a in articles)),
        "stories": len(stories),
        "stories_mixing_threads": mixed,
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "annotated": built.annotated,
        "seconds": round(seconds, 1),
    }
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Wikinews folder (corpus_1, corpus_2, corpus_3, trial_apple)")
    parser.add_argument("--db", type=Path, help="a new store to use and keep (default: a temporary file)")
    parser.add_argument("--processes", type=int, default=2, help="spaCy worker processes for annotation")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"error: {args.data}: not a folder")
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(args.data, args.db or Path(tmp) / "wikinews.db", args.processes)
    for story in figures["stories_mixing_threads"]:
        print(f"mixed: {story['title']!r} {story['threads']}")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
