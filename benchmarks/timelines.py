"""Timeline benchmark on Timeline17, in news-tls's standard setting, scored with tilse.

For every reference timeline of every topic: the articles published within the timeline's first
and last date, N = its number of dates, M = its mean sentences per date (rounded), the topic's
keywords as the query. Scores: AR1-F and AR2-F (ROUGE-1/2 F1, tilse's `reimpl` ROUGE with the
many-to-one date-content alignment, "align+ m:1") and Date-F1, averaged over timelines. Each
timeline is timed end to end (reading, annotation, timeline). tilse splits sentences on spaces and
the references are Penn Treebank tokenized, so a predicted sentence is tokenized the same way
before scoring (storyline stores written text: "here?", not "here ?").

    python benchmarks/timelines.py ../shared/data/t17 [--topics bpoil_bbc,MJ_bbc] [--processes 2]

Needs the benchmark extra: pip install -e '.[benchmark]'  (tilse).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import time
from pathlib import Path

from nltk.tokenize.treebank import TreebankWordTokenizer
from tilse.data.timelines import GroundTruth, Timeline
from tilse.evaluation.rouge import TimelineRougeEvaluator

from storyline import Collection, Config

# The topic keywords news-tls passes as the query, by topic folder prefix.
KEYWORDS = {
    "bpoil": "bp oil spill",
    "Egypt": "egypt egyptian",
    "Finan": "financial economic crisis",
    "H1N1": "h1n1 swine flu",
    "haiti": "haiti quake earthquake",
    "IraqWar": "iraq iraqi",
    "LibyaWar": "libya libyan",
    "MJ": "michael jackson",
    "SyrianCrisis": "syria syrian",
}


def keywords(topic: str) -> str:
    for prefix, words in KEYWORDS.items():
        if topic.lower().startswith(prefix.lower()):
            return words
    raise SystemExit(f"{topic}: no keywords known for this topic")


def read_reference(path: Path) -> Timeline:
    """A Timeline17 reference file: a date line, its sentences, a dashed line. A block whose date does
    not parse (MJ_bbc has "2011-04-0") is left out and reported."""
    dates_to_summaries: dict[dt.date, list[str]] = {}
    for block in path.read_text(encoding="utf-8", errors="replace").split("--------------------------------"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        try:
            day = dt.date.fromisoformat(lines[0])
        except ValueError:
            print(f"{path}: skipped the block dated {lines[0][:20]!r} (not a date)", file=sys.stderr)
            continue
        dates_to_summaries.setdefault(day, []).extend(lines[1:])
    return Timeline(dates_to_summaries)


def input_folders(topic: Path, first: dt.date, last: dt.date) -> list[Path]:
    """The InputDocs/<date>/ folders within the timeline's span."""
    out = []
    for folder in sorted((topic / "InputDocs").iterdir()):
        try:
            day = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if first <= day <= last:
            out.append(folder)
    return out


_TOKENIZER = TreebankWordTokenizer()


_ALREADY_TOKENIZED = re.compile(r" [,.;:?!]( |$)| n't\b| 's\b|(^| )(``|'')( |$)")


def as_reference_tokens(text: str) -> str:
    """A sentence tokenized as Timeline17's references are (PTB: "-LRB-", "``", "n't" apart); one
    that is tokenizer output already (a store cleaned before issue 25) is left as it is."""
    if _ALREADY_TOKENIZED.search(text):
        return text
    return " ".join(_TOKENIZER.tokenize(text, convert_parentheses=True))


def date_f1(pred: set, ref: set) -> float:
    shared = len(pred & ref)
    if not shared:
        return 0.0
    p, r = shared / len(pred), shared / len(ref)
    return 2 * p * r / (p + r)


def run_timeline(topic: Path, ref_path: Path, config: Config, evaluator) -> dict:
    ref = read_reference(ref_path)
    dates = sorted(ref.get_dates())
    n_dates = len(dates)
    per_date = max(1, round(ref.get_number_of_sentences() / n_dates))
    started = time.perf_counter()
    collection = Collection.read([str(p) for p in input_folders(topic, dates[0], dates[-1])], config)
    entries = collection.timeline(dates=n_dates, per_date=per_date, query=keywords(topic.name), day_only=True,
                                  since=dates[0].isoformat(), until=dates[-1].isoformat())
    seconds = time.perf_counter() - started
    predicted: dict[dt.date, list[str]] = {}
    for e in entries:
        predicted.setdefault(dt.date.fromisoformat(e.date), []).append(as_reference_tokens(e.text))
    pred_tl = Timeline(predicted)
    truth = GroundTruth([ref])
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(pred_tl, truth)
    return {
        "topic": topic.name,
        "timeline": ref_path.name,
        "articles": len(collection.articles),
        "dates": n_dates,
        "per_date": per_date,
        "ar1_f": rouge["rouge_1"]["f_score"],
        "ar2_f": rouge["rouge_2"]["f_score"],
        "date_f1": date_f1(set(predicted), set(dates)),
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder (topics with InputDocs/ and timelines/)")
    parser.add_argument("--topics", default="", help="comma-separated topic folders (default: all)")
    parser.add_argument("--processes", type=int, default=1, help="annotation processes")
    args = parser.parse_args(argv)
    wanted = {t for t in args.topics.split(",") if t}
    topics = [p for p in sorted(args.data.iterdir()) if (p / "timelines").is_dir() and (not wanted or p.name in wanted)]
    if not topics:
        raise SystemExit(f"{args.data}: no topic folders with timelines/")
    config = Config(annotate_processes=args.processes)
    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation="reimpl")
    rows = []
    for topic in topics:
        for ref_path in sorted((topic / "timelines").iterdir()):
            if ref_path.name.startswith("."):  # .DS_Store
                continue
            row = run_timeline(topic, ref_path, config, evaluator)
            rows.append(row)
            print(f"{row['topic']:<22} {row['timeline']:<45} AR1-F {row['ar1_f']:.3f}  AR2-F {row['ar2_f']:.3f}  "
                  f"Date-F1 {row['date_f1']:.3f}  {row['articles']} articles {row['seconds']:.1f}s", file=sys.stderr)
    result = {
        "timelines": len(rows),
        "ar1_f": round(statistics.mean(r["ar1_f"] for r in rows), 4),
        "ar2_f": round(statistics.mean(r["ar2_f"] for r in rows), 4),
        "date_f1": round(statistics.mean(r["date_f1"] for r in rows), 4),
        "median_seconds_per_timeline": round(statistics.median(r["seconds"] for r in rows), 2),
        "max_seconds_per_timeline": round(max(r["seconds"] for r in rows), 2),
        "processes": args.processes,
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
