"""Train the timeline's date-importance model (``stories/date_importance.json``) on Timeline17.

    python tools/timeline_date_model.py ../shared/data/t17 src/storyline/stories/date_importance.json

The model is fitted as ``benchmarks/timelines_datemodel.py`` fits it on each training fold (its
figure there is the cross-validated one), here on all 12 reference timelines: every candidate
date of a timeline an example, positive where the reference timeline has that day. Deterministic
(L-BFGS), a few seconds after annotation (about a minute and a half on two processes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from timelines_datemodel import case_features, fit  # noqa: E402
from timelines_loto import load_cases  # noqa: E402

from storyline import Config  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the Timeline17 folder (topics with InputDocs/ and timelines/)")
    parser.add_argument("out", type=Path, help="where to write the model (JSON)")
    parser.add_argument("--processes", type=int, default=2, help="annotation processes")
    parser.add_argument("--C", type=float, default=1.0, help="the logistic regression's inverse regularisation")
    args = parser.parse_args(argv)
    topics = [p for p in sorted(args.data.iterdir()) if (p / "timelines").is_dir()]
    if not topics:
        print(f"{args.data}: no topic folders with timelines/", file=sys.stderr)
        return 2
    config = Config(annotate_processes=args.processes)
    cases = load_cases(topics, config)
    rows = [(case_features(c, config), {d.isoformat() for d in c.reference.get_dates()}) for c in cases]
    fit(rows, args.C).save(args.out)
    print(f"{args.out}: trained on {sum(len(f) for f, _ in rows)} candidate dates of {len(cases)} timelines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
