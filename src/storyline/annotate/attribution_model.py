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
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_SPACE, IS_TITLE, LEMMA, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc, Span

from .plover import word_in

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
    tokens = _Tokens(doc, cues)
    n = len(doc)
    governed = [_governing_verb(tokens, i) for i in range(n)]
    own = [_own(tokens, i, root, governed[i], rule_tags[i], in_quote[i], cues)
           for start, end, root in tokens.sentences for i in range(start, end)]
    context = _sentence_context(tokens)
    pos, words, quoted = tokens.pos, tokens.word, [f"{q:d}" for q in in_quote]
    lemmas = [None if space else lemma for space, lemma in zip(tokens.space, tokens.lemma)]
    out = []
    for i in range(n):
        f = own[i] + context[i]
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < n:
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
                f.append(f"vchg={tokens.dep[governed[i - 1][1]]}>{tokens.dep[governed[i][1]]}")
        out.append(f)
    return out


class _Tokens:
    """The doc's token attributes as plain lists, read once from ``Doc.to_array``: every ``Token``
    attribute read makes a new object, and the features read each token's parse a dozen times."""

    def __init__(self, doc: Doc, cues: frozenset[str]):
        rows = doc.to_array([POS, TAG, DEP, ENT_TYPE, LEMMA, LOWER, IS_SPACE, IS_TITLE, SENT_START]).tolist()
        heads = doc.to_array([HEAD]).view("int64").ravel().tolist()  # offsets to the head, stored unsigned
        strings, names = doc.vocab.strings, {0: ""}

        def name(key: int) -> str:
            if key not in names:
                names[key] = strings[key]
            return names[key]

        n = len(rows)
        self.pos = [name(r[0]) for r in rows]
        self.tag = [name(r[1]) for r in rows]
        self.dep = [name(r[2]) for r in rows]
        self.ent = [name(r[3]) for r in rows]
        self.lemma = [name(r[4]).lower() for r in rows]
        lower = [name(r[5]) for r in rows]
        self.head = [i + offset for i, offset in enumerate(heads)]
        self.space = [bool(r[6]) for r in rows]
        self.title = [bool(r[7]) for r in rows]
        self.sent_start = [r[8] == 1 for r in rows]
        self.word = ["_space_" if space else w for space, w in zip(self.space, lower)]
        self.lower = lower
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.left_edge, self.right_edge = list(range(n)), list(range(n))  # of each token's subtree
        for i in range(n):
            for a in self.ancestors(i):
                self.left_edge[a] = min(self.left_edge[a], i)
                self.right_edge[a] = max(self.right_edge[a], i)
        starts = [i for i in range(n) if i == 0 or self.sent_start[i]] + [n]
        # (start, end, root) of each sentence, the root the token that is its own head
        self.sentences = [(start, end, next((i for i in range(start, end) if self.head[i] == i), start))
                          for start, end in zip(starts, starts[1:])]
        self.known = [None if space else word_in(lemma, w, cues)
                      for space, lemma, w in zip(self.space, self.lemma, lower)]
        self.cue = [None if space else ("according" if w == "according" else known)
                    for space, w, known in zip(self.space, lower, self.known)]

    def ancestors(self, i: int) -> Iterator[int]:
        """The heads above token ``i``, nearest first (spaCy's ``Token.ancestors``)."""
        while self.head[i] != i:
            i = self.head[i]
            yield i


def _sentence_context(tokens: _Tokens) -> list[list[str]]:
    """Each token's place in its sentence: the nearest cue word before it and after it (lemma and
    distance, bucketed), whether a colon came before it, and the sentence's first and last two tokens."""
    cue, texts = tokens.cue, tokens.lower
    out: list[list[str]] = [[] for _ in cue]
    for start, end, _ in tokens.sentences:
        before, colon = None, False
        for i in range(start, end):
            f = out[i]
            if before is not None:
                f += [f"lc={cue[before]}|{_distance(i - before)}", f"lcd={_distance(i - before)}"]
            if colon:
                f.append("aftercolon")
            if i - start < 2:
                f.append(f"sp{i - start}")
            if end - i <= 2:
                f.append(f"se{end - i}")
            if cue[i] is not None:
                before = i
            colon = colon or texts[i] == ":"
        after = None
        for i in range(end - 1, start - 1, -1):
            if after is not None:
                out[i] += [f"rc={cue[after]}|{_distance(after - i)}", f"rcd={_distance(after - i)}"]
            if cue[i] is not None:
                after = i
    return out


