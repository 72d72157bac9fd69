"""Developments: claims about the same thing that change between reports or differ across sources.

Three kinds, each found by a rule a reader can check against the cited sentences:

- ``schedule``: a planned event whose date moves. A sentence that names an event ("summit",
  "talks", "election"...) and a date after the article's publication is a claim about when that
  event will happen; claims about the same event with dates that do not overlap are a development
  ("summit timing: after the upcoming November mid-term elections -> January or February").
- ``number``: counts of the same kind (killed, injured, missing, displaced, arrested, cases, cost)
  that differ between similar sentences of different articles ("death toll: 50 -> 230,000").
- ``denial``: a sentence that denies, rejects or disputes something, paired with the closest earlier
  sentence of another article: the claim and its denial.

Each claim keeps its article, the cited sentence's offsets, the phrase that carries the claim, and
the article's publication date; claims are ordered by publication date. ``changed`` says whether
the claims come from different days (the story moved) or the same day (sources disagree).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import numpy as np
from scipy.sparse.csgraph import connected_components

from ..config import Config
from ..model import Claim, Development, Timex
from .corpus import Corpus
from .sentences import StorySentences, timexes_by_sentence

# Events that are scheduled, and so can be rescheduled.
_EVENT_WORDS = (r"summit|meeting|talks|negotiations|visit|trip|election|elections|vote|referendum|trial|hearing|"
                r"conference|launch|deadline|ceasefire|truce|withdrawal|pullout|handover|inauguration|verdict|"
                r"ruling|sentencing|auction|deal|agreement|treaty|merger|ipo|rally|protest|olympics")
_EVENT = re.compile(rf"\b({_EVENT_WORDS})\b", re.I)
_LEAD_IN = re.compile(r"(?:\b(?:as soon as|after|before|by|in|on|until|till|around|during|from|between|no later than)\s+)+$", re.I)
# Words that finish a time phrase when they end in an event ("November mid-term elections").
_PHRASE_TAIL = re.compile(rf"(?:[\s-]+[a-z][\w-]*){{0,2}}?[\s-]+(?:{_EVENT_WORDS})\b")

# A precise number ("75,000", "50 000", "1.2 million"), never part of a longer one; vague words
# ("thousands") are no claim to compare.
_NUMBER = r"(?<![\d.,])(?<!\d\s)(?P<num>\d{1,3}(?:[, ]\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s*(?:million|billion|bn|m|thousand))?)"
_COUNT_KINDS = {
    "deaths": r"killed|dead|deaths|died|lives|fatalities|bodies",
    "injured": r"injured|wounded|hurt",
    "missing": r"missing",
    "displaced": r"displaced|homeless|evacuated|fled|refugees",
    "arrested": r"arrested|detained|held",
    "cases": r"cases|infected|infections",
}
# "at least 30 people were killed", "30 killed", "killed 30 people": the number is the count only
# when what stands between it and the count word is a noun of people and an auxiliary, never a
# date ("12 March killed") or a measure ("7.0 magnitude quake killed").
_APPROX = r"(?:\b(?:at least|more than|over|about|around|nearly|almost|some|up to)\s+)?"
_PEOPLE = (r"(?:more\s+|other\s+)?(?:people|persons|civilians|soldiers|troops|protesters|demonstrators|workers|"
           r"children|residents|villagers|policemen|police officers|militants|rebels|fighters|passengers|miners|"
           r"patients|migrants|refugees|prisoners|journalists)")
_NOT_COUNT = (r"(?!\s*(?:%|percent|per\s?cent|magnitude|years?\b|km|miles|metres|meters|am\b|pm\b|a\.m\.|p\.m\.|"
              r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))")
_COUNT = [(kind, pattern) for kind, words in _COUNT_KINDS.items() for pattern in (
    re.compile(rf"{_APPROX}\b{_NUMBER}{_NOT_COUNT}\s+(?:{_PEOPLE}\s+)?"
               rf"(?:(?:were|have been|had been|are|was|being)\s+)?(?:{words})\b", re.I),
    re.compile(rf"\b(?:{words})\s+{_APPROX}{_NUMBER}{_NOT_COUNT}(?=\s+{_PEOPLE}\b|\s*(?:[,.;]|$))", re.I),
)]
_DIGIT = re.compile(r"\d")
_COUNT_WORD = re.compile(rf"\b(?:{'|'.join(_COUNT_KINDS.values())}|death toll|cost|costs|damage|damages|bill|fund|"
                         r"compensation|fine|payout|losses)\b", re.I)
_TOLL = re.compile(rf"\bdeath toll\b[^.;]{{0,40}}?\b(?:to|of|at|reached|is|was|stood at|stands at)\s+(?:at least\s+|more than\s+)?{_NUMBER}", re.I)
_COST = re.compile(r"(?:\$|£|€|US\$)\s?(?P<num>\d[\d,.]*\s*(?:million|billion|bn|m|trillion)?)\b", re.I)
_COST_WORDS = re.compile(r"\b(cost|costs|damage|damages|bill|fund|compensation|fine|payout|losses)\b", re.I)
_DENIAL = re.compile(r"\b(denied|denies|deny|denying|rejected|rejects|refuted|refutes|dismissed|dismisses|disputed|"
                     r"disputes|contradicted|contradicts)\b", re.I)

_SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


def build_developments(corpus: Corpus, ss: StorySentences, config: Config) -> list[Development]:
    """Every development of one story, schedules first, then numbers, then denials."""
    return _schedules(corpus, ss, config) + _numbers(corpus, ss, config) + _denials(corpus, ss, config)


def _linked(ss: StorySentences, rows: list[int], threshold: float) -> list[list[int]]:
    """Positions in ``rows`` grouped by their sentences' cosine (linked at ``threshold`` or more),
    kept sparse since a story may have thousands of candidate claims."""
    similar = (ss.vectors[rows] @ ss.vectors[rows].T).tocsr()
    similar.data = (similar.data >= threshold).astype(np.int8)
    similar.eliminate_zeros()
    _, label = connected_components(similar, directed=False)
    groups: dict[int, list[int]] = defaultdict(list)
    for n, g in enumerate(label):
        groups[int(g)].append(n)
    return sorted(groups.values())


def _claim(corpus: Corpus, ss: StorySentences, i: int, value: str) -> Claim:
    s = ss.sentences[i]
    article = corpus.article(s.article_id)
    return Claim(value, ss.texts[i], article.published.value, article.source, ss.citation(i))


def _when(claim: Claim) -> tuple[str, str, int]:
    """Claims in publication order (undated last), then by article and place."""
    return (claim.published or "9999", claim.citation.article_id, claim.citation.start)


def _order(claims: list[Claim]) -> tuple[Claim, ...]:
    return tuple(sorted(claims, key=_when))


def _across_days(claims: tuple[Claim, ...]) -> bool:
    return len({c.published for c in claims}) > 1


# -- schedules ---------------------------------------------------------------------------------

def _planned(t: Timex, published: str | None, precision: str, horizon_days: int, min_days: int) -> bool:
    """Whether ``t`` is after the publication date and within the horizon of plans ("2032 GMT" read
    as a year is not a plan)."""
    if not t.earliest or not published or precision == "unknown":
        return False
    end_of_published = published if precision == "day" else published + ("-31" if precision == "month" else "-12-31")
    if t.earliest <= end_of_published:
        return False
    ahead = (dt.date.fromisoformat(t.earliest) - dt.date.fromisoformat(end_of_published[:8] + "01" if precision == "month"
                                                                       else end_of_published[:10])).days
    if precision == "day" and ahead < min_days:
        return False  # "tomorrow", "on Friday": the week's agenda, not a plan that can move
    return ahead <= horizon_days


def _time_phrase(text: str, start: int, end: int) -> tuple[int, int]:
    """The date with its lead-in ("after the upcoming") and the words that finish its noun phrase."""
    m = _LEAD_IN.search(text, max(0, start - 60), start)
    lo = start
    if m:
        lo = m.start()
    else:  # "after the upcoming November": a lead-in a few words before the date
        m2 = re.search(r"\b(?:after|before|by|until|in)\s+(?:the\s+)?(?:\w+\s+){0,2}$", text[max(0, start - 40):start], re.I)
        if m2:
            lo = max(0, start - 40) + m2.start()
    tail = _PHRASE_TAIL.match(text, end)
    hi = tail.end() if tail else end
    return lo, hi


def _schedules(corpus: Corpus, ss: StorySentences, config: Config) -> list[Development]:
    by_event: dict[str, list[tuple[Claim, str, str, int]]] = defaultdict(list)
    for i, found in sorted(timexes_by_sentence(corpus, ss).items()):
        s = ss.sentences[i]
        article = corpus.article(s.article_id)
        future = [t for t in found if t.type == "DATE"
                  and _planned(t, article.published.value, article.published.precision, config.development_horizon_days,
                               config.development_min_days)]
        if not future:
            continue
        text = article.text if s.field == "text" else article.captions
        # the first run of time phrases ("in early 2019, perhaps as soon as January or February")
        phrases = sorted(_time_phrase(text, t.start, t.end) for t in future)
        run = [phrases[0]]
        for p in phrases[1:]:
            if p[0] - run[-1][1] > 30:
                break
            run.append(p)
        future = [t for t in future if run[0][0] <= t.start and t.end <= run[-1][1]] or future[:1]
        lo, hi = max(s.start, run[0][0]), min(s.end, max(p[1] for p in run))
        event = _event_for(text, s.start, s.end, lo, hi)
        if not event:
            continue
        earliest, latest = min(t.earliest for t in future), max(t.latest for t in future)
        by_event[event].append((_claim(corpus, ss, i, text[lo:hi].strip(" ,;")), earliest, latest, i))
    out = []
    for event, found in sorted(by_event.items()):
        # claims about one event: similar sentences (one conference is not every conference)
        rows = [ss_index for _, _, _, ss_index in found]
        for members in _linked(ss, rows, config.development_schedule_similarity):
            claims: list[Claim] = []
            ranges: list[tuple[str, str]] = []
            ordered_found = sorted((found[n] for n in members), key=lambda f: _when(f[0]))
            for claim, earliest, latest, _ in ordered_found:
                if any(earliest <= hi and lo <= latest for lo, hi in ranges):
                    continue  # the same timing said again
                claims.append(claim)
                ranges.append((earliest, latest))
            if len(claims) > 1 and len({c.citation.article_id for c in claims}) > 1:
                kept = _order(claims)[:config.development_max_claims]
                out.append(Development("schedule", f"{event} timing", _across_days(kept), kept))
    return out


def _event_for(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    """The scheduled event a time phrase ``text[lo:hi]`` belongs to: the nearest event word before
    the phrase in the sentence, else the nearest after it (words inside the phrase are its anchor,
    as "elections" in "after the November elections", not the event)."""
    before = [m for m in _EVENT.finditer(text, start, lo)]
    if before:
        return _event_key(before[-1].group(1))
    after = _EVENT.search(text, hi, end)
    return _event_key(after.group(1)) if after else None


def _event_key(word: str) -> str:
    word = word.lower()
    return {"elections": "election", "negotiations": "talks"}.get(word, word)


# -- numbers -----------------------------------------------------------------------------------

def _number_value(text: str) -> float | None:
    text = text.lower().strip()
    m = re.match(r"(\d{1,3}(?:[, ]\d{3})+|[\d.]+)\s*([a-z]*)", text)
    if not m:
        return None
    digits = m.group(1).replace(",", "").replace(" ", "").rstrip(".")
    try:
        value = float(digits)
    except ValueError:
        return None
    return value * _SCALE.get(m.group(2), 1.0)


def _counts(sentence: str) -> list[tuple[str, str, float]]:
    """(kind, phrase, value) for every count in the sentence."""
    if not (_DIGIT.search(sentence) and _COUNT_WORD.search(sentence)):  # most sentences have neither
        return []
    found = []
    m = _TOLL.search(sentence)
    if m:
        value = _number_value(m.group("num"))
        if value is not None:
            found.append(("deaths", m.group(0), value))
    for kind, pattern in _COUNT:
        for m in pattern.finditer(sentence):
            value = _number_value(m.group("num"))
            if value is not None and not (kind == "deaths" and found and found[0][0] == "deaths"):
                found.append((kind, m.group(0), value))
    if _COST_WORDS.search(sentence):
        for m in _COST.finditer(sentence):
            value = _number_value(m.group("num"))
            if value is not None:
                found.append(("cost", m.group(0).strip(), value))
    return found


def _numbers(corpus: Corpus, ss: StorySentences, config: Config) -> list[Development]:
    """Per kind, claims in similar sentences (linked when their cosine passes the threshold) form a
    group; a group whose articles give different numbers is a development, one claim per number in
    the order the numbers were first reported."""
    by_kind: dict[str, list[tuple[int, str, float]]] = defaultdict(list)
    for i, text in enumerate(ss.texts):
        if ss.sentences[i].field != "text":
            continue
        for kind, phrase, value in _counts(text):
            by_kind[kind].append((i, phrase, value))
    out = []
    for kind, found in sorted(by_kind.items()):
        rows = [i for i, _, _ in found]
        for members in _linked(ss, rows, config.development_number_similarity):
            valued = sorted(((_claim(corpus, ss, found[n][0], found[n][1]), found[n][2]) for n in members),
                            key=lambda cv: _when(cv[0]))
            first: dict[float, Claim] = {}
            for claim, value in valued:
                first.setdefault(value, claim)
            kept = tuple(first.values())[:config.development_max_claims]
            if len(kept) > 1 and len({c.citation.article_id for c in kept}) > 1:
                out.append(Development("number", kind, _across_days(kept), kept))
    return out


# -- denials -----------------------------------------------------------------------------------

def _denials(corpus: Corpus, ss: StorySentences, config: Config) -> list[Development]:
    """Each denial with the closest earlier sentence of another article that is not itself a denial;
    one development per denied sentence (the first denial of it)."""
    body = [i for i, s in enumerate(ss.sentences) if s.field == "text"]
    denying = {i: m.group(1).lower() for i in body if (m := _DENIAL.search(ss.texts[i]))}  # sentence -> its verb
    denials = list(denying)
    if not denials:
        return []
    statements = np.array([i for i in body if i not in denying], dtype=np.int64)
    if not len(statements):
        return []
    day = {aid: corpus.article(aid).published.value or "9999" for aid in {ss.sentences[i].article_id for i in body}}
    statement_day = np.array([day[ss.sentences[j].article_id] for j in statements])
    statement_article = np.array([ss.sentences[j].article_id for j in statements])
    sims_all = (ss.vectors[statements] @ ss.vectors[denials].T).toarray()  # statements x denials
    out, denied = [], set()
    for n, i in enumerate(denials):
        here = ss.sentences[i].article_id
        sims = sims_all[:, n].copy()
        sims[(statement_article == here) | (statement_day > day[here])] = 0.0
        sims[sims >= config.development_copy_similarity] = 0.0  # the same text again is no claim to deny
        best = int(np.argmax(sims))
        if sims[best] < config.development_similarity or int(statements[best]) in denied:
            continue
        j = int(statements[best])
        denied.add(j)
        claims = (_claim(corpus, ss, j, ss.texts[j]), _claim(corpus, ss, i, ss.texts[i]))
        out.append((float(sims[best]), Development("denial", denying[i], _across_days(claims), claims)))
    strongest = sorted(out, key=lambda sd: -sd[0])[:config.development_max_denials]
    return [d for _, d in sorted(strongest, key=lambda sd: (sd[1].claims[-1].published or "", sd[1].claims[-1].citation.start))]
