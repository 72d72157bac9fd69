"""Who does an event: the noun or pronoun of the trigger's sentence that a logistic regression over
syntactic features finds likeliest to be the actor.

Why learned: the hand rules it replaces (climb to a subject, take a passive's agent, a pronoun's
reporting speaker, a demand's speaker) were written while reading the PLOVER records they were
scored on; this model is fitted to coded records (``tools/event_actor_model.py``) and its figure
is cross-validated by record (``benchmarks/events_cv.py``). Its features say only how a word stands
to the trigger (dependency path, relation, entity type, side, voice), never the word itself, so it
carries over to unseen names and verbs.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

WEIGHTS = Path(__file__).with_name("event_actor.json")
_CANDIDATE_POS = frozenset({"PROPN", "NOUN", "PRON"})


def candidates(trigger: Token) -> list[Token]:
    """The nouns and pronouns of the trigger's sentence that head a phrase (not a compound's part)."""
    return [t for t in trigger.sent if t.pos_ in _CANDIDATE_POS and t.dep_ != "compound" and t.i != trigger.i]


def _path(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """The dependency labels climbed from ``a`` to the lowest head it shares with ``b``, and those
    descended from there to ``b``."""
    up_chain, down_chain = [a, *a.ancestors], [b, *b.ancestors]
    depth = {t.i: n for n, t in enumerate(down_chain)}
    for n, t in enumerate(up_chain):
        if t.i in depth:
            return [x.dep_ for x in up_chain[:n]], [x.dep_ for x in reversed(down_chain[:depth[t.i]])]
    return [x.dep_ for x in up_chain], [x.dep_ for x in reversed(down_chain)]


def features(candidate: Token, trigger: Token) -> dict[str, str]:
    """How a candidate stands to the trigger; no word is a feature."""
    up, down = _path(candidate, trigger)
    voice = "passive" if any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children) else "active"
    path = "^".join(up[:4]) + "|" + "v".join(down[:3])
    kind = candidate.ent_type_ or ("PRP" if candidate.tag_ == "PRP" else candidate.pos_)
    return {"dep": candidate.dep_, "path": path, "path_voice": f"{path}/{voice}", "up": str(min(len(up), 4)),
            "down": str(min(len(down), 3)), "kind": kind, "side": "before" if candidate.i < trigger.i else "after",
            "voice": voice, "dep_voice": f"{candidate.dep_}/{voice}", "trigger_pos": trigger.pos_,
            "head_dep": candidate.head.dep_, "kind_dep": f"{kind}/{candidate.dep_}"}


class ActorModel:
    """Weights of ``name=value`` features and a bias: a linear score whose logistic is the odds
    that a candidate is the actor."""

    def __init__(self, weights: dict[str, float], bias: float):
        self.weights = weights
        self.bias = bias

    def score(self, candidate: Token, trigger: Token) -> float:
        return self.bias + math.fsum(self.weights.get(f"{k}={v}", 0.0) for k, v in features(candidate, trigger).items())

    def choose(self, trigger: Token) -> Token | None:
        """The likeliest candidate (the first of equals); None only where the sentence has none.
        No odds threshold: the records rarely show a passive's agent, which then scores below even
        odds while still beating every other word ("imposed ... by the European Union")."""
        best, best_score = None, -math.inf
        for cand in candidates(trigger):
            s = self.score(cand, trigger)
            if s > best_score:
                best, best_score = cand, s
        return best

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"bias": self.bias, "weights": self.weights}, indent=0, sort_keys=True) + "\n",
                        encoding="utf-8")


@lru_cache(maxsize=1)
def load(path: Path = WEIGHTS) -> ActorModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return ActorModel(data["weights"], data["bias"])
