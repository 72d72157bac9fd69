"""Summary benchmark on Timeline17, a stand-in for DUC-style query-focused summarization, in two shapes.

Whole timelines: for every reference timeline, `summarize` the articles published within its span
with a word budget (250 words, as in DUC 2005-2007) and the topic's keywords as the query, then
score ROUGE-1 and ROUGE-2 recall (tilse's `reimpl` ROUGE: Porter stems, ROUGE stopwords removed)
against the whole reference timeline's text. A reference timeline is a human summary of the story,
far longer than 250 words, so recall is low in absolute terms.

DUC-shaped sets: each reference timeline is cut into runs of consecutive dates whose reference
sentences hold 200 words or more (about a DUC human summary); up to six runs a timeline, evenly
spread, with 8 or more articles published from the run's first date to the day after its last
make a set of at most 25 of those articles (a fixed pseudo-random choice: the first 25 by the SHA-1
of their path). Each set is summarized in 250 words with the topic's keywords as the query and
scored as DUC scored (`duc.py`: stop words kept, stems, the summary cut at 250 words) against the
run's reference sentences. This is the closer stand-in for the held-out DUC sets: 25 articles, one
human summary of what they report.

    python benchmarks/summaries.py ../shared/data/t17 [--words 250] [--topics MJ_bbc,...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

from duc import first_words, mean_recalls, recalls
from rouge_score.tokenizers import DefaultTokenizer
from tilse.evaluation.rouge import RougeReimplementation
from timelines import input_folders, keywords, read_reference

from storyline import Collection, Config

RUN_WORDS, RUNS_PER_TIMELINE, MIN_ARTICLES, SET_ARTICLES = 200, 6, 8, 25


def whole_timeline(topic: Path, ref, words: int, rouge: RougeReimplementation) -> dict:
    dates = sorted(ref.get_dates())
    started = time.perf_counter()
    collection = Collection.read([str(p) for p in input_folders(topic, dates[0], dates[-1])], Config())
    summary = collection.summary(words=words, query=keywords(topic.name))
    seconds = time.perf_counter() - started
    predicted = [s.text.split() for s in summary]
    reference = {"0": [sent.split() for d in dates for sent in ref[d]]}
    scores = rouge.score_summary(predicted, reference)
    return {"r1": scores["rouge_1_h_count"] / max(1, scores["rouge_1_m_count"]),
            "r2": scores["rouge_2_h_count"] / max(1, scores["rouge_2_m_count"]), "seconds": seconds,
            "sentences": len(summary)}


def duc_shaped_sets(topic: Path, ref) -> list[tuple[list[Path], str]]:
    """(articles, human summary) for the runs of a reference timeline, as the module says."""
    runs, run, words = [], [], 0
    for day in sorted(ref.get_dates()):
        run.append(day)
        words += sum(len(s.split()) for s in ref[day])
        if words >= RUN_WORDS:
            runs.append(run)
            run, words = [], 0
    n = min(RUNS_PER_TIMELINE, len(runs))
    picked = [runs[k * len(runs) // n] for k in range(n)]
    out = []
    for run in picked:
        files = [f for folder in input_folders(topic, run[0], run[-1] + dt.timedelta(days=1))
                 for f in sorted(folder.iterdir()) if f.is_file()]
        if len(files) < MIN_ARTICLES:
            continue
        files.sort(key=lambda f: hashlib.sha1(f.relative_to(topic.parent).as_posix().encode()).hexdigest())
        out.append((files[:SET_ARTICLES], " ".join(s for day in run for s in ref[day])))
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--topics", default="")
    args = parser.parse_args(argv)
    wanted = {t for t in args.topics.split(",") if t}
    rouge = RougeReimplementation()
    tokenizer = DefaultTokenizer(use_stemmer=True)
    rows, sets = [], []
    for topic in sorted(p for p in args.data.iterdir() if (p / "timelines").is_dir()):
        if wanted and topic.name not in wanted:
            continue
        for ref_path in sorted(p for p in (topic / "timelines").iterdir() if not p.name.startswith(".")):
            ref = read_reference(ref_path)
            row = whole_timeline(topic, ref, args.words, rouge)
            rows.append(row)
            print(f"{topic.name:<22} R1-R {row['r1']:.3f}  R2-R {row['r2']:.3f}  {row['sentences']} sentences  "
                  f"{row['seconds']:.1f}s", file=sys.stderr)
            for files, human in duc_shaped_sets(topic, ref):
                summary = Collection.read([str(f) for f in files], Config()).summary(words=args.words,
                                                                                     query=keywords(topic.name))
                peer = first_words(" ".join(s.text for s in summary), args.words)
                sets.append(recalls(peer, [human], tokenizer))
    result = {
        "timelines": len(rows),
        "words": args.words,
        **mean_recalls(rows),
        "median_seconds": round(statistics.median(r["seconds"] for r in rows), 2),
        "duc_shaped_sets": len(sets),
        **mean_recalls(sets, "duc_shaped_"),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
