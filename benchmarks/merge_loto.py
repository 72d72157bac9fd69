"""Leave-one-topic-out choice of the story merge threshold on Timeline17 (issue 22).

    python benchmarks/merge_loto.py ../shared/data/t17 --db /tmp/t17.db [--rule relative|floor] [--values ...]

Reads the articles and annotations of --db (ingesting and annotating what is missing, as
benchmarks/clusters.py does; pass the same --db to reuse its cache), dedupes them once, and runs the
product's clusterer over all 12 topic folders mixed, in publication order with its day merges, once
per value of the rule: ``relative`` sets ``cluster_merge_relative`` (the share of the larger story's
cohesion two stories must reach to merge), ``floor`` the old rule (a fixed similarity floor for every
merge, ``cluster_merge_floor``). Every other setting is the default. Then for each held-out topic
folder the value that maximises B-cubed F1 over the other 11 folders' articles is chosen (the middle of
a tie) and scored on the held-out folder's articles; near-duplicates count with their representative.
Printed: each fold's choice and score, the mean over folds, the pooled B-cubed of every article under
its fold's choice, and each value's score on all topics. The last line is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from clusters import true_story
from storyline import Config, add, open_store
from storyline.pipeline import _corpus, annotate_pending
from storyline.stories import DuplicateIndex
from storyline.stories.cluster import OnlineClusterer, items_from_corpus

RELATIVE = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 1.0]
FLOOR = [0.14, 0.15, 0.155, 0.16, 0.165, 0.17, 0.175, 0.18, 0.185, 0.19, 0.195, 0.2, 0.205, 0.21, 0.22, 0.24]


class FixedFloor(OnlineClusterer):
    """The merge rule before the relative one: one similarity floor for every pair."""

    def _merge_ok(self, small, big, score: float) -> bool:
        return score >= max(self.threshold(len(big.members)), self.config.cluster_merge_floor)


def scores(labels: dict[str, str], gold: dict[str, str]) -> dict[str, tuple[float, float]]:
    """article -> (B-cubed precision, recall) of that article."""
    by_pred, by_gold = defaultdict(list), defaultdict(list)
    for a, c in labels.items():
        by_pred[c].append(a)
        by_gold[gold[a]].append(a)
    out = {}
    for a, c in labels.items():
        same = sum(1 for b in by_pred[c] if gold[b] == gold[a])
        out[a] = (same / len(by_pred[c]), same / len(by_gold[gold[a]]))
    return out


def f1(per_article: dict[str, tuple[float, float]], keys) -> float:
    keys = list(keys)
    p = sum(per_article[a][0] for a in keys) / len(keys)
    r = sum(per_article[a][1] for a in keys) / len(keys)
    return 2 * p * r / (p + r)


def leave_one_topic_out(runs: dict, gold: dict[str, str], folder: dict[str, str], values: list):
    """For each held-out topic folder, the value that maximises B-cubed F1 over the other folders'
    articles (the middle of a tie), scored on the held-out folder: (folds, mean held-out F1, the
    per-article scores of every article under its fold's choice)."""
    folds, pooled = [], {}
    for topic in sorted(set(folder.values())):
        inner = {x: f1(runs[x], (a for a in gold if folder[a] != topic)) for x in values}
        best = max(inner.values())
        tied = [x for x in values if inner[x] >= best - 1e-12]
        x = tied[len(tied) // 2]
        held = [a for a in gold if folder[a] == topic]
        folds.append({"held_out": topic, "chosen": x, "held_out_f1": round(f1(runs[x], held), 4)})
        pooled.update({a: runs[x][a] for a in held})
        print(f"{topic:22s} chosen {x!s:<6} held-out B3 F1 {folds[-1]['held_out_f1']:.4f}")
    mean = statistics.mean(f["held_out_f1"] for f in folds)
    print(f"mean over folds {mean:.4f}; pooled B3 F1 {f1(pooled, gold):.4f}")
    return folds, mean, pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rule", choices=("relative", "floor"), default="relative")
    parser.add_argument("--values", type=float, nargs="+")
    args = parser.parse_args()
    values = args.values or (RELATIVE if args.rule == "relative" else FLOOR)
    config = Config(annotate_processes=2)
    store = open_store(args.db)
    add(store, sorted(str(p) for p in args.t17.glob("*/InputDocs")), config)
    annotate_pending(store, config)
    corpus = _corpus(store, store.article_ids())
    store.close()
    duplicates = DuplicateIndex(config).add(corpus.articles)
    items = items_from_corpus(corpus, skip={d.article_id for d in duplicates})
    gold = {a.id: true_story(a.origin) for a in corpus.articles}
    folder = {a.id: Path(a.origin).parts[Path(a.origin).parts.index("InputDocs") - 1] for a in corpus.articles}
    runs = {}
    for x in values:
        if args.rule == "relative":
            clusterer = OnlineClusterer(replace(config, cluster_merge_relative=x))
        else:
            clusterer = FixedFloor(replace(config, cluster_merge_floor=x))
        clusterer.add(items)
        labels = {a.article_id: sid for sid, members in clusterer.clusters({i.article_id: n for n, i in enumerate(items)})
                  for a in members}
        labels.update({d.article_id: labels[d.duplicate_of] for d in duplicates})
        runs[x] = scores(labels, gold)
        print(f"{args.rule} {x:g}: B3 F1 {f1(runs[x], gold):.4f}", file=sys.stderr, flush=True)
    folds, mean, pooled = leave_one_topic_out(runs, gold, folder, values)
    print(json.dumps({"rule": args.rule, "folds": folds, "mean_held_out_f1": round(mean, 4),
                      "pooled_f1": round(f1(pooled, gold), 4),
                      "all_topics_f1": {str(x): round(f1(runs[x], gold), 4) for x in values}}))


if __name__ == "__main__":
    main()
