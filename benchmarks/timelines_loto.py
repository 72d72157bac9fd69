"""Leave-one-topic-out timeline figures on Timeline17: every timeline weight chosen without the topic
it is scored on (issue 24).

    python benchmarks/timelines_loto.py ../shared/data/t17 [--processes 2] [--objective ar1_f]

The timeline's weights (``timeline_*`` in ``Config``) were set by hand while looking at all 12
topics, so the figure of ``benchmarks/timelines.py`` is fitted on everything. This protocol puts a
number on how much of it carries to a topic that was not looked at. Each weight has a few values
around its default (the default among them, so a fold may keep it); every value is scored alone
(the other weights at their defaults) on every timeline, once. Then, for each held-out topic,
each weight takes the value with the best mean ``--objective`` over the other 11 timelines (a tie
keeps the default, else the smaller value), the chosen values together make that fold's
configuration, and it is scored on the held-out timeline. Reported: each fold's choices and
scores, the mean over folds (the cross-validated figure), the defaults' figure on the same
timelines (fitted on everything, by hand), the same choice made on all 12 timelines and scored on
them (the procedure fitted on everything), and each value's mean. Annotation is done once per timeline and
reused for every configuration (the weights act after annotation). The last line is the JSON.

Needs the benchmark extra: pip install -e '.[benchmark]'  (tilse).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from tilse.data.timelines import GroundTruth, Timeline
from tilse.evaluation.rouge import TimelineRougeEvaluator
from timelines import as_reference_tokens, date_f1, input_folders, keywords, read_reference

from storyline import Collection, Config
from storyline.stories.sentences import StorySentences
from storyline.stories.timeline import build_timeline

# The weights a timeline's dates and sentences are chosen by, with the values a fold chooses among.
GRID: dict[str, list] = {
    "timeline_spread": [0.0, 0.1, 0.2],
    "timeline_lead_sentences": [0, 5, 10],
    "timeline_support_weight": [0.0, 0.4, 0.8],
    "timeline_story_weight": [0.25, 0.5, 1.0],
    "timeline_query_weight": [0.25, 0.5, 1.0],
    "timeline_fresh_bonus": [0.0, 0.5, 1.0],
}
MEASURES = ("ar1_f", "ar2_f", "date_f1")


@dataclass
class Case:
    """One reference timeline with its annotated articles, ready to be built under any weights."""
    topic: str
    name: str
    reference: Timeline
    collection: Collection
    sentences: StorySentences
    dates: int
    per_date: int
    since: str
    until: str


def load_cases(topics: list[Path], config: Config) -> list[Case]:
    """Every reference timeline of ``topics`` with its annotated articles (``load_case``), saying how long it took."""
    started = time.perf_counter()
    cases = [load_case(topic, ref, config) for topic in topics
             for ref in sorted((topic / "timelines").iterdir()) if not ref.name.startswith(".")]
    print(f"annotated {len(cases)} timelines' articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return cases


def load_case(topic: Path, ref_path: Path, config: Config) -> Case:
    ref = read_reference(ref_path)
    dates = sorted(ref.get_dates())
    collection = Collection.read([str(p) for p in input_folders(topic, dates[0], dates[-1])], config)
    return Case(topic.name, ref_path.name, ref, collection, collection.sentences(keywords(topic.name)),
                len(dates), max(1, round(ref.get_number_of_sentences() / len(dates))),
                dates[0].isoformat(), dates[-1].isoformat())


def score(case: Case, config: Config, evaluator) -> dict[str, float]:
    entries = build_timeline(case.collection.corpus, case.sentences, config, case.dates, case.per_date,
                             day_only=True, since=case.since, until=case.until)
    predicted: dict[dt.date, list[str]] = {}
    for e in entries:
        predicted.setdefault(dt.date.fromisoformat(e.date), []).append(as_reference_tokens(e.text))
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(Timeline(predicted), GroundTruth([case.reference]))
    return {"ar1_f": rouge["rouge_1"]["f_score"], "ar2_f": rouge["rouge_2"]["f_score"],
            "date_f1": date_f1(set(predicted), set(case.reference.get_dates()))}


def choose(table: dict[tuple[str, object], list[dict]], train: list[int], objective: str, base: Config) -> dict:
    """Each weight's value with the best mean objective over the ``train`` timelines."""
    chosen = {}
    for name, values in GRID.items():
        default = getattr(base, name)
        def key(v):
            mean = statistics.mean(table[name, v][i][objective] for i in train)
            return (round(mean, 6), v == default, -v)
        chosen[name] = max(values, key=key)
    return chosen


def mean_of(rows: list[dict]) -> dict[str, float]:
    return {m: round(statistics.mean(r[m] for r in rows), 4) for m in MEASURES}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder (topics with InputDocs/ and timelines/)")
    parser.add_argument("--processes", type=int, default=2, help="annotation processes")
    parser.add_argument("--objective", choices=MEASURES, default="ar1_f", help="what a fold's choice maximises")
    args = parser.parse_args(argv)
    topics = [p for p in sorted(args.data.iterdir()) if (p / "timelines").is_dir()]
    if not topics:
        raise SystemExit(f"{args.data}: no topic folders with timelines/")
    base = Config(annotate_processes=args.processes)
    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation="reimpl")
    started = time.perf_counter()
    cases = load_cases(topics, base)
    fitted = [score(c, base, evaluator) for c in cases]
    table: dict[tuple[str, object], list[dict]] = {}
    for name, values in GRID.items():
        for v in values:
            table[name, v] = fitted if v == getattr(base, name) else \
                [score(c, replace(base, **{name: v}), evaluator) for c in cases]
            print(f"{name}={v}: {mean_of(table[name, v])}", file=sys.stderr)
    folds = []
    for held, case in enumerate(cases):
        train = [i for i, other in enumerate(cases) if other.topic != case.topic]
        chosen = choose(table, train, args.objective, base)
        result = score(case, replace(base, **chosen), evaluator)
        changed = {k: v for k, v in chosen.items() if v != getattr(base, k)}
        folds.append({"topic": case.topic, "timeline": case.name, "changed": changed,
                      **{m: round(result[m], 4) for m in MEASURES},
                      "fitted": {m: round(fitted[held][m], 4) for m in MEASURES}})
        print(f"{case.topic:<22} {' '.join(f'{m} {result[m]:.3f}' for m in MEASURES)}  "
              f"(fitted {' '.join(f'{fitted[held][m]:.3f}' for m in MEASURES)})  changed {changed}", file=sys.stderr)
    everything = choose(table, list(range(len(cases))), args.objective, base)
    chosen_on_all = [score(c, replace(base, **everything), evaluator) for c in cases]
    out = {
        "timelines": len(cases),
        "objective": args.objective,
        "loto": mean_of(folds),
        "fitted_on_all": mean_of(fitted),
        "chosen_on_all": {**mean_of(chosen_on_all),
                          "changed": {k: v for k, v in everything.items() if v != getattr(base, k)}},
        "folds": folds,
        "values": {f"{n}={v}": mean_of(table[n, v]) for n, v in table},
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
