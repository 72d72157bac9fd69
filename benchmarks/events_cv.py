"""PLOVER event coding, cross-validated: record-level k-fold over the PLOVER records.

    python benchmarks/events_cv.py ../shared/data/plover/plover_dev.json [--folds 5]

Why: storyline's trigger lists (``annotate/plover.py``) and its structural rules were written while
reading these same 215 records, so they have no held-out figure; what is learned from records is
learned here on k-1 folds and scored on the k-th with benchmarks/events.py's scorer:

- the actor (``annotate/event_actor.py``, the product's own model and features): a logistic
  regression over syntactic features of the nouns and pronouns of the trigger's sentence;
- a trigger lexicon, to see what learning the lists would give: the lemma -> PLOVER code votes of
  the words the records mark as the event (``textInfo.markup``'s "(EVT: ...)"), a verb with its
  particle as a phrase, a noun as an event noun (it triggers under storyline's light verbs).

Folds: the records sorted by id, the i-th in fold i mod k (ids run by gold type, so every fold gets
about its share of each type). Each record is parsed once. Printed: storyline as shipped (fitted),
then per setting each fold, the mean of the folds, the folds pooled (every record coded by models
that did not see it) and the models fitted on all records scored on them. The last line is the
JSON of all figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, Token

from storyline.annotate.event_actor import ActorModel, candidates, features
from storyline.annotate.events import participant
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.plover import LEXICON, Lexicon, plover_code
from storyline.annotate.referents import Referents
from storyline.config import Config

sys.path.insert(0, str(Path(__file__).parent))

from events import Parsed, _overlaps, gold_actors, parse, read_records, record_events, score  # noqa: E402

_EVT = re.compile(r"\(EVT: ([^)]*)\)")
NO_ACTOR = ActorModel({}, 0.0)  # triggers are all fit_actor needs of events_from_doc
_FIGURES = ("type_precision", "type_recall", "actor_accuracy", "target_accuracy")


def fold_of(records: list[dict], k: int = 5) -> list[int]:
    """Each record's fold: the records sorted by id, the i-th goes to fold i mod k (deterministic,
    independent of file order, and spread over the types the ids are grouped by)."""
    order = sorted(range(len(records)), key=lambda i: records[i]["id"])
    folds = [0] * len(records)
    for rank, i in enumerate(order):
        folds[i] = rank % k
    return folds


def gold_trigger_tokens(doc: Doc, record: dict) -> list[Token]:
    """The tokens of the words the record's markup marks as its event, found in its text."""
    text = record["text"]
    tokens = []
    for words in _EVT.findall(record.get("textInfo", {}).get("markup", "")):
        start = text.find(words)
        if start == -1:
            continue
        span = doc.char_span(start, start + len(words), alignment_mode="expand")
        tokens += [t for t in span or [] if t.pos_ in ("VERB", "NOUN")]
    return tokens


def learn_lexicon(examples: list[tuple[Parsed, dict]]) -> Lexicon:
    """Trigger words from coded records: each marked verb, verb + particle and noun votes for its
    record's code; a word takes the code it was marked with most (ties: the first code by name)."""
    verbs: dict[str, Counter] = defaultdict(Counter)
    nouns: dict[str, Counter] = defaultdict(Counter)
    phrases: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for parsed, record in examples:
        marked = gold_trigger_tokens(parsed.doc, record)
        marked_i = {t.i for t in marked}
        for token in marked:
            lemma = token.lemma_.lower()
            if token.pos_ == "NOUN":
                nouns[lemma][record["event"]] += 1
                continue
            # "called off", and "called for" where the record marks the preposition too
            particle = next((c for c in token.children
                             if c.dep_ == "prt" or (c.dep_ == "prep" and c.i in marked_i)), None)
            if particle is not None:
                phrases[(lemma, particle.lower_)][record["event"]] += 1
            else:
                verbs[lemma][record["event"]] += 1

    def top(counts: dict) -> dict:
        return {word: min(c, key=lambda code: (-c[code], code)) for word, c in sorted(counts.items())}
    return Lexicon(top(verbs), top(nouns), top(phrases))


