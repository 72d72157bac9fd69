"""The two engines side by side: `add` + `build` of the same articles with the local engine and
with Spark, on SQLite (and on PostgreSQL with --pg), timed in one run, and whether they agree.

    python benchmarks/engines.py ../shared/data/t17 [--topic bpoil_bbc] [--articles 200]
        [--spark-master local[2]] [--pg postgresql://HOST/bench_{run} | --no-pg] [--work DIR]

The input is the bundled examples and the first ``--articles`` files of one Timeline17 topic (in
publication order; the date folder dates them). Each run builds an empty store: (a) SQLite +
local engine, (b) SQLite + Spark, and with ``--pg`` (c) PostgreSQL + local, (d) PostgreSQL +
Spark; ``{run}`` in the URL is replaced by ``local`` and ``spark``, two empty databases. Without
``--pg`` the runs (c) and (d) use a throwaway server of the benchmark's own (the tests' one:
initdb in a temporary folder, 127.0.0.1, fsync off), unless ``--no-pg``. The local
engine uses as many processes as the Spark master has cores, so both have the same cores. Spark's
start (JVM and workers, once per process) is timed apart from the runs.

Agreement: B-cubed F1 of every pair of story assignments (article id -> story id); 1.0 is the
same stories. Annotation throughput: articles annotated per second of the build's annotate stage.
The last line printed is the JSON of the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import sys
import time
from pathlib import Path

from storyline import Config, add, build, open_store
from storyline.demo import examples_dir

sys.path.insert(0, str(Path(__file__).parent))
from streaming import batch_folder, bcubed_agreement, stories_of  # noqa: E402


def topic_files(t17: Path, topic: str, count: int) -> list[Path]:
    """The first ``count`` article files of ``topic``, in publication order, then file name."""
    files = [p for p in (t17 / topic / "InputDocs").glob("*/*") if p.is_file() and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (p.parent.name, p.name))[:count]


def timed_run(target: str, inputs: list[Path], config: Config) -> dict:
    store = open_store(target)
    started = time.perf_counter()
    added = add(store, inputs, config)
    add_seconds = time.perf_counter() - started
    built = build(store, config)
    seconds = time.perf_counter() - started
    store.close()
    annotate = built.stages.get("annotate", 0.0)
    return {"seconds": round(seconds, 2), "add_seconds": round(add_seconds, 2),
            "build_seconds": round(seconds - add_seconds, 2), "stored": len(added.stored),
            "rejected": len(added.rejected), "annotated": built.annotated, "stories": built.stories,
            "annotate_seconds": round(annotate, 2),
            "annotate_articles_per_s": round(built.annotated / annotate, 2) if annotate else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (topics with InputDocs/)")
    parser.add_argument("--topic", default="bpoil_bbc", help="the Timeline17 topic whose articles are added")
    parser.add_argument("--articles", type=int, default=200, help="articles of the topic")
    parser.add_argument("--spark-master", default="local[2]", help="the Spark master of the Spark runs")
    parser.add_argument("--pg", help="a PostgreSQL URL with {run} in it, for the runs (c) and (d)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite runs only (no throwaway server)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/storyline-engines"), help="where stores are made")
    args = parser.parse_args()
    if args.pg and "{run}" not in args.pg:
        sys.exit("error: --pg needs {run} in the URL (two empty databases: ..._local and ..._spark)")
    files = topic_files(args.t17, args.topic, args.articles)
    if len(files) < args.articles:
        sys.exit(f"error: {args.t17 / args.topic}: {len(files)} articles, fewer than {args.articles}")
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    inputs = [examples_dir(), batch_folder(args.work, args.topic, files)]
    m = re.fullmatch(r"local\[(\d+)\]", args.spark_master)
    cores = int(m[1]) if m else None
    local = Config(annotate_processes=cores) if cores else Config()
    spark = Config(engine="spark", spark_master=args.spark_master)

    server = None
    pg_urls = {run: args.pg.format(run=run) for run in ("local", "spark")} if args.pg else {}
    if not args.pg and not args.no_pg:
        sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
        from pgserver import PgServer

        server = PgServer()
        pg_urls = {run: server.new_database() for run in ("local", "spark")}
    from storyline.spark import context
    started = time.perf_counter()
    context(args.spark_master)
    figures: dict = {"topic": args.topic, "articles": len(files), "spark_master": args.spark_master,
                     "local_processes": local.annotate_processes,
                     "spark_start_seconds": round(time.perf_counter() - started, 2), "runs": {}}
    targets = {"sqlite_local": (str(args.work / "local.db"), local), "sqlite_spark": (str(args.work / "spark.db"), spark)}
    if pg_urls:
        targets |= {"pg_local": (pg_urls["local"], local), "pg_spark": (pg_urls["spark"], spark)}
    stories = {}
    try:
        for name, (target, config) in targets.items():
            figures["runs"][name] = timed_run(target, inputs, config)
            print(name, json.dumps(figures["runs"][name]), file=sys.stderr)
            stories[name] = stories_of(target)
    finally:
        if server:
            server.close()
    figures["bcubed"] = {f"{a}_vs_{b}": round(bcubed_agreement(stories[a], stories[b]), 4)
                         for a, b in itertools.combinations(stories, 2)}
    figures["spark_over_local"] = {
        backend: round(figures["runs"][f"{backend}_spark"]["seconds"] / figures["runs"][f"{backend}_local"]["seconds"], 3)
        for backend in ("sqlite", "pg") if f"{backend}_local" in figures["runs"]}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
