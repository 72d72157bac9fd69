"""A CRF that tags each token as the source, cue or content of an attribution, trained on PolNeAR.

PolNeAR's annotation is univocal (a token has one label and belongs to at most one attribution), so
attribution is a tag sequence: ``B-``/``I-`` for ``SRC``, ``CUE`` and ``CON``, and ``O``. The rules
of ``quotes`` reach the attributions whose cue they know; the CRF (python-crfsuite, model file
``polnear_attribution.crfsuite`` made by ``tools/polnear_crf.py`` from the train split) sees their
output as features beside the parse, and finds the open-ended cues ("drafted a proposal to", "has
doubts about") and the contents that rules cut wrong.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc, Span, Token

from .plover import lemma_in

MODEL = "polnear_attribution.crfsuite"
ROLES = ("SRC", "CUE", "CON")
_MAX_CLIMB = 8  # how far up the parse a token looks for the cue that governs it
# The dependents that show a word at work as a cue: its subject, what it reports, its possessor.
_CUE_CHILDREN = frozenset({"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "agent", "poss", "acl",
                           "parataxis", "advcl"})


@dataclass(frozen=True)
class Tagged:
    """An attribution read off the tags: its content pieces (character spans), cue and source."""

    contents: tuple[tuple[int, int], ...]
    cue: tuple[int, int]
    source: Span | None


def role_tags(doc: Doc, spans: list[tuple[str, tuple[int, int]]]) -> list[str]:
    """``B-``/``I-``/``O`` tags of ``doc``'s tokens for (role, character span) pairs, the first pair
    that covers a token winning (rule output as features; gold spans as training labels)."""
    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for role, (start, end) in spans:
        inside = [i for i in range(bisect_left(starts, start), bisect_left(starts, end))
                  if not doc[i].is_space and tags[i] == "O"]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 or inside[n - 1] != i - 1 else "I-") + role
    return tags


def features(doc: Doc, rule_tags: list[str], in_quote: list[bool], cues: frozenset[str]) -> list[list[str]]:
    """Each token's features: its words, parse and entity, the rules' tag, whether it is quoted, and
    the cue (a lemma of ``cues``) above it in the parse with the relation it hangs by; the nearest
    cue words before and after it in its sentence (the parse misses many: "..., the mayor said"
    after a long quote); with the neighbours' words and tags."""
    tokens = list(doc)  # one Token object each: ``doc[j]`` makes a new one every time
    governed = [_governing_verb(t) for t in tokens]
    known = [None if t.is_space else lemma_in(t, cues) for t in tokens]
    cue = [None if t.is_space else ("according" if t.lower_ == "according" else known[t.i]) for t in tokens]
    own = [_own(tokens[i], sent.root, governed[i], rule_tags[i], in_quote[i], cues, cue, known[i])
           for sent in doc.sents for i in range(sent.start, sent.end)]
    context = _sentence_context(doc, cue)
    # The neighbour features of each token, made once: token j's part of its neighbours' features.
    pos = [t.pos_ for t in tokens]
    words = [_word(t) for t in tokens]
    lemmas = [None if t.is_space else t.lemma_.lower() for t in tokens]
    quoted = [f"{q:d}" for q in in_quote]
    out = []
    for i in range(len(tokens)):
        f = own[i] + context[i]
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < len(tokens):
                f += [f"{k}p={pos[j]}", f"{k}r={rule_tags[j]}", f"{k}q={quoted[j]}"]
                if abs(k) == 1:
                    f.append(f"{k}w={words[j]}")
                elif lemmas[j] is not None:
                    f.append(f"{k}l={lemmas[j]}")
            else:
                f.append(f"{k}edge")
        if i > 0:
            f.append(f"rr={rule_tags[i - 1]}>{rule_tags[i]}")
            if governed[i] != governed[i - 1]:  # a constituent starts: a content's likely edge
                f.append(f"vchg={governed[i - 1][1].dep_}>{governed[i][1].dep_}")
        out.append(f)
    return out


