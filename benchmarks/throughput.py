"""Throughput of `add` and `build` on Timeline17: articles per second and peak memory.

    python benchmarks/throughput.py ../shared/data/t17 [--processes N] [--db /tmp/t17.db]

Ingests every topic's InputDocs (as `storyline add ../shared/data/t17/*/InputDocs` does), builds
with the default options (all cores), and prints one final JSON line with the figures: the time of
each build stage, and peak memory of all the processes together, sampled every 0.2 s: the sum of
their resident sets (which counts the pages forked workers share with the parent once per process)
and the sum of their proportional sets (PSS: shared pages split between the processes sharing them).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from memory import MemorySampler

from storyline import Config, add, build, open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("t17", type=Path, help="the Timeline17 folder (topics with InputDocs/)")
    parser.add_argument("--processes", type=int, help="annotation worker processes (default: all cores)")
    parser.add_argument("--db", type=Path, help="store to use (default: a fresh temporary file)")
    args = parser.parse_args()
    folders = sorted(str(p) for p in args.t17.glob("*/InputDocs"))
    if not folders:
        sys.exit(f"error: {args.t17}: no */InputDocs folders (is this the Timeline17 folder?)")
    db = args.db or Path(tempfile.mkdtemp()) / "t17.db"
    store = open_store(db)
    config = Config(annotate_processes=args.processes) if args.processes else Config()
    sampler = MemorySampler()
    sampler.start()

    t0 = time.perf_counter()
    added = add(store, folders, config)
    t_add = time.perf_counter() - t0
    t0 = time.perf_counter()
    built = build(store, config)
    t_build = time.perf_counter() - t0
    sampler.stop()
    counts = store.counts()
    n = counts["articles"]
    print(json.dumps({
        "topics": len(folders),
        "files": added.files,
        "articles": n,
        "rejected": len(added.rejected),
        "stories": counts["stories"],
        "add_seconds": round(t_add, 1),
        "build_seconds": round(t_build, 1),
        "annotated": built.annotated,
        "add_articles_per_second": round(n / t_add, 1),
        "build_articles_per_second": round(n / t_build, 1),
        "end_to_end_articles_per_second": round(n / (t_add + t_build), 1),
        "stage_seconds": {k: round(v, 1) for k, v in built.stages.items()},
        "peak_rss_mb": round(sampler.peak_rss_kb / 1024, 1),
        "peak_pss_mb": round(sampler.peak_pss_kb / 1024, 1),
        "processes": config.annotate_processes,
        "integrity_check": store.integrity_ok(),
    }))


if __name__ == "__main__":
    main()
