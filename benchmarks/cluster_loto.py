"""A joining threshold from the story's own spread (issues 24 and 25), chosen leave-one-topic-out on
Timeline17 and then read on the Wikinews threads with the value Timeline17 chose.

    python benchmarks/cluster_loto.py ../shared/data/t17 ../shared/data/wikinews --db /tmp/t17.db \\
        --wikinews-db /tmp/wn.db [--mode max|shrink] [--values 0.5 1 1.5 2]

The rule: a story whose members joined it at similarities of mean ``m`` and standard deviation ``sd``
(``j`` joined members; founders and single articles count none) takes an article at ``m - k * sd``,
``k`` the one free parameter. ``max`` never goes below today's size rule ``t(n)``; ``shrink`` weighs the
two as a prior of ``cluster_half_size`` articles, ``(h * t(n) + j * (m - k * sd)) / (h + j)``. Merges
use the larger story's spread threshold in place of ``t(n)``. Value ``today`` is the product's rule.

Both stores are read (ingesting and annotating what is missing, as benchmarks/clusters.py and
benchmarks/wikinews.py do), deduped once, and clustered in publication order with the day merges,
once per value. Timeline17: the 12 topic folders mixed; for each held-out folder the value best on
the other 11 (merge_loto.py's choice) is scored on it. Printed: each fold, the mean, each value's
F1 on all topics (the fitted figure is the best of these), and Wikinews B-cubed P/R/F1 per value.
The last line is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from clusters import bcubed, true_story
from merge_loto import f1, leave_one_topic_out, scores
from storyline import Config, add, open_store
from storyline.pipeline import _corpus, annotate_pending
from storyline.stories import DuplicateIndex
from storyline.stories.cluster import OnlineClusterer, items_from_corpus

VALUES = [1.0, 1.5, 2.0, 2.5, 3.0]


class SpreadClusterer(OnlineClusterer):
    """The product's clusterer with each story's joining threshold read from its own join similarities."""

    def __init__(self, config: Config, k: float, mode: str):
        super().__init__(config)
        self.k, self.mode = k, mode
        self.spread: dict[str, list[float]] = {}  # story id -> [joined members, sum, sum of squares]

    def _note(self, story_id: str, similarity: float) -> None:
        m = self.spread.setdefault(story_id, [0, 0.0, 0.0])
        m[0] += 1
        m[1] += similarity
        m[2] += similarity * similarity

    def story_threshold(self, story) -> float:
        prior = float(self.threshold(len(story.members)))
        j, total, squares = self.spread.get(story.id, (0, 0.0, 0.0))
        if j < 2:
            return prior
        mean = total / j
        own = mean - self.k * math.sqrt(max(0.0, squares / j - mean * mean))
        if self.mode == "max":
            return max(prior, own)
        h = self.config.cluster_half_size
        return (h * prior + j * own) / (h + j)

    def join_limits(self) -> np.ndarray:
        return np.array([self.story_threshold(s) for s in self.stories])

    def _join(self, index, item, terms, ents, explanation) -> None:
        super()._join(index, item, terms, ents, explanation)
        if explanation.similarity != 1.0:
            self._note(self.stories[index].id, explanation.similarity)

    def _merge(self, score, small, big) -> None:
        j, total, squares = self.spread.pop(small.id, (0, 0.0, 0.0))
        m = self.spread.setdefault(big.id, [0, 0.0, 0.0])
        m[0], m[1], m[2] = m[0] + j, m[1] + total, m[2] + squares
        self._note(big.id, round(score, 4))  # the small story's founder joins at the merge's similarity
        super()._merge(score, small, big)

    def _merge_ok(self, small, big, score: float) -> bool:
        q = self.cohesion(big)
        floor = self.config.cluster_merge_floor if q is None else self.config.cluster_merge_relative * q
        return score >= max(self.story_threshold(big), floor)


def load(paths: list[Path], db: Path, config: Config):
    """(items, duplicates, articles) of a store, after adding and annotating ``paths``."""
    store = open_store(db)
    add(store, [str(p) for p in paths], config)
    annotate_pending(store, config)
    corpus = _corpus(store, store.article_ids())
    store.close()
    duplicates = DuplicateIndex(config).add(corpus.articles)
    return items_from_corpus(corpus, skip={d.article_id for d in duplicates}), duplicates, corpus.articles


def labels(clusterer: OnlineClusterer, items, duplicates) -> dict[str, str]:
    clusterer.add(items)
    out = {a.article_id: sid for sid, members in clusterer.clusters({i.article_id: n for n, i in enumerate(items)})
           for a in members}
    out.update({d.article_id: out[d.duplicate_of] for d in duplicates})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path)
    parser.add_argument("wikinews", type=Path)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--wikinews-db", type=Path, required=True)
    parser.add_argument("--mode", choices=("max", "shrink"), default="max")
    parser.add_argument("--values", type=float, nargs="+", default=VALUES)
    args = parser.parse_args()
    config = Config(annotate_processes=2)
    values = ["today", *args.values]

    def clusterer(x):
        return OnlineClusterer(config) if x == "today" else SpreadClusterer(config, x, args.mode)

    items, duplicates, articles = load(sorted(args.t17.glob("*/InputDocs")), args.db, config)
    gold = {a.id: true_story(a.origin) for a in articles}
    folder = {a.id: Path(a.origin).parts[Path(a.origin).parts.index("InputDocs") - 1] for a in articles}
    runs = {}
    for x in values:
        runs[x] = scores(labels(clusterer(x), items, duplicates), gold)
        print(f"t17 {args.mode} k={x}: B3 F1 {f1(runs[x], gold):.4f}", file=sys.stderr, flush=True)
    folds, mean, pooled = leave_one_topic_out(runs, gold, folder, values)
    fitted = {str(x): round(f1(runs[x], gold), 4) for x in values}

    items, duplicates, articles = load([args.wikinews], args.wikinews_db, config)
    thread = {}
    for a in articles:
        parts = Path(a.origin).resolve().relative_to(args.wikinews.resolve()).parts
        if len(parts) == 2:
            thread[a.id] = parts[0]
    wikinews = {}
    for x in values:
        found = labels(clusterer(x), items, duplicates)
        p, r, f = bcubed({a: found[a] for a in thread}, thread)
        wikinews[str(x)] = [round(p, 4), round(r, 4), round(f, 4)]
        print(f"wikinews {args.mode} k={x}: B3 P {p:.4f} R {r:.4f} F1 {f:.4f}", flush=True)
    print(json.dumps({"mode": args.mode, "folds": folds, "mean_held_out_f1": round(mean, 4),
                      "pooled_f1": round(f1(pooled, gold), 4), "all_topics_f1": fitted, "wikinews": wikinews}))


if __name__ == "__main__":
    main()