def _sentence_context(doc: Doc, cue: list[str | None]) -> list[list[str]]:
    """Each token's place in its sentence: the nearest cue word before it and after it (lemma and
    distance, bucketed; ``cue``: each token's cue word or None), whether a colon came before it,
    and the sentence's first and last two tokens."""
    out: list[list[str]] = [[] for _ in doc]
    texts = [t.text for t in doc]
    for sent in doc.sents:
        before, colon = None, False
        for i in range(sent.start, sent.end):
            f = out[i]
            if before is not None:
                f += [f"lc={cue[before]}|{_distance(i - before)}", f"lcd={_distance(i - before)}"]
            if colon:
                f.append("aftercolon")
            if i - sent.start < 2:
                f.append(f"sp{i - sent.start}")
            if sent.end - i <= 2:
                f.append(f"se{sent.end - i}")
            if cue[i] is not None:
                before = i
            colon = colon or texts[i] == ":"
        after = None
        for i in range(sent.end - 1, sent.start - 1, -1):
            if after is not None:
                out[i] += [f"rc={cue[after]}|{_distance(after - i)}", f"rcd={_distance(after - i)}"]
            if cue[i] is not None:
                after = i
    return out


def _distance(tokens: int) -> str:
    """A distance in tokens as a bucket: next to it, within 3, within 7, further."""
    return "1" if tokens <= 1 else "2" if tokens <= 3 else "3" if tokens <= 7 else "4"


def _word(t: Token) -> str:
    """The token's lower-case form; line breaks as one word (crfsuite's model dump is line-based)."""
    return "_space_" if t.is_space else t.lower_


def _own(t: Token, root: Token, governed: tuple[Token | None, Token], rule: str, quoted: bool,
         cues: frozenset[str], cue: list[str | None], known: str | None) -> list[str]:
    """The features of ``t`` alone (``root``: its sentence's root; ``governed``: its
    ``_governing_verb``; ``cue``: each token's cue word or None; ``known``: its ``lemma_in(t, cues)``)."""
    if t.is_space:
        return ["b", "space", f"r={rule}", f"q={quoted:d}"]
    lemma = known or t.lemma_.lower()
    head, dep = t.head, t.dep_  # each attribute read makes a new object: read once
    f = [
        "b", f"w={_word(t)}", f"l={lemma}", f"p={t.pos_}", f"t={t.tag_}", f"d={dep}",
        f"dh={dep}|{head.pos_}", f"hl={head.lemma_.lower()}", f"hd={head.dep_}",
        f"e={t.ent_type_}", f"r={rule}", f"q={quoted:d}", f"side={'L' if t.i < head.i else 'R'}",
    ]
    if t.is_sent_start:
        f.append("s0")
    if t.is_title:
        f.append("title")
    if lemma in cues:
        f.append("cue")
    child, climb = t, 0
    for a in t.ancestors:
        climb += 1
        if cue[a.i] is not None:
            f += [f"g={child.dep_}", f"gl={cue[a.i]}", f"g{min(climb, 3)}", f"gp={a.pos_}|{child.dep_}"]
            break
        if climb >= _MAX_CLIMB:
            break
        child = a
    verb, child = governed
    if verb is not None:
        vl = verb.lemma_.lower()
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        f += [f"v={child.dep_}", f"vl={vl}", f"vld={vl}|{child.dep_}",
              f"vs={subj.ent_type_ or subj.pos_ if subj is not None else '-'}"]
        if t.i == child.left_edge.i:
            f.append(f"vle={child.dep_}")
        if t.i == child.right_edge.i:
            f.append(f"vre={child.dep_}")
    if t.pos_ in ("VERB", "AUX", "NOUN"):  # what a cue governs: "X [nsubj] said [ccomp] ..."
        for c in t.children:
            if c.dep_ in _CUE_CHILDREN:
                f.append(f"c={c.dep_}")
                if c.dep_ in ("nsubj", "nsubjpass", "poss"):
                    f.append(f"cs={c.ent_type_ or c.pos_}")
                elif c.dep_ in ("ccomp", "xcomp", "dobj"):
                    f.append(f"lc={lemma}|{c.dep_}")
    if t.i == t.left_edge.i and t.n_lefts + t.n_rights:
        f.append("le")
    top = t if t == root else next((a for a in [t, *t.ancestors] if a.head == root), t)
    f += [f"rd={top.dep_}", f"rl={root.lemma_.lower()}", f"rs={'L' if t.i < root.i else 'R'}"]
    return f


