"""Where annotation time goes: each spaCy component, and spaCy against storyline's own annotators.

    python benchmarks/annotate_split.py /tmp/t17.db [--every 31]

Reads every ``--every``-th article (by id) of an existing store (one made by `throughput.py`),
times, in one process with one BLAS thread, spaCy's components one after another, then the whole
annotation (spaCy and ours) in one process and with the default worker processes (all cores), and
prints one final JSON line. Our annotators' share is the whole minus spaCy's components.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from storyline import Config, open_store
from storyline.annotate import Annotator
from storyline.annotate.nlp import single_threaded_blas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a store of articles (annotated or not)")
    parser.add_argument("--every", type=int, default=31, help="take every N-th article by id")
    args = parser.parse_args()
    store = open_store(args.db)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")][:: args.every]
    if not ids:
        sys.exit(f"error: {args.db}: the store has no articles")
    articles = [store.article(i) for i in ids]
    annotator = Annotator(Config(annotate_processes=1))
    nlp = annotator.nlp
    out: dict = {"articles": len(articles)}
    with single_threaded_blas():
        started = time.perf_counter()
        docs = [nlp.make_doc(a.text) for a in articles]
        stages = {"tokenizer": time.perf_counter() - started}
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            pipe = getattr(component, "pipe", None)
            docs = list(pipe(docs, batch_size=16)) if pipe else [component(d) for d in docs]
            stages[name] = time.perf_counter() - started
        out["tokens_per_article"] = round(sum(len(d) for d in docs) / len(docs))
        out["spacy_seconds_per_article"] = {k: round(v / len(docs), 4) for k, v in stages.items()}
    started = time.perf_counter()
    list(annotator.annotate(articles))
    whole = time.perf_counter() - started
    parallel = Annotator(Config())  # loaded before the clock starts, as for the one-process run
    started = time.perf_counter()
    list(parallel.annotate(articles))
    all_cores = time.perf_counter() - started
    out["annotation_seconds_per_article"] = round(whole / len(articles), 4)
    out["ours_seconds_per_article"] = round((whole - sum(stages.values())) / len(articles), 4)
    out["all_cores_seconds_per_article"] = round(all_cores / len(articles), 4)
    out["all_cores_articles_per_second"] = round(len(articles) / all_cores, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
