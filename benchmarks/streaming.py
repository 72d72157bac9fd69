"""Streaming builds on Timeline17: the cost of adding 100 articles to a store of 1,000 and 3,000.

    python benchmarks/streaming.py ../shared/data/t17 [--work DIR] [--runs 2] [--batch 100]

Every topic's articles are sorted by publication date (then topic and file) as a stream that
arrives in that order. A store of the first 1,000 and one of the first 3,000 articles are built
once (kept in --work, so a second run skips that) and copied before each timed run. A timed run
adds the next ``--batch`` articles and builds, with the default options: annotation of the new
articles included, as a user's `storyline add` + `storyline build` would do.

Order equivalence, on the 1,000 store: the same 100 added in four batches of 25 (a build after
each) against one batch of 100, and against `build --rebuild` (everything recomputed from the
stored annotations): B-cubed agreement of the two story assignments over every article, and
whether any article is missing from the stories.

The last line printed is the JSON of the figures (medians over --runs, and each run).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from storyline import Config, add, build, open_store


def stream(t17: Path) -> list[Path]:
    """Every article file of every topic, in publication order (then topic, then file name)."""
    files = [p for p in t17.glob("*/InputDocs/*/*") if p.is_file() and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (p.parent.name, p.parts[-4], p.name))


def batch_folder(work: Path, name: str, files: list[Path]) -> Path:
    """A folder holding ``files`` as ``<topic>/<date>/<file>``: the ids `add` gives are the same
    whichever batch an article arrives in, and the date folder gives the publication date."""
    folder = work / "batches" / name
    if not folder.exists():
        tmp = folder.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        for f in files:
            target = tmp / f.parts[-4] / f.parent.name / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
        tmp.rename(folder)
    return folder


def base_store(work: Path, files: list[Path], size: int, config: Config) -> Path:
    """The store of the first ``size`` articles, built (made once, from the next smaller one)."""
    db = work / f"base-{size}.db"
    if not db.exists():
        smaller = sorted(int(p.stem.split("-")[1]) for p in work.glob("base-*.db") if int(p.stem.split("-")[1]) < size)
        start = smaller[-1] if smaller else 0
        tmp = db.with_suffix(".tmp")
        if start:
            shutil.copyfile(work / f"base-{start}.db", tmp)
        store = open_store(tmp)
        add(store, [batch_folder(work, f"{start:05d}-{size:05d}", files[start:size])], config)
        build(store, config)
        store.close()
        tmp.rename(db)
    store = open_store(db)
    build(store, config)  # stories of this release (a no-op when they are up to date)
    store.close()
    return db


def stories_of(db: Path) -> dict[str, str]:
    """article id -> story id, for every article of every story."""
    store = open_store(db)
    out = {a: s.id for s in store.stories(annotations=False) for a in s.article_ids}
    store.close()
    return out


def bcubed_agreement(a: dict[str, str], b: dict[str, str]) -> float:
    """B-cubed F1 of one clustering against the other, over the articles both hold."""
    common = sorted(set(a) & set(b))
    if not common:
        return 0.0
    by_a, by_b = defaultdict(set), defaultdict(set)
    for x in common:
        by_a[a[x]].add(x)
        by_b[b[x]].add(x)
    p = r = 0.0
    for x in common:
        same = len(by_a[a[x]] & by_b[b[x]])
        p += same / len(by_a[a[x]])
        r += same / len(by_b[b[x]])
    p, r = p / len(common), r / len(common)
    return 2 * p * r / (p + r)


def timed_add(work: Path, base: Path, name: str, batches: list[Path], config: Config) -> tuple[Path, float, list[dict]]:
    db = work / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(base, db)
    store = open_store(db)
    reports = []
    started = time.perf_counter()
    for folder in batches:
        add(store, [folder], config)
        built = build(store, config)
        reports.append({"annotated": built.annotated, "stories_changed": built.stories,
                        "stages": {k: round(v, 2) for k, v in built.stages.items()}})
    seconds = time.perf_counter() - started
    store.close()
    return db, seconds, reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (topics with InputDocs/)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/storyline-streaming"),
                        help="where the base stores and batches are kept between runs")
    parser.add_argument("--sizes", type=int, nargs=2, default=(1000, 3000), help="the two store sizes")
    parser.add_argument("--batch", type=int, default=100, help="articles added and built")
    parser.add_argument("--runs", type=int, default=2, help="timed runs per store (the median is reported)")
    parser.add_argument("--setup-only", action="store_true", help="make the base stores and stop")
    args = parser.parse_args()
    files = stream(args.t17)
    small, large = args.sizes
    if len(files) < large + args.batch:
        sys.exit(f"error: {args.t17}: {len(files)} articles, fewer than {large} + {args.batch}")
    args.work.mkdir(parents=True, exist_ok=True)
    config = Config()
    bases = {n: base_store(args.work, files, n, config) for n in (small, large)}
    if args.setup_only:
        return
    figures: dict = {"articles": len(files), "batch": args.batch, "processes": config.annotate_processes}
    for n in (small, large):
        folder = batch_folder(args.work, f"{n:05d}-{n + args.batch:05d}", files[n:n + args.batch])
        runs = [timed_add(args.work, bases[n], f"run-{n}", [folder], config) for _ in range(args.runs)]
        figures[f"seconds_{n}"] = round(statistics.median(r[1] for r in runs), 2)
        figures[f"runs_{n}"] = [round(r[1], 2) for r in runs]
        figures[f"builds_{n}"] = runs[-1][2]
    figures["ratio"] = round(figures[f"seconds_{large}"] / figures[f"seconds_{small}"], 3)
    # the next articles differ in length between the two stores; the large store's batch added to
    # the small store too (it is later than all of it) separates the store's size from the batch's
    folder = batch_folder(args.work, f"{large:05d}-{large + args.batch:05d}", files[large:large + args.batch])
    same = [timed_add(args.work, bases[small], f"same-{small}", [folder], config)[1] for _ in range(args.runs)]
    figures[f"seconds_{small}_same_batch"] = round(statistics.median(same), 2)
    figures["ratio_same_batch"] = round(figures[f"seconds_{large}"] / figures[f"seconds_{small}_same_batch"], 3)
    figures["batch_words"] = {n: sum(len(p.read_text(errors="replace").split()) for p in files[n:n + args.batch])
                              for n in (small, large)}

    # order: 4 x 25 against 1 x 100 (and both against a rebuild), on the small store
    quarter = args.batch // 4
    parts = [batch_folder(args.work, f"{small + i:05d}-{small + i + quarter:05d}", files[small + i:small + i + quarter])
             for i in range(0, args.batch, quarter)]
    one_db = args.work / f"run-{small}.db"
    four_db, four_seconds, _ = timed_add(args.work, bases[small], "four", parts, config)
    one, four = stories_of(one_db), stories_of(four_db)
    rebuilt_db = args.work / "rebuilt.db"
    shutil.copyfile(one_db, rebuilt_db)
    store = open_store(rebuilt_db)
    build(store, config, rebuild=True)
    store.close()
    rebuilt = stories_of(rebuilt_db)
    store = open_store(one_db)
    expected = set(store.article_ids())  # every article stored (the empty files are rejected at add)
    store.close()
    figures.update({
        "four_batches_seconds": round(four_seconds, 2),
        "bcubed_four_vs_one": round(bcubed_agreement(four, one), 4),
        "bcubed_one_vs_rebuild": round(bcubed_agreement(one, rebuilt), 4),
        "bcubed_four_vs_rebuild": round(bcubed_agreement(four, rebuilt), 4),
        "stored_articles": len(expected),
        "missing_one": len(expected - set(one)),
        "missing_four": len(expected - set(four)),
        "stories_one": len(set(one.values())),
        "stories_four": len(set(four.values())),
        "stories_rebuild": len(set(rebuilt.values())),
    })
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
