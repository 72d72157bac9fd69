"""Story clustering on Timeline17: B-cubed precision, recall and F1 of the stories the product builds,
in one build and in daily builds.

    python benchmarks/clusters.py ../shared/data/t17 [--db cache.db] [--processes 2] [--days N]

All topics' articles are mixed; an article's true story is its topic's name before "_" (the five
outlets on the BP spill are one story). Articles are ingested and annotated into --db (which can be
kept between runs). Stories are then built the way the product builds them, with ``pipeline.build``:

- one batch: every article in one build from an empty state (``build(store, rebuild=True)``);
- daily: a second, empty store receives the articles one publication day at a time, in
  publication order (each day's articles and their stored annotations copied from --db), with a
  ``build`` after each day. Every build reads the state the one before it left in the store (the
  clusterer and entity linker as JSON, the near-duplicate index from its stored band keys) and
  recomputes the stories it changed, as for a user adding each day's articles.

Membership is what each store holds at the end (its stories' articles, near-duplicates included,
after every merge); the daily store's stories are also compared with the one batch's, article by
article (``daily_same_stories_as_batch``). The daily builds skip the per-story views (title,
summary, timeline, developments: ``without_views``) unless ``--daily-views``: a story's views are
made from its members after the clusterer has placed them and no build reads them back, so they
cannot change a membership, and they are what makes 1,014 builds slow (each build recomputes its
changed stories whole: about 0.7 s a day over the first 150 days and growing with the stories).
The store, its state, the dedupe index, the linking and the clustering are the product's own.

Speed counts the clustering stage of the one-batch build (articles clustered per second, reading
their terms and entities included; annotation, dedupe, linking and the views excluded); the daily
builds' wall time and stages are reported too. ``--days N`` stops the daily builds after N days
(their scores then cover the articles added so far; for estimating the time). The last line printed
is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from pathlib import Path

import storyline.stories
from storyline import Config, add, build, open_store
from storyline.model import Story
from storyline.pipeline import annotate_pending, annotation_version
from storyline.stories.cluster import publication_day
from storyline.store import Store


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


def membership(store: Store) -> dict[str, str]:
    """article id -> the id of the story the store puts it in."""
    return {a: story.id for story in store.stories(annotations=False) for a in story.article_ids}


def copy_articles(source: Store, target: Store, ids: list[str], version: str) -> None:
    """Store the articles ``ids`` of ``source`` in ``target`` with their annotations (as annotated by
    ``version``, so the target's build does not annotate them again)."""
    sentences, mentions, timexes, quotes, events = (defaultdict(list) for _ in range(5))
    for s in source.sentences(ids):
        sentences[s.article_id].append(s)
    for m in source.mentions(ids):
        mentions[m.article_id].append(m)
    for aid, fld, t in source.timexes(ids):
        timexes[aid].append((fld, t))
    for q in source.quotes(ids):
        quotes[q.article_id].append(q)
    for e in source.events(ids):
        events[e.article_id].append(e)
    with target.transaction():
        for article in source.articles(ids):
            status, _ = target.add_article(article)
            assert status == "stored", (article.id, status)
            target.save_annotations(article.id, version, sentences[article.id], mentions[article.id],
                                    timexes[article.id], quotes[article.id], events[article.id])


@contextmanager
def without_views():
    """Builds in this block store each changed story with its members, in the order the product
    gives them, and its dates, but no title, summary, timeline, developments or entities."""
    def bare(corpus, sid, assignments, counts, linker, config, seconds) -> Story:
        order = {a.id: i for i, a in enumerate(corpus.articles)}
        assignments = sorted(assignments, key=lambda a: order[a.article_id])
        ids = [a.article_id for a in assignments]
        dates = sorted(d for d in (corpus.article(a).published.value for a in ids) if d)
        return Story(id=sid, title="", article_ids=ids, assignments=assignments,
                     first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None)

    real = storyline.stories._story
    storyline.stories._story = bare
    try:
        yield
    finally:
        storyline.stories._story = real


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp))