def _distance(tokens: int) -> str:
    """A distance in tokens as a bucket: next to it, within 3, within 7, further."""
    return "1" if tokens <= 1 else "2" if tokens <= 3 else "3" if tokens <= 7 else "4"


def _own(tokens: _Tokens, i: int, root: int, governed: tuple[int | None, int], rule: str, quoted: bool,
         cues: frozenset[str]) -> list[str]:
    """The features of token ``i`` alone (``root``: its sentence's root; ``governed``: its
    ``_governing_verb``)."""
    if tokens.space[i]:
        return ["b", "space", f"r={rule}", f"q={quoted:d}"]
    lemma = tokens.known[i] or tokens.lemma[i]
    head, dep, pos, cue = tokens.head[i], tokens.dep[i], tokens.pos[i], tokens.cue
    f = [
        "b", f"w={tokens.word[i]}", f"l={lemma}", f"p={pos}", f"t={tokens.tag[i]}", f"d={dep}",
        f"dh={dep}|{tokens.pos[head]}", f"hl={tokens.lemma[head]}", f"hd={tokens.dep[head]}",
        f"e={tokens.ent[i]}", f"r={rule}", f"q={quoted:d}", f"side={'L' if i < head else 'R'}",
    ]
    if tokens.sent_start[i]:
        f.append("s0")
    if tokens.title[i]:
        f.append("title")
    if lemma in cues:
        f.append("cue")
    child, climb = i, 0
    for a in tokens.ancestors(i):
        climb += 1
        if cue[a] is not None:
            f += [f"g={tokens.dep[child]}", f"gl={cue[a]}", f"g{min(climb, 3)}", f"gp={tokens.pos[a]}|{tokens.dep[child]}"]
            break
        if climb >= _MAX_CLIMB:
            break
        child = a
    verb, child = governed
    if verb is not None:
        vl = tokens.lemma[verb]
        subj = next((c for c in tokens.children[verb] if tokens.dep[c] in ("nsubj", "nsubjpass")), None)
        f += [f"v={tokens.dep[child]}", f"vl={vl}", f"vld={vl}|{tokens.dep[child]}",
              f"vs={tokens.ent[subj] or tokens.pos[subj] if subj is not None else '-'}"]
        if i == tokens.left_edge[child]:
            f.append(f"vle={tokens.dep[child]}")
        if i == tokens.right_edge[child]:
            f.append(f"vre={tokens.dep[child]}")
    if pos in ("VERB", "AUX", "NOUN"):  # what a cue governs: "X [nsubj] said [ccomp] ..."
        for c in tokens.children[i]:
            d = tokens.dep[c]
            if d in _CUE_CHILDREN:
                f.append(f"c={d}")
                if d in ("nsubj", "nsubjpass", "poss"):
                    f.append(f"cs={tokens.ent[c] or tokens.pos[c]}")
                elif d in ("ccomp", "xcomp", "dobj"):
                    f.append(f"lc={lemma}|{d}")
    if i == tokens.left_edge[i] and tokens.children[i]:
        f.append("le")
    top = i if i == root else next((a for a in [i, *tokens.ancestors(i)] if tokens.head[a] == root), i)
    f += [f"rd={tokens.dep[top]}", f"rl={tokens.lemma[root]}", f"rs={'L' if i < root else 'R'}"]
    return f


def _governing_verb(tokens: _Tokens, i: int) -> tuple[int | None, int]:
    """The nearest verb above token ``i`` and the dependent of it that ``i`` lies under."""
    child = i
    for a in tokens.ancestors(i):
        if tokens.pos[a] in ("VERB", "AUX"):
            return a, child
        child = a
    return None, i


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
