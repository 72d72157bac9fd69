"""Where annotation time goes: each spaCy component, and spaCy against storyline's own annotators.

    python benchmarks/annotate_split.py /tmp/t17.db [--every 31]

Reads every ``--every``-th article (by id) of an existing store (one made by `throughput.py`),
times, in one process with one BLAS thread, spaCy's components one after another, then the whole
annotation (spaCy and ours), and prints one final JSON line.
"""

from __future__ import annotations

import argparse
import json
import time

from threadpoolctl import threadpool_limits

import storyline.annotate as annotate
from storyline import Config, open_store
from storyline.annotate.nlp import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="an annotated or not store of articles")
    parser.add_argument("--every", type=int, default=31, help="take every N-th article by id")
    args = parser.parse_args()
    store = open_store(args.db)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles ORDER BY id")][:: args.every]
    articles = [store.article(i) for i in ids]
    nlp = load_pipeline(Config().spacy_model)
    out: dict = {"articles": len(articles)}
    with threadpool_limits(limits=1, user_api="blas"):
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
        annotate._worker_nlp = nlp
        started = time.perf_counter()
        annotate._annotate_full(articles)
        whole = time.perf_counter() - started
    spacy_total = sum(stages.values())
    out["annotation_seconds_per_article"] = round(whole / len(articles), 4)
    out["ours_seconds_per_article"] = round((whole - spacy_total) / len(articles), 4)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