def run(tmp: Path) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (topics with InputDocs/)")
    parser.add_argument("--db", type=Path, help="store to use and keep (default: a temporary file)")
    parser.add_argument("--processes", type=int, default=2, help="spaCy worker processes for annotation")
    parser.add_argument("--days", type=int, help="stop the daily builds after this many days")
    parser.add_argument("--daily-views", action="store_true",
                        help="make every changed story's views in the daily builds too (slow)")
    args = parser.parse_args()
    folders = sorted(str(p) for p in args.t17.glob("*/InputDocs"))
    if not folders:
        sys.exit(f"error: {args.t17}: no */InputDocs folders (is this the Timeline17 folder?)")
    config = Config(annotate_processes=args.processes)
    store = open_store(args.db or tmp / "t17.db")
    add(store, folders, config)
    annotate_pending(store, config)
    articles = store.articles()  # publication order
    gold = {a.id: true_story(a.origin) for a in articles}

    t0 = time.perf_counter()
    one = build(store, config, rebuild=True)
    one_seconds = time.perf_counter() - t0
    labels = membership(store)
    assert set(labels) == set(gold), "every article is in one story"
    near_duplicates = store.counts()["duplicates"]
    p1, r1, f1 = bcubed(labels, gold)

    daily_store = open_store(tmp / "daily.db")
    version = annotation_version(config)
    days = 0
    daily_stages: dict[str, float] = defaultdict(float)
    added: list[str] = []
    t0 = time.perf_counter()
    with nullcontext() if args.daily_views else without_views():
        for _, batch in itertools.groupby(articles, key=publication_day):
            if args.days is not None and days >= args.days:
                break
            ids = [a.id for a in batch]
            copy_articles(store, daily_store, ids, version)
            report = build(daily_store, config)
            assert report.annotated == 0 and report.stories is not None
            for stage, seconds in report.stages.items():
                daily_stages[stage] += seconds
            added.extend(ids)
            days += 1
            if days % 100 == 0:
                print(f"day {days}: {len(added)} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    daily_seconds = time.perf_counter() - t0
    daily_labels = membership(daily_store)
    same = daily_labels == {a: labels[a] for a in added}
    daily_duplicates = daily_store.counts()["duplicates"]
    daily_store.close()
    store.close()
    assert set(daily_labels) == set(added), "every article added is in one story"
    pd, rd, fd = bcubed(daily_labels, {a: gold[a] for a in added})
    partial = {} if len(added) == len(articles) else {"daily_articles": len(added)}

    clustered = len(articles) - near_duplicates
    print(json.dumps({
        "articles": len(articles),
        "near_duplicates": near_duplicates,
        "true_stories": len(set(gold.values())),
        "stories": len(set(labels.values())),
        "bcubed_precision": round(p1, 4), "bcubed_recall": round(r1, 4), "bcubed_f1": round(f1, 4),
        "daily_batches": days,
        **partial,
        "daily_stories": len(set(daily_labels.values())),
        "daily_near_duplicates": daily_duplicates,
        "daily_bcubed_precision": round(pd, 4), "daily_bcubed_recall": round(rd, 4), "daily_bcubed_f1": round(fd, 4),
        "daily_to_batch_f1_ratio": round(fd / f1, 4),
        "daily_same_stories_as_batch": same,  # every article in the story of the same id
        "cluster_articles_per_second": round(clustered / one.stages["cluster"], 1),
        "build_seconds": round(one_seconds, 1),
        "build_stage_seconds": {k: round(v, 1) for k, v in one.stages.items()},
        "daily_build_seconds": round(daily_seconds, 1),
        "daily_seconds_per_day": round(daily_seconds / max(days, 1), 3),
        "daily_stage_seconds": {k: round(v, 1) for k, v in daily_stages.items()},
        "daily_views": args.daily_views,
    }))


if __name__ == "__main__":
    main()
