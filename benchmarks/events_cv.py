"""PLOVER event coding, cross-validated: record-level k-fold over the PLOVER records.

    python benchmarks/events_cv.py ../shared/data/plover/plover_dev.json [--folds 5]

Why: storyline's trigger lists and actor rules were written while reading these same 215 records,
so benchmarks/events.py's figure is fitted, not a held-out one, and nothing in them is learned
that a fold could leave out. What can be learned from records is learned here on k-1 folds and
scored on the k-th with benchmarks/events.py's scorer:

- a trigger lexicon: the lemma -> PLOVER code counts of the words the records mark as the event
  (``textInfo.markup``'s "(EVT: ...)"), a verb with its particle as a phrase, a noun as an event
  noun (it triggers under the light verbs and cancel verbs, which stay storyline's);
- an actor choice: a logistic regression over general syntactic features of the nouns and
  pronouns of the trigger's sentence (dependency path to the trigger, relation, entity type, side
  of the trigger, voice), picking the likeliest one's phrase.

Folds: the records sorted by id, the i-th in fold i mod k (ids run by gold type, so every fold gets
about its share of each type). Each record is parsed once. Printed: each fold, the mean of the
folds, the folds pooled (every record coded by the model that did not see it), and the model fitted
on all records scored on them; storyline's rules as they are (fitted) on the first row. The last
line is the JSON of all figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, Token

from storyline.annotate.events import participant
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.plover import LEXICON, Lexicon, plover_code
from storyline.annotate.referents import Referents
from storyline.config import Config

sys.path.insert(0, str(Path(__file__).parent))

from events import Parsed, _overlaps, gold_actors, parse, read_records, record_events, score  # noqa: E402

_EVT = re.compile(r"\(EVT: ([^)]*)\)")
_CANDIDATE_POS = frozenset({"PROPN", "NOUN", "PRON"})
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


def _path(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """The dependency labels climbed from ``a`` to the lowest head it shares with ``b``, and those
    descended from there to ``b``."""
    up_chain, down_chain = [a, *a.ancestors], [b, *b.ancestors]
    depth = {t.i: n for n, t in enumerate(down_chain)}
    for n, t in enumerate(up_chain):
        if t.i in depth:
            return [x.dep_ for x in up_chain[:n]], [x.dep_ for x in reversed(down_chain[:depth[t.i]])]
    return [x.dep_ for x in up_chain], [x.dep_ for x in reversed(down_chain)]


def actor_candidates(trigger: Token) -> list[Token]:
    """The nouns and pronouns of the trigger's sentence that head a phrase (not a compound's part)."""
    return [t for t in trigger.sent if t.pos_ in _CANDIDATE_POS and t.dep_ != "compound" and t.i != trigger.i]


def actor_features(candidate: Token, trigger: Token) -> dict[str, str]:
    """Syntactic features saying how a candidate stands to the trigger; no word is one of them."""
    up, down = _path(candidate, trigger)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    voice = "passive" if passive else "active"
    path = "^".join(up[:4]) + "|" + "v".join(down[:3])
    kind = candidate.ent_type_ or ("PRP" if candidate.tag_ == "PRP" else candidate.pos_)
    return {"dep": candidate.dep_, "path": path, "path_voice": f"{path}/{voice}", "up": str(min(len(up), 4)),
            "down": str(min(len(down), 3)), "kind": kind, "side": "before" if candidate.i < trigger.i else "after",
            "voice": voice, "dep_voice": f"{candidate.dep_}/{voice}", "trigger_pos": trigger.pos_,
            "head_dep": candidate.head.dep_, "kind_dep": f"{kind}/{candidate.dep_}"}


def _trigger_token(doc: Doc, event) -> Token:
    span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return span[0]


class ActorModel:
    """Which noun of the sentence is the event's actor, learned from coded records."""

    def __init__(self):
        self.vectorizer = DictVectorizer()
        self.model = LogisticRegression(C=1.0, max_iter=1000)

    def fit(self, examples: list[tuple[Parsed, dict, list]]) -> ActorModel:
        """``examples``: (parse, record, its events); a candidate of an event of the gold code is
        positive when its phrase overlaps a gold actor."""
        rows, labels = [], []
        for parsed, record, events in examples:
            actors = gold_actors(record)
            unresolved = Referents(parsed.doc, [])  # a label needs only the phrase's span
            for event in events:
                if plover_code(event.type, event.mode) != record["event"]:
                    continue
                trigger = _trigger_token(parsed.doc, event)
                for cand in actor_candidates(trigger):
                    span = participant(parsed.doc, cand, unresolved)
                    rows.append(actor_features(cand, trigger))
                    labels.append(any(_overlaps(record["text"], span.start, span.end, g) for g in actors))
        self.model.fit(self.vectorizer.fit_transform(rows), labels)
        return self

    def choose(self, parsed: Parsed, events: list) -> list:
        """The events with the likeliest candidate as actor (None where the sentence has none)."""
        referents = Referents(parsed.doc, parsed.mentions)
        out = []
        for event in events:
            trigger = _trigger_token(parsed.doc, event)
            cands = actor_candidates(trigger)
            if not cands:
                out.append(replace(event, actor=None))
                continue
            scores = self.model.decision_function(
                self.vectorizer.transform([actor_features(c, trigger) for c in cands]))
            best = max(range(len(cands)), key=lambda n: (scores[n], -n))
            out.append(replace(event, actor=participant(parsed.doc, cands[best], referents)))
        return out


@dataclass(frozen=True)
class Setting:
    """What is learned: the trigger lexicon (or storyline's lists), the actor (or storyline's rules)."""

    name: str
    learn_triggers: bool
    learn_actor: bool

    def code(self, train: list[tuple[Parsed, dict]], test: list[tuple[Parsed, dict]]) -> list[list]:
        lexicon = learn_lexicon(train) if self.learn_triggers else LEXICON
        events = [record_events(p, r, lexicon) for p, r in test]
        if self.learn_actor:
            model = ActorModel().fit([(p, r, record_events(p, r, lexicon)) for p, r in train])
            events = [model.choose(p, e) for (p, _), e in zip(test, events)]
        return events


SETTINGS = (
    Setting("learned actor (storyline's trigger lists)", learn_triggers=False, learn_actor=True),
    Setting("learned trigger lexicon (storyline's actor rules)", learn_triggers=True, learn_actor=False),
    Setting("learned trigger lexicon and actor", learn_triggers=True, learn_actor=True),
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
    print("storyline's rules, written on all records (fitted; no held-out figure exists)")
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