def _trigger_token(doc: Doc, event) -> Token:
    """The token ``events_from_doc`` gives the actor model: the trigger's verb ("sanctions were
    imposed"), or its only word."""
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return next((t for t in span if t.pos_ == "VERB"), span[0])


def fit_actor(examples: list[tuple[Parsed, dict]], lexicon: Lexicon = LEXICON) -> ActorModel:
    """The actor model learned from coded records: every noun and pronoun of the sentence of an
    event of the record's gold code (triggers found with ``lexicon``) is an example, positive when
    its phrase overlaps a gold actor (as the scorer counts one)."""
    rows, labels = [], []
    for parsed, record in examples:
        actors = gold_actors(record)
        unresolved = Referents(parsed.doc, [])  # a label needs only the phrase's span
        for event in record_events(parsed, record, lexicon, NO_ACTOR):
            if plover_code(event.type, event.mode) != record["event"]:
                continue
            trigger = _trigger_token(parsed.doc, event)
            for cand in candidates(trigger):
                span = participant(parsed.doc, cand, unresolved)
                rows.append(features(cand, trigger))
                labels.append(any(_overlaps(record["text"], span.start, span.end, g) for g in actors))
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=1000).fit(vectorizer.fit_transform(rows), labels)
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if w}
    return ActorModel(weights, float(model.intercept_[0]))


@dataclass(frozen=True)
class Setting:
    """What is learned on the training folds: the actor always, the trigger lexicon or not
    (storyline's lists)."""

    name: str
    learn_triggers: bool

    def code(self, train: list[tuple[Parsed, dict]], test: list[tuple[Parsed, dict]]) -> list[list]:
        lexicon = learn_lexicon(train) if self.learn_triggers else LEXICON
        actor_model = fit_actor(train, lexicon)
        return [record_events(p, r, lexicon, actor_model) for p, r in test]


SETTINGS = (
    Setting("storyline's trigger lists, learned actor", learn_triggers=False),
    Setting("learned trigger lexicon and actor", learn_triggers=True),
)


def cross_validate(setting: Setting, parsed: list[Parsed], records: list[dict], folds: list[int]) -> dict:
    """Each fold's figures, their mean, the folds pooled, and the fit on all records."""
    examples = list(zip(parsed, records))
    k = max(folds) + 1
    per_fold, pooled = [], [None] * len(records)
    for f in range(k):
        test_i = [i for i in range(len(records)) if folds[i] == f]
        train = [examples[i] for i in range(len(records)) if folds[i] != f]
        coded = setting.code(train, [examples[i] for i in test_i])
        for i, events in zip(test_i, coded):
            pooled[i] = events
        per_fold.append(score([records[i] for i in test_i], coded))
    mean = {name: round(sum(f[name] for f in per_fold) / k, 4) for name in _FIGURES}
    return {"setting": setting.name, "folds": per_fold, "mean": mean, "pooled": score(records, pooled),
            "fitted": score(records, setting.code(examples, examples))}


def _line(label: str, figures: dict) -> str:
    return (f"  {label:<8} type P {figures['type_precision']:.3f} R {figures['type_recall']:.3f}  "
            f"actor {figures['actor_accuracy']:.3f}  target {figures['target_accuracy']:.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PLOVER JSON file (a list of records)")
    parser.add_argument("--folds", type=int, default=5, help="k (default 5)")
    args = parser.parse_args(argv)
    records = read_records(args.path)
    if records is None:
        return 2
    nlp = load_pipeline(Config().spacy_model)
    parsed = [parse(nlp, r) for r in records]
    folds = fold_of(records, args.folds)
    rules = score(records, [record_events(p, r) for p, r in zip(parsed, records)])
    print("storyline as it is: trigger lists written on all records, actor model fitted on all (fitted)")
    print(_line("all", rules))
    results = []
    for setting in SETTINGS:
        result = cross_validate(setting, parsed, records, folds)
        results.append(result)
        print(f"{setting.name}, {args.folds}-fold by record")
        for n, figures in enumerate(result["folds"]):
            print(_line(f"fold {n}", figures))
        for label in ("mean", "pooled", "fitted"):
            print(_line(label, result[label]))
    print(json.dumps({"records": len(records), "k": args.folds, "rules_fitted": rules, "settings": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
