"""A learned date-importance model for Timeline17 timelines, leave-one-topic-out (issue 24).

    python benchmarks/timelines_datemodel.py ../shared/data/t17 [--processes 2] [--C 1.0]

The date-importance model (``storyline.stories.date_importance``) replaced the hand rule (votes per
duplicate group times precision and hindsight weights, plus the articles published that day and
the day after). Every candidate date of a timeline gets the model's features and the label "the
day is in the topic's reference timeline"; a logistic regression (features standardised within
each story, then over the training examples) is trained on the other 11 timelines and weighs the
held-out timeline's dates (``model_in_use``); the spread rule and the sentence choice are as
shipped. Reported: each fold's scores, their mean (the cross-validated figure) and the shipped
model's (trained on all 12 by ``tools/timeline_date_model.py``: fitted on everything) on the same
annotated articles. Same articles, query, N, M and window as ``benchmarks/timelines.py``;
annotation once per timeline (``timelines_loto.load_case``). The last line is the JSON.

Needs the benchmark extra: pip install -e '.[benchmark]'  (tilse, scikit-learn).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from tilse.evaluation.rouge import TimelineRougeEvaluator
from timelines_loto import MEASURES, Case, load_cases, mean_of, score

from storyline import Config
from storyline.stories import timeline
from storyline.stories.date_importance import FEATURES, DateModel, date_features, model_in_use, within_story
from storyline.stories.sentences import timexes_by_sentence

def case_features(case: Case, config: Config) -> dict[str, list[float]]:
    """The candidate dates of one timeline with their features, as ``build_timeline`` finds them."""
    corpus, ss = case.collection.corpus, case.sentences
    dated = {i: kept for i, found in timexes_by_sentence(corpus, ss).items()
             if (kept := [t for t in found if timeline._datable(t)])}
    return date_features(corpus, ss, dated, config, (case.since, case.until),
                         lambda t: timeline._in_window(t, True, case.since, case.until))


def fit(rows: list[tuple[dict[str, list[float]], set[str]]], c: float) -> DateModel:
    """A logistic regression on the story-standardised features: every candidate date of every
    training timeline one example, positive when the reference timeline has that day."""
    X = np.vstack([within_story(np.array(list(features.values()))) for features, _ in rows])
    y = np.array([key in gold for features, gold in rows for key in features])
    scaler, regression = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000)).fit(X, y)
    return DateModel(tuple(scaler.mean_.tolist()), tuple(scaler.scale_.tolist()),
                     tuple(regression.coef_[0].tolist()), float(regression.intercept_[0]))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder (topics with InputDocs/ and timelines/)")
    parser.add_argument("--processes", type=int, default=2, help="annotation processes")
    parser.add_argument("--C", type=float, default=1.0, help="the logistic regression's inverse regularisation")
    parser.add_argument("--topics", default="", help="comma-separated topic folders (default: all)")
    args = parser.parse_args(argv)
    wanted = {t for t in args.topics.split(",") if t}
    topics = [p for p in sorted(args.data.iterdir()) if (p / "timelines").is_dir() and (not wanted or p.name in wanted)]
    if len(topics) < 2:
        raise SystemExit(f"{args.data}: fewer than two topic folders with timelines/ to hold one out")
    base = Config(annotate_processes=args.processes)
    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation="reimpl")
    started = time.perf_counter()
    cases = load_cases(topics, base)
    rows = [(case_features(c, base), {d.isoformat() for d in c.reference.get_dates()}) for c in cases]
    folds = []
    for case in cases:
        model = fit([r for other, r in zip(cases, rows) if other.topic != case.topic], args.C)
        with model_in_use(model):
            learned = score(case, base, evaluator)
        shipped = score(case, base, evaluator)
        folds.append({"topic": case.topic, "timeline": case.name,
                      "learned": {m: round(learned[m], 4) for m in MEASURES},
                      "shipped": {m: round(shipped[m], 4) for m in MEASURES}})
        print(f"{case.topic:<22} learned {' '.join(f'{m} {learned[m]:.3f}' for m in MEASURES)}  "
              f"shipped {' '.join(f'{m} {shipped[m]:.3f}' for m in MEASURES)}", file=sys.stderr)
    on_all = fit(rows, args.C)
    out = {
        "timelines": len(cases),
        "C": args.C,
        "learned_loto": mean_of([f["learned"] for f in folds]),
        "shipped_fitted_on_all": mean_of([f["shipped"] for f in folds]),
        "standardised_coefficients_on_all": {n: round(float(w), 4) for n, w in zip(FEATURES, on_all.coefficients)},
        "folds": folds,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
