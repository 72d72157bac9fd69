"""A rule-based temporal tagger: find time expressions and resolve them against the publication date.

Patterns are tried longest-first and never overlap. Each match becomes a ``Timex`` with a TIMEX3
``type`` and ``value`` (``2018-06-12``, ``2018-11``, ``2019``, ``2018-W45``, ``2018-Q4``,
``PRESENT_REF``, ``P2Y``, ``XXXX-06``) and, for dates, the inclusive range ``[earliest, latest]``
it covers. Relative expressions ("Tuesday", "in June", "next month") are resolved with the tense
of the nearest verb cue; without a publication date (or with one known only to the month) they
stay unresolved at the finer level rather than invent a day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import PublishedDate, Timex

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "fifty": 50, "hundred": 100,
}
_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
          "hour": "H", "minute": "MIN"}

# Case-sensitive month names: "may" and "march" in lower case are not months.
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
MOD = r"(?:early|mid|late|the (?:end|beginning|start|middle) of|the (?:first|second) half of)"
NUM = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|several|few|a few|many)"

_B = r"(?<![\w-])"  # left boundary
_E = r"(?![\w])"  # right boundary

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"{_B}(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01]){_E}")),
    ("full", re.compile(rf"{_B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR}){_E}")),
    ("full", re.compile(rf"{_B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH}),?\s+(?P<y>{YEAR}){_E}")),
    ("monthdisj", re.compile(rf"{_B}(?:(?P<mod>{MOD})\s*-?\s*)?(?P<mon>{MONTH})(?P<sep>\s*(?:,|or|and|to|-|–|through)\s*|,\s*(?:or|and)\s+)(?P<mon2>{MONTH})(?:,?\s+(?P<y>{YEAR}))?{_E}")),
    ("monthyear", re.compile(rf"{_B}(?:(?P<mod>{MOD})\s*-?\s*)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR}){_E}")),
    ("yearrange", re.compile(rf"{_B}(?P<y>{YEAR})\s*(?:-|–|to)\s*(?P<y2>{YEAR}|\d\d){_E}(?!\s*(?:%|per))")),
    ("monthday", re.compile(rf"{_B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAY}){_E}(?![,.]?\d)(?!\s*(?:%|per|million|billion))")),
    ("monthday", re.compile(rf"{_B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH}){_E}")),
    ("quarter", re.compile(rf"{_B}(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter(?:\s+of\s+(?P<y>{YEAR}))?{_E}", re.I)),
    ("modyear", re.compile(rf"{_B}(?P<mod>{MOD})\s*-?\s*(?P<y>{YEAR}){_E}")),
    ("relunit", re.compile(rf"{_B}(?P<rel>last|next|this|the past|the coming|the previous|the following|coming)\s+(?P<unit>week|month|year|weekend){_E}", re.I)),
    ("modrel", re.compile(rf"{_B}(?P<mod>{MOD})\s+(?P<rel>this|next|last)\s+(?P<unit>month|year|week){_E}", re.I)),
    ("monthonly", re.compile(rf"{_B}(?:(?P<mod>{MOD})\s*-?\s*|(?P<rel>last|next|this|in|since|by|until|till|from|during|before|after|since|through)\s+)(?P<mon>{MONTH}){_E}(?!\s+\d)")),
    ("weekday", re.compile(rf"{_B}(?:(?P<rel>last|next|this|on|coming)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?{_E}")),
    ("deictic", re.compile(rf"{_B}(?P<word>today|yesterday|tomorrow|tonight)(?:'s)?{_E}", re.I)),
    ("present", re.compile(rf"{_B}(?P<word>now|currently|nowadays|at present|at the moment|these days){_E}", re.I)),
    ("ago", re.compile(rf"{_B}(?P<n>{NUM})\s+(?P<unit>day|week|month|year)s?\s+ago{_E}", re.I)),
    ("duration", re.compile(rf"{_B}(?P<n>{NUM})(?:\s+|-)(?P<unit>day|week|month|year|decade|century|hour|minute)s?(?:-long)?{_E}(?!\s+(?:old|earlier|later))", re.I)),
    ("set", re.compile(rf"{_B}(?P<word>every|each)\s+(?P<unit>day|week|month|year|{WEEKDAY}){_E}", re.I)),
    ("decade", re.compile(rf"{_B}the\s+(?P<dec>(?:1[89]|20)\d0)s{_E}")),
    ("year", re.compile(rf"(?:\b(?:in|of|since|by|until|till|from|during|before|after|for|to|through|between|and|year|early|late|mid|spring|summer|autumn|fall|winter)\s|^|(?<=[(,]\s)|(?<=\n))(?P<y>{YEAR}){_E}(?!\s*(?:%|Year|per|people|troops|million|billion|dollars))(?![,.]\d)")),
]

_FUTURE = re.compile(r"\b(?:will|would|'ll|shall|next|upcoming|coming|plans?|planned|planning|expected|expects|scheduled|due|hopes?|hoped|intends?|aims?|going to|set to|later|until|by)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did|met|held|took|ago|last|earlier|since|already|has been|have been|began|ended|announced|agreed)\b", re.I)


@dataclass(frozen=True)
class _Anchor:
    """The publication date as far as it is known."""

    day: date | None
    year: int | None
    month: int | None

    @classmethod
    def of(cls, published: PublishedDate | None) -> "_Anchor":
        if not published or not published.value:
            return cls(None, None, None)
        parts = [int(p) for p in published.value.split("-")]
        y = parts[0]
        m = parts[1] if len(parts) > 1 else None
        d = date(y, m, parts[2]) if len(parts) > 2 else None
        return cls(d, y, m)


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _mod_code(mod: str | None) -> str | None:
    if not mod:
        return None
    mod = mod.lower()
    if mod.startswith("early") or "beginning" in mod or "start" in mod or "first half" in mod:
        return "START"
    if mod.startswith("mid") or "middle" in mod:
        return "MID"
    return "END"


def _narrow(lo: date, hi: date, mod: str | None) -> tuple[date, date]:
    """Cut a range to its start, middle or end third for "early", "mid" and "late"."""
    if not mod:
        return lo, hi
    span = (hi - lo).days + 1
    third = span // 3
    if mod == "START":
        return lo, lo + timedelta(days=third - 1)
    if mod == "MID":
        return lo + timedelta(days=third), lo + timedelta(days=2 * third - 1)
    return lo + timedelta(days=2 * third), hi


_PAST_AUX = re.compile(r"\b(?:was|were|had)\s+$", re.I)
_REPORTING = re.compile(r"\b(?:said|says|told|announced|added|stated)(?:\s+(?:on|reporters|journalists))?\s+$", re.I)


def _tense(text: str, start: int, end: int) -> str:
    """'future', 'past' or '' from the verb cue nearest the expression, within its sentence.

    A reporting verb right before the expression ("said Tuesday") dates the saying, so it is past;
    elsewhere "said" says nothing about the tense of what was said.
    """
    if _REPORTING.search(text, max(0, start - 40), start):
        return "past"
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 200) + 1
    hi_candidates = [i for i in (text.find(".", end), text.find("\n", end)) if i != -1]
    hi = min(hi_candidates + [end + 200, len(text)])
    best, best_dist = "", 10**9
    for tense, pattern in (("future", _FUTURE), ("past", _PAST)):
        for m in pattern.finditer(text, lo, hi):
            if start <= m.start() < end:
                continue
            dist = start - m.end() if m.end() <= start else m.start() - end
            if dist < best_dist:
                # "was due to", "had planned", "were expected": a future seen from the past
                shifted = tense == "future" and _PAST_AUX.search(text, max(lo, m.start() - 12), m.start())
                best, best_dist = ("past" if shifted else tense), dist
    return best


def _pick_year(anchor: _Anchor, month: int, day: int | None, tense: str) -> int | None:
    """The year of a month (and day) mentioned without one: the nearest occurrence on the side the
    tense points to, else the nearest at all."""
    if anchor.year is None or anchor.month is None:
        return None
    ref_day = anchor.day or date(anchor.year, anchor.month, 15)
    options = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(date(y, month, day or 15))
        except ValueError:
            continue
    if not options:
        return None
    if anchor.day is None and day is None:
        # publication month only: compare months
        ref = (anchor.year, anchor.month)
        key = lambda d: (d.year, d.month)  # noqa: E731
        if tense == "future":
            later = [d for d in options if key(d) >= ref]
            return min(later).year if later else None
        if tense == "past":
            earlier = [d for d in options if key(d) <= ref]
            return max(earlier).year if earlier else None
    if tense == "future":
        later = [d for d in options if d >= ref_day]
        if later:
            return min(later).year
    elif tense == "past":
        earlier = [d for d in options if d <= ref_day]
        if earlier:
            return max(earlier).year
    return min(options, key=lambda d: abs((d - ref_day).days)).year


def _day_timex(start, end, text, d: date, mod=None) -> Timex:
    return Timex(start, end, text, "DATE", d.isoformat(), d.isoformat(), d.isoformat(), mod)


def _month_timex(start, end, text, y, m, mod=None, m2=None) -> Timex:
    lo, hi = _month_range(y, m)
    if m2:
        y2 = y if m2 >= m else y + 1
        hi = _month_range(y2, m2)[1]
    else:
        lo, hi = _narrow(lo, hi, mod)
    return Timex(start, end, text, "DATE", f"{y:04d}-{m:02d}", lo.isoformat(), hi.isoformat(), mod)


def _year_timex(start, end, text, y, mod=None, y2=None) -> Timex:
    lo, hi = date(y, 1, 1), date(y2 or y, 12, 31)
    if not y2:
        lo, hi = _narrow(lo, hi, mod)
    return Timex(start, end, text, "DATE", f"{y:04d}", lo.isoformat(), hi.isoformat(), mod)


def _duration_value(n: str, unit: str) -> str:
    n = n.lower()
    count = _NUMBERS.get(n) if not n.isdigit() else int(n)
    code = _UNITS[unit.lower()]
    if code == "DE":
        return f"P{count * 10}Y" if count else "PXDE"
    if code == "CE":
        return f"P{count * 100}Y" if count else "PXCE"
    amount = str(count) if count else "X"
    if code in ("H", "MIN"):
        return f"PT{amount}{'H' if code == 'H' else 'M'}"
    return f"P{amount}{code}"


def _resolve(kind: str, m: re.Match, text: str, anchor: _Anchor) -> Timex | None:
    s, e = m.span("y") if kind == "year" else m.span()
    surface = text[s:e]
    g = m.groupdict()
    mod = _mod_code(g.get("mod"))
    try:
        if kind in ("iso", "full"):
            month = int(g["m"]) if kind == "iso" else _MONTHS[g["mon"].rstrip(".").lower()]
            return _day_timex(s, e, surface, date(int(g["y"]), month, int(re.sub(r"\D", "", g["d"]))))
        if kind == "monthyear":
            return _month_timex(s, e, surface, int(g["y"]), _MONTHS[g["mon"].rstrip(".").lower()], mod)
        if kind == "monthdisj":
            m1, m2 = _MONTHS[g["mon"].rstrip(".").lower()], _MONTHS[g["mon2"].rstrip(".").lower()]
            y = int(g["y"]) if g.get("y") else _pick_year(anchor, m1, None, _tense(text, s, e))
            if y is None:
                return Timex(s, e, surface, "DATE", f"XXXX-{m1:02d}", None, None, mod)
            return _month_timex(s, e, surface, y, m1, mod, m2)
        if kind == "yearrange":
            y1, raw2 = int(g["y"]), g["y2"]
            y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
            if y2 <= y1:
                return None
            return _year_timex(s, e, surface, y1, None, y2)
        if kind == "monthday":
            month, day = _MONTHS[g["mon"].rstrip(".").lower()], int(re.sub(r"\D", "", g["d"]))
            y = _pick_year(anchor, month, day, _tense(text, s, e))
            if y is None:
                return Timex(s, e, surface, "DATE", f"XXXX-{month:02d}-{day:02d}", None, None)
            return _day_timex(s, e, surface, date(y, month, day))
        if kind == "quarter":
            q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(g["q"].lower(), 4)
            y = int(g["y"]) if g.get("y") else anchor.year
            if y is None:
                return Timex(s, e, surface, "DATE", f"XXXX-Q{q}", None, None)
            lo, hi = date(y, 3 * q - 2, 1), _month_range(y, 3 * q)[1]
            return Timex(s, e, surface, "DATE", f"{y}-Q{q}", lo.isoformat(), hi.isoformat())
        if kind == "modyear":
            return _year_timex(s, e, surface, int(g["y"]), mod)
        if kind in ("relunit", "modrel"):
            return _relative_unit(s, e, surface, g["rel"].lower(), g["unit"].lower(), anchor, mod)
        if kind == "monthonly":
            month = _MONTHS[g["mon"].rstrip(".").lower()]
            rel = (g.get("rel") or "").lower()
            tense = {"last": "past", "since": "past", "next": "future", "until": "future", "by": "future"}.get(rel) or _tense(text, s, e)
            y = _pick_year(anchor, month, None, tense)
            if y is None:
                return Timex(s, e, surface, "DATE", f"XXXX-{month:02d}", None, None, mod)
            return _month_timex(s, e, surface, y, month, mod)
        if kind == "weekday":
            return _weekday(s, e, surface, g, text, anchor)
        if kind == "deictic":
            word = g["word"].lower()
            if anchor.day is None:
                return Timex(s, e, surface, "DATE", "PRESENT_REF" if word in ("today", "tonight") else None)
            d = anchor.day + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
            return _day_timex(s, e, surface, d)
        if kind == "present":
            return Timex(s, e, surface, "DATE", "PRESENT_REF")
        if kind == "ago":
            return _ago(s, e, surface, g, anchor)
        if kind == "duration":
            return Timex(s, e, surface, "DURATION", _duration_value(g["n"], g["unit"]))
        if kind == "set":
            unit = g["unit"].lower()
            value = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y"}.get(unit, f"XXXX-WXX-{_WEEKDAYS.get(unit, 0) + 1}")
            return Timex(s, e, surface, "SET", value)
        if kind == "decade":
            y = int(g["dec"])
            return Timex(s, e, surface, "DATE", str(y)[:3], f"{y}-01-01", f"{y + 9}-12-31")
        if kind == "year":
            return _year_timex(s, e, surface, int(g["y"]))
    except (ValueError, KeyError):
        return None
    return None


def _relative_unit(s, e, surface, rel, unit, anchor: _Anchor, mod) -> Timex:
    step = {"last": -1, "the past": -1, "the previous": -1, "next": 1, "the coming": 1, "coming": 1,
            "the following": 1}.get(rel, 0)
    if unit == "year":
        if anchor.year is None:
            return Timex(s, e, surface, "DATE", None)
        return _year_timex(s, e, surface, anchor.year + step, mod)
    if unit == "month":
        if anchor.month is None:
            return Timex(s, e, surface, "DATE", None)
        idx = anchor.year * 12 + anchor.month - 1 + step
        return _month_timex(s, e, surface, idx // 12, idx % 12 + 1, mod)
    if anchor.day is None:
        return Timex(s, e, surface, "DATE", None)
    if unit == "weekend":
        sat = anchor.day + timedelta(days=(5 - anchor.day.weekday()) % 7 + 7 * step)
        y, w, _ = sat.isocalendar()
        return Timex(s, e, surface, "DATE", f"{y}-W{w:02d}-WE", sat.isoformat(), (sat + timedelta(days=1)).isoformat())
    monday = anchor.day - timedelta(days=anchor.day.weekday()) + timedelta(weeks=step)
    y, w, _ = monday.isocalendar()
    return Timex(s, e, surface, "DATE", f"{y}-W{w:02d}", monday.isoformat(), (monday + timedelta(days=6)).isoformat())


def _weekday(s, e, surface, g, text, anchor: _Anchor) -> Timex | None:
    wd = _WEEKDAYS[g["wd"].lower()]
    rel = (g.get("rel") or "").lower()
    if anchor.day is None:
        return Timex(s, e, surface, "DATE", None)
    tense = {"last": "past", "next": "future", "coming": "future"}.get(rel) or _tense(text, s, e) or "past"
    if tense == "future":
        offset = (wd - anchor.day.weekday()) % 7 or (7 if rel == "next" else 0)
        d = anchor.day + timedelta(days=offset)
    else:
        offset = (anchor.day.weekday() - wd) % 7 or (7 if rel == "last" else 0)
        d = anchor.day - timedelta(days=offset)
    return _day_timex(s, e, surface, d)


def _ago(s, e, surface, g, anchor: _Anchor) -> Timex | None:
    n = g["n"].lower()
    count = int(n) if n.isdigit() else _NUMBERS.get(n)
    unit = g["unit"].lower()
    if count is None or anchor.year is None:
        return Timex(s, e, surface, "DATE", None)
    if unit == "year":
        return _year_timex(s, e, surface, anchor.year - count)
    if anchor.month is None:
        return Timex(s, e, surface, "DATE", None)
    if unit == "month":
        idx = anchor.year * 12 + anchor.month - 1 - count
        return _month_timex(s, e, surface, idx // 12, idx % 12 + 1)
    if anchor.day is None:
        return Timex(s, e, surface, "DATE", None)
    d = anchor.day - timedelta(days=count * (7 if unit == "week" else 1))
    return _day_timex(s, e, surface, d)


def tag(text: str, published: PublishedDate | None = None) -> list[Timex]:
    """All time expressions in ``text``, resolved against ``published``, in text order."""
    anchor = _Anchor.of(published)
    taken = bytearray(len(text))  # 1 where an earlier (longer-pattern) expression already matched
    found: list[Timex] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            timex = _resolve(kind, m, text, anchor)
            if timex is None:
                continue
            s, e = timex.start, timex.end
            if any(taken[s:e]):
                continue
            # keep the leading preposition out of the span for "in June", "on Friday"
            lead = re.match(r"(?:in|on|since|by|until|till|from|during|before|after|through)\s+", timex.text)
            if lead and kind in ("monthonly", "weekday"):
                timex = Timex(s + lead.end(), e, timex.text[lead.end():], timex.type, timex.value,
                              timex.earliest, timex.latest, timex.mod)
            taken[s:e] = b"\x01" * (e - s)
            found.append(timex)
    found.sort(key=lambda t: t.start)
    return found
