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
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from storyline.annotate.entities import mentions_from_doc
from storyline.annotate.event_actor import ActorModel
from storyline.annotate.events import events_from_doc
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.plover import LEXICON, Lexicon, plover_code
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


@dataclass(frozen=True)
class Parsed:
    """A record as `storyline annotate` reads it: spaCy's parse, entity mentions, time expressions
    (made once: cross-validation codes each record several times)."""

    doc: Doc
    mentions: list
    timexes: list


def parse(nlp, record: dict) -> Parsed:
    doc = nlp(record["text"])
    return Parsed(doc, mentions_from_doc(doc, record["id"]), tag(record["text"], parse_published(record.get("date"))))


def record_events(parsed: Parsed, record: dict, lexicon: Lexicon = LEXICON, actor_model: ActorModel | None = None) -> list:
    return events_from_doc(parsed.doc, parsed.mentions, parsed.timexes, record["id"], lexicon=lexicon,
                           actor_model=actor_model)


def gold_actors(record: dict) -> list[str]:
    return [s["actorText"] for s in record.get("source", []) if s.get("actorText")]


def score(records: list[dict], events: list[list], errors=None) -> dict:
    """The figures for ``events[i]``, the events coded in ``records[i]``; misses written to ``errors``."""
    predicted_types = correct = actor_right = with_target = target_right = 0
    for record, record_events_ in zip(records, events, strict=True):
        text = record["text"]
        codes = [plover_code(e.type, e.mode) for e in record_events_]
        types = sorted(set(codes))
        predicted_types += len(types)
        gold = record["event"]
        hit = [e for e, code in zip(record_events_, codes) if code == gold]
        if hit:
            correct += 1
            actors = gold_actors(record)
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
                         f"{[(c, e.trigger) for e, c in zip(record_events_, codes)]}: {text[:150]}\n")
    return {
        "records": len(records), "predicted_types": predicted_types, "correct": correct,
        "type_precision": round(correct / predicted_types, 4) if predicted_types else 0.0,
        "type_recall": round(correct / len(records), 4) if records else 0.0,
        "actor_accuracy": round(actor_right / correct, 4) if correct else 0.0,
        "target_accuracy": round(target_right / with_target, 4) if with_target else 0.0,
    }


def read_records(path: Path) -> list[dict] | None:
    """The records of a PLOVER JSON file, or None after a one-line rejection naming it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"{path}: cannot read ({exc})", file=sys.stderr)
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PLOVER JSON file (a list of records)")
    parser.add_argument("--errors", type=Path, help="write misses and false alarms here")
    args = parser.parse_args(argv)
    records = read_records(args.path)
    if records is None:
        return 2
    nlp = load_pipeline(Config().spacy_model)
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    started = time.perf_counter()
    events = [record_events(parse(nlp, record), record) for record in records]
    figures = score(records, events, errors)
    figures["seconds"] = round(time.perf_counter() - started, 2)
    if errors:
        errors.close()
    print(f"type P {figures['type_precision']:.3f} R {figures['type_recall']:.3f}  "
          f"actor accuracy {figures['actor_accuracy']:.3f}  target accuracy {figures['target_accuracy']:.3f}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
