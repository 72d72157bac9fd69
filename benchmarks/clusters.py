"""Story clustering on Timeline17: B-cubed precision, recall and F1, one batch and daily batches.

    python benchmarks/clusters.py ../shared/data/t17 [--db cache.db] [--processes 2]

All topics' articles are mixed; an article's true story is its topic's name before "_" (the five
outlets on the BP spill are one story). Articles are ingested and annotated (into --db, which can be
kept between runs), near-duplicates folded, then clustered twice with the online clusterer: once
as one batch, and once fed day by day in publication order (merging after each day), as a user
adding each day's articles would. Clustering speed counts the one-batch pass (articles per second,
annotation excluded). The last line printed is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from storyline import Config, add, open_store
from storyline.pipeline import annotate_pending
from storyline.stories import Corpus
from storyline.stories.cluster import OnlineClusterer, items_from_corpus
from storyline.stories.dedupe import find_duplicates


def true_story(origin: str) -> str:
    """"…/t17/bpoil_bbc/InputDocs/2010-05-24/1036.htm.txt" -> "bpoil"."""
    parts = Path(origin).parts
    topic = parts[parts.index("InputDocs") - 1]
    return topic.split("_")[0]


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for a, c in predicted.items():
        by_pred[c].append(a)
        by_gold[gold[a]].append(a)
    p = r = 0.0
    for a, c in predicted.items():
        same = sum(1 for b in by_pred[c] if gold[b] == gold[a])
        p += same / len(by_pred[c])
        r += same / len(by_gold[gold[a]])
    n = len(predicted)
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (topics with InputDocs/)")
    parser.add_argument("--db", type=Path, help="store to use and keep (default: a temporary file)")
    parser.add_argument("--processes", type=int, default=2, help="spaCy worker processes for annotation")
    args = parser.parse_args()
    folders = sorted(str(p) for p in args.t17.glob("*/InputDocs"))
    if not folders:
        sys.exit(f"error: {args.t17}: no */InputDocs folders (is this the Timeline17 folder?)")
    config = Config(annotate_processes=args.processes)
    store = open_store(args.db or Path(tempfile.mkdtemp()) / "t17.db")
    add(store, folders, config)
    annotate_pending(store, config)
    articles = store.articles()
    corpus = Corpus.build(articles, [], store.mentions(), [])
    gold = {a.id: true_story(a.origin) for a in articles}
    duplicates = find_duplicates(articles, config)
    dup_of = {d.article_id: d.duplicate_of for d in duplicates}
    items = items_from_corpus(corpus, skip=dup_of)

    def labels(clusterer: OnlineClusterer) -> dict[str, str]:
        return {a.id: clusterer.story_of[dup_of.get(a.id, a.id)] for a in articles}

    t0 = time.perf_counter()
    one = OnlineClusterer(config)
    one.add(items)
    seconds = time.perf_counter() - t0
    p1, r1, f1 = bcubed(labels(one), gold)

    daily = OnlineClusterer(config)
    days = 0
    for _, batch in itertools.groupby(items, key=lambda it: it.day):
        daily.add(list(batch))
        days += 1
    pd, rd, fd = bcubed(labels(daily), gold)
    print(json.dumps({
        "articles": len(articles),
        "near_duplicates": len(duplicates),
        "true_stories": len(set(gold.values())),
        "stories": len(set(one.story_of.values())),
        "bcubed_precision": round(p1, 4), "bcubed_recall": round(r1, 4), "bcubed_f1": round(f1, 4),
        "daily_batches": days,
        "daily_stories": len(set(daily.story_of.values())),
        "daily_bcubed_precision": round(pd, 4), "daily_bcubed_recall": round(rd, 4), "daily_bcubed_f1": round(fd, 4),
        "daily_to_batch_f1_ratio": round(fd / f1, 4),
        "cluster_articles_per_second": round(len(items) / seconds, 1),
    }))


if __name__ == "__main__":
    main()
