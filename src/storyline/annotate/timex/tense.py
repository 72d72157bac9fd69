"""Which way a relative expression points: the tense of the verb cue nearest to it in its clause."""

from __future__ import annotations

import re

_FUTURE = re.compile(
    r"\b(?:will|wo|'ll|shall|would|going to|(?:plans?|planned) to|planning|expects?|expected|scheduled|due|as soon as|as early as|"
    r"hopes?|intends?|aims?|set to|is to|are to|next|upcoming|coming|later|until|till|tomorrow|"
    r"forecasts?|predicts?|promises?|vows?|pledges?)\b",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|last|earlier|previously|yesterday|since|already|"
    r"met|held|took|came|went|began|made|gave|saw|won|lost|left|fell|rose|sold|bought|"
    r"found|got|became|brought|thought|spoke|wrote|ran|paid|led|sent|struck|killed|died|"
    r"\w{3,}ed)\b",
    re.I,
)
# the future seen from the past: "was due to", "had planned", "were expected"
_PAST_AUX = re.compile(r"\b(?:was|were|had(?:\s+been)?)\s+$", re.I)
# a participle after "be" is passive, not past: "will be named", "is expected to be completed"
_PASSIVE = re.compile(r"\b(?:be|being)\s+$", re.I)
# "said Tuesday", "told reporters on Friday": the saying is what is dated
_REPORTING = re.compile(r"\b(?:said|says|told|announced|added|stated|reported)(?:\s+\w+)?(?:\s+on)?\s+$", re.I)
_NOT_PAST = frozenset({"need", "speed", "feed", "seed", "proceed", "exceed", "succeed", "indeed", "embed", "bed",
                       "red", "hundred", "led", "based", "related", "so-called", "called", "alleged", "armed",
                       "united", "interested", "concerned", "expected", "scheduled", "planned"})
_CLAUSE_END = re.compile(r"[.!?;\n]")


_WEAK = re.compile(r"\w{3,}ed|met|held|took|came|went|began|made|gave|saw|won|lost|left|fell|rose|sold|bought|found|"
                   r"got|became|brought|thought|spoke|wrote|ran|paid|led|sent|struck|killed|died|hopes?|hoped|aims?|"
                   r"until|till|later|coming", re.I)


def tense_at(text: str, start: int, end: int) -> str:
    """'future', 'past' or '' for the expression at ``text[start:end]``."""
    return tense_with_strength(text, start, end)[0]


def tense_with_strength(text: str, start: int, end: int) -> tuple[str, bool]:
    """The tense and whether its cue is strong (an auxiliary or a time word like "next", "ago")
    rather than weak (a verb form, which may be an adjective or belong to another clause)."""
    if _REPORTING.search(text, max(0, start - 40), start):
        return "past", True
    lo = start - 1
    while lo >= 0 and start - lo < 200 and not _CLAUSE_END.match(text, lo):
        lo -= 1
    m = _CLAUSE_END.search(text, end, min(len(text), end + 200))
    hi = m.start() if m else min(len(text), end + 200)
    lo += 1
    best, best_dist, strong = "", 10**9, False
    for tense, pattern in (("future", _FUTURE), ("past", _PAST)):
        for m in pattern.finditer(text, lo, hi):
            if start <= m.start() < end:
                continue
            word = m.group(0).lower()
            if tense == "past" and (word in _NOT_PAST or _PASSIVE.search(text, max(lo, m.start() - 7), m.start())):
                continue
            dist = start - m.end() if m.end() <= start else (m.start() - end) + 1
            if dist < best_dist:
                shifted = tense == "future" and _PAST_AUX.search(text, max(lo, m.start() - 12), m.start())
                best, best_dist = ("past" if shifted else tense), dist
                strong = bool(shifted) or not _WEAK.fullmatch(word)
    return best, strong
