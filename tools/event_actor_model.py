"""Train the event actor model (``annotate/event_actor.json``) on PLOVER records.

    python tools/event_actor_model.py ../shared/data/plover/plover_dev.json src/storyline/annotate/event_actor.json

The model is fitted as ``benchmarks/events_cv.py`` fits it on each training fold (its figure there
is the cross-validated one), here on all records: triggers from storyline's lists, every noun and
pronoun of an event's sentence an example, positive where it overlaps a gold actor. Deterministic
(L-BFGS), a few seconds after parsing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from events import parse, read_records  # noqa: E402
from events_cv import fit_actor  # noqa: E402

from storyline.annotate.nlp import load_pipeline  # noqa: E402
from storyline.config import Config  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, help="a PLOVER JSON file (a list of records)")
    parser.add_argument("out", type=Path, help="where to write the model (JSON)")
    args = parser.parse_args(argv)
    records = read_records(args.records)
    if records is None:
        return 2
    nlp = load_pipeline(Config().spacy_model)
    model = fit_actor([(parse(nlp, r), r) for r in records])
    model.save(args.out)
    print(f"{args.out}: {len(model.weights)} weights from {len(records)} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