def _governing_verb(t: Token) -> tuple[Token | None, Token]:
    """The nearest verb above ``t`` and the dependent of it that ``t`` lies under."""
    child = t
    for a in t.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return a, child
        child = a
    return None, t


_SWAPPED: ContextVar[pycrfsuite.Tagger | None] = ContextVar("attribution_model", default=None)


@contextmanager
def model_in_use(path: Path) -> Iterator[None]:
    """Tag with the model at ``path`` meanwhile instead of the shipped one: a cross-validation
    fold's model is measured without writing it into the package."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    token = _SWAPPED.set(tagger)
    try:
        yield
    finally:
        _SWAPPED.reset(token)
        tagger.close()


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    with resources.as_file(resources.files("storyline.annotate").joinpath(MODEL)) as path:
        tagger.open(str(path))
    return tagger


def tag(items: list[list[str]]) -> tuple[list[str], list[float]]:
    """The most likely tag sequence for one document's features, with each tag's marginal
    probability (how sure the model is of it); by the shipped model unless ``model_in_use`` says
    otherwise."""
    if not items:
        return [], []
    tagger = _SWAPPED.get() or _tagger()
    tags = tagger.tag(items)
    return tags, [tagger.marginal(t, i) for i, t in enumerate(tags)]


def attributions(doc: Doc, tags: list[str]) -> list[Tagged]:
    """Attributions from tags: each content run takes the nearest cue in its sentence (else in the
    sentence before or after) and that cue's nearest source in the cue's sentence; contents that
    share a cue are one attribution ('"A," he said, "B."')."""
    runs = {role: _runs(doc, tags, role) for role in ROLES}
    sents = _sentences(doc)
    grouped: dict[tuple[int, int], list[Span]] = {}
    for content in runs["CON"]:
        cue = _nearest(sents, content, runs["CUE"])
        if cue is not None:
            grouped.setdefault((cue.start, cue.end), []).append(content)
    out = []
    for (cs, ce), contents in grouped.items():
        cue = doc[cs:ce]
        source = _nearest(sents, cue, runs["SRC"], same_sentence=True)
        out.append(Tagged(tuple((c.start_char, c.end_char) for c in contents),
                          (cue.start_char, cue.end_char), source))
    return out


def _runs(doc: Doc, tags: list[str], role: str) -> list[Span]:
    out, start = [], None
    for i, t in enumerate([*tags, "O"]):
        if start is not None and t != f"I-{role}":
            out.append(doc[start:i])
            start = None
        if t == f"B-{role}" or (t == f"I-{role}" and start is None):
            start = i
    return out


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    """Each token's sentence as (first token, end token)."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        out += [(sent.start, sent.end)] * len(sent)
    return out


def _nearest(sents: list[tuple[int, int]], span: Span, candidates: list[Span],
             same_sentence: bool = False) -> Span | None:
    """The candidate closest to ``span`` in tokens, preferring its own sentences, then (unless
    ``same_sentence``) the sentence just before or after them; ``sents`` from ``_sentences``."""
    lo, hi = sents[span.start][0], sents[span.end - 1][1]
    near = [c for c in candidates if c.start < hi and c.end > lo]
    if not near and not same_sentence:
        lo = sents[lo - 1][0] if lo > 0 else lo
        hi = sents[hi][1] if hi < len(sents) else hi
        near = [c for c in candidates if c.start < hi and c.end > lo]
    if not near:
        return None
    return min(near, key=lambda c: (max(c.start - span.end, span.start - c.end, 0), c.start))
