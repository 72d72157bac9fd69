"""PLOVER event coding: event-type precision and recall, and actor accuracy, on PLOVER records.

    python benchmarks/events.py ../shared/data/plover/plover_dev.json [--errors FILE]

Each record's ``text`` is annotated as ``storyline annotate`` would (spaCy, repaired entity
mentions, the temporal tagger with the record's ``date`` as publication date, then
``annotate.events``); each event's code is ``plover.plover_code(type, mode)`` (PLOVER codes an intended
cooperative act as AGREE and an intended hostile one as THREATEN, where storyline keeps the act and
its mode). A record counts once per distinct event code predicted in it: precision is the
share of those types that are the record's gold ``event``, recall the share of records whose gold
type is predicted. Actor accuracy is, over records whose gold type was found, the share where that
event's actor overlaps one of the gold ``actorText``s; target accuracy the same for the target, over
those of them with a gold target. The last line printed is the JSON of figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from storyline.annotate.entities import mentions_from_doc
from storyline.annotate.events import events_from_doc
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.plover import plover_code
from storyline.annotate.timex import tag
from storyline.config import Config
from storyline.ingest.published import parse_published


def _overlaps(text: str, start: int, end: int, needle: str) -> bool:
    """Whether the span [start, end) overlaps an occurrence of ``needle`` in ``text``."""
    needle = " ".join(needle.split())
    i = text.find(needle)
    while i != -1:
        if i < end and start < i + len(needle):
            return True
        i = text.find(needle, i + 1)
    return False


def _named(text: str, participants: list, gold: list[str]) -> bool:
    """Whether any of the events' participants (actors or targets, None where missing) overlaps a
    gold ``actorText``."""
    return any(p and any(_overlaps(text, p.start, p.end, g) for g in gold) for p in participants)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PLOVER JSON file (a list of records)")
    parser.add_argument("--errors", type=Path, help="write misses and false alarms here")
    args = parser.parse_args(argv)
    try:
        records = json.loads(args.path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"{args.path}: cannot read ({exc})", file=sys.stderr)
        return 2
    nlp = load_pipeline(Config().spacy_model)
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    predicted_types = correct = actor_right = with_target = target_right = 0
    started = time.perf_counter()
    for record in records:
        text = record["text"]
        doc = nlp(text)
        events = events_from_doc(doc, mentions_from_doc(doc, record["id"]),
                                 tag(text, parse_published(record.get("date"))), record["id"])
        codes = [plover_code(e.type, e.mode) for e in events]
        types = sorted(set(codes))
        predicted_types += len(types)
        gold = record["event"]
        hit = [e for e, code in zip(events, codes) if code == gold]
        if hit:
            correct += 1
            actors = [s["actorText"] for s in record.get("source", []) if s.get("actorText")]
            if _named(text, [e.actor for e in hit], actors):
                actor_right += 1
            elif errors:
                errors.write(f"ACTOR {record['id']} {[e.actor.text if e.actor else None for e in hit]} "
                             f"gold {actors}: {text[:150]}\n")
            targets = [t["actorText"] for t in record.get("target") or [] if isinstance(t, dict) and t.get("actorText")]
            if targets:
                with_target += 1
                if _named(text, [e.target for e in hit], targets):
                    target_right += 1
                elif errors:
                    errors.write(f"TARGET {record['id']} {[e.target.text if e.target else None for e in hit]} "
                                 f"gold {targets}: {text[:150]}\n")
        if errors and types != [gold]:
            errors.write(f"TYPE {record['id']} gold {gold} predicted "
                         f"{[(c, e.trigger) for e, c in zip(events, codes)]}: {text[:150]}\n")
    seconds = time.perf_counter() - started
    if errors:
        errors.close()
    figures = {
        "records": len(records), "predicted_types": predicted_types, "correct": correct,
        "type_precision": round(correct / predicted_types, 4) if predicted_types else 0.0,
        "type_recall": round(correct / len(records), 4) if records else 0.0,
        "actor_accuracy": round(actor_right / correct, 4) if correct else 0.0,
        "target_accuracy": round(target_right / with_target, 4) if with_target else 0.0,
        "seconds": round(seconds, 2),
    }
    print(f"type P {figures['type_precision']:.3f} R {figures['type_recall']:.3f}  "
          f"actor accuracy {figures['actor_accuracy']:.3f}  target accuracy {figures['target_accuracy']:.3f}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
