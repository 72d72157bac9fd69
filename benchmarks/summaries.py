"""Summary benchmark on Timeline17, a stand-in for DUC-style query-focused summarization.

For every reference timeline: `summarize` the articles published within its span with a word budget
(250 words, as in DUC 2005-2007) and the topic's keywords as the query, then score ROUGE-1 and
ROUGE-2 recall (tilse's `reimpl` ROUGE: Porter stems, ROUGE stopwords removed) against the whole
reference timeline's text. A reference timeline is a human summary of the story, longer than 250
words, so recall is low in absolute terms; the figure is for comparing versions of `summarize`.

    python benchmarks/summaries.py ../shared/data/t17 [--words 250] [--topics MJ_bbc,...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from tilse.evaluation.rouge import RougeReimplementation
from timelines import input_folders, keywords, read_reference

from storyline import Collection, Config


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--topics", default="")
    args = parser.parse_args(argv)
    wanted = {t for t in args.topics.split(",") if t}
    rouge = RougeReimplementation()
    rows = []
    for topic in sorted(p for p in args.data.iterdir() if (p / "timelines").is_dir()):
        if wanted and topic.name not in wanted:
            continue
        for ref_path in sorted(p for p in (topic / "timelines").iterdir() if not p.name.startswith(".")):
            ref = read_reference(ref_path)
            dates = sorted(ref.get_dates())
            started = time.perf_counter()
            collection = Collection.read([str(p) for p in input_folders(topic, dates[0], dates[-1])], Config())
            summary = collection.summary(words=args.words, query=keywords(topic.name))
            seconds = time.perf_counter() - started
            predicted = [s.text.split() for s in summary]
            reference = {"0": [sent.split() for d in dates for sent in ref[d]]}
            scores = rouge.score_summary(predicted, reference)
            r1 = scores["rouge_1_h_count"] / max(1, scores["rouge_1_m_count"])
            r2 = scores["rouge_2_h_count"] / max(1, scores["rouge_2_m_count"])
            rows.append({"topic": topic.name, "r1_recall": r1, "r2_recall": r2, "seconds": seconds})
            print(f"{topic.name:<22} R1-R {r1:.3f}  R2-R {r2:.3f}  {len(summary)} sentences  {seconds:.1f}s", file=sys.stderr)
    result = {
        "timelines": len(rows),
        "words": args.words,
        "rouge_1_recall": round(statistics.mean(r["r1_recall"] for r in rows), 4),
        "rouge_2_recall": round(statistics.mean(r["r2_recall"] for r in rows), 4),
        "median_seconds": round(statistics.median(r["seconds"] for r in rows), 2),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
