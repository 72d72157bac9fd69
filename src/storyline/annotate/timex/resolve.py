"""Resolvers: from a pattern's match to a TIMEX3 type and value, against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...model import PublishedDate
from .calendar import iso_week, shift_months, value_range
from .lexicon import HOLIDAYS, MONTHS, PARTS_OF_DAY, SEASONS, WEEKDAYS, nth_weekday, parse_number, unit_code, year_from_words
from .tense import tense_at, tense_with_strength


@dataclass
class Resolved:
    type: str
    value: str | None
    mod: str | None = None
    until: str | None = None  # the last value of a disjunction or range ("January or February")
    anchor_ok: bool = True  # may later anaphora ("a year earlier") refer to it?


@dataclass
class Context:
    """What resolution knows: the publication date, the text, and the last date mentioned."""

    year: int | None
    month: int | None
    day: date | None
    text: str
    ref: str | None = None
    ref_at: int = -10**9
    quarter: str | None = None  # the last quarter mentioned ("2018-Q3"): the period a report is about
    quarter_at: int = -10**9
    start: int = 0
    end: int = 0

    @classmethod
    def of(cls, published: PublishedDate | None, text: str) -> "Context":
        if not published or not published.value:
            return cls(None, None, None, text)
        parts = [int(p) for p in published.value.split("-")]
        y = parts[0]
        m = parts[1] if len(parts) > 1 else None
        d = date(y, m, parts[2]) if len(parts) > 2 else None
        return cls(y, m, d, text)

    def tense(self) -> str:
        return tense_at(self.text, self.start, self.end)

    def remember(self, value: str) -> None:
        self.ref = value
        self.ref_at = self.end
        if _QUARTER.fullmatch(value):
            self.quarter, self.quarter_at = value, self.end

    def note_duration(self, value: str | None) -> None:
        """"the first nine months", "six months": a report has moved on from a single quarter."""
        if value and re.fullmatch(r"P(?:[4-9]|1[01])M|P[23]Q", value):
            self.quarter = None

    def quarter_in_play(self, default: bool = True) -> str | None:
        """The quarter a financial report is about: the last one mentioned, else (``default``) the
        last one completed before publication, reports coming out after their quarter ends."""
        if self.quarter:
            return self.quarter
        if not default or self.year is None or self.month is None:
            return None
        y, mo = shift_months(self.year, self.month, -3)
        return f"{y}-Q{(mo - 1) // 3 + 1}"

    def period_ref(self, within: int = 400) -> str | None:
        """The last date mentioned nearby, widened to the quarter in play when it lies inside it:
        after "the quarter ended Sept. 30", "a year earlier" is that quarter a year before."""
        near = self.near_ref(within)
        if near and self.quarter and near != self.quarter and self.start - self.quarter_at <= within:
            inner, outer = value_range(near), value_range(self.quarter)
            if inner and outer and outer[0] <= inner[0] and inner[1] <= outer[1]:
                return self.quarter
        return near

    def near_ref(self, within: int = 400) -> str | None:
        """The last date mentioned, if it was mentioned close by (same or previous sentences)."""
        return self.ref if self.start - self.ref_at <= within else None


_QUARTER = re.compile(r"\d{4}-Q[1-4]")

# --------------------------------------------------------------------------- helpers


def month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def day_of(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def mod_of(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    if w.startswith(("early", "beginning", "the beginning", "the start", "start", "the first half", "first half", "earlier")):
        return "START"
    if w.startswith(("mid", "the middle", "middle")):
        return "MID"
    if w.startswith(("late", "the end", "end", "the close", "the second half", "second half", "last half", "the latter", "latter")):
        return "END"
    return None


def pick_year(ctx: Context, month: int, day: int | None, tense: str | None = None) -> int | None:
    """The year of a month (and day) named without one.

    A strong tense cue ("will", "was", "next", "ago"), or ``tense`` when given, picks the nearest
    occurrence on its side. Otherwise the nearest occurrence wins, news being told mostly in the
    past: a later occurrence counts as twice as far, unless a weak cue points to the future.
    """
    if ctx.year is None or ctx.month is None:
        return None
    if tense is None:
        tense, strong = tense_with_strength(ctx.text, ctx.start, ctx.end)
    else:
        strong = bool(tense)
    ref = ctx.day or date(ctx.year, ctx.month, 15)
    options = []
    for y in (ctx.year - 1, ctx.year, ctx.year + 1):
        try:
            options.append(date(y, month, day or 15))
        except ValueError:
            continue
    if not options:
        return None
    if ctx.day is None or day is None:
        # compare whole months: the publication month itself is "now"
        same = [d for d in options if (d.year, d.month) == (ctx.year, ctx.month)]
        if same:
            return same[0].year
    if strong and tense == "future":
        later = [d for d in options if d >= ref]
        return min(later).year if later else None
    if strong and tense == "past":
        earlier = [d for d in options if d <= ref]
        return max(earlier).year if earlier else None

    def cost(d: date) -> float:
        days = (d - ref).days
        if days > 0:
            return days * (1.0 if tense == "future" else 2.0)
        return -days * (2.0 if tense == "future" else 1.0)

    return min(options, key=cost).year


def unresolved(type_: str = "DATE", value: str | None = None) -> Resolved:
    return Resolved(type_, value, anchor_ok=False)


def year_value(text: str) -> int | None:
    """A year written as digits ("1998", "'98") or words ("nineteen ninety-eight")."""
    t = text.strip().lstrip("'’")
    if re.fullmatch(r"\d{4}", t):
        return int(t)
    if re.fullmatch(r"\d{2}", t):
        n = int(t)
        return 1900 + n if n >= 30 else 2000 + n
    return year_from_words(text)


# --------------------------------------------------------------------------- resolvers


def r_iso(m, ctx):
    d = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    if m["h"]:
        return Resolved("TIME", f"{d.isoformat()}T{int(m['h']):02d}:{m['mi']}")
    return Resolved("DATE", d.isoformat())


def r_slash(m, ctx):
    y = year_value(m["y"])
    return Resolved("DATE", date(y, int(m["mo"]), int(m["d"])).isoformat())


def r_full(m, ctx):
    return Resolved("DATE", date(year_value(m["y"]), month_of(m["mon"]), day_of(m["d"])).isoformat())


def r_month_day(m, ctx):
    month, day = month_of(m["mon"]), day_of(m["d"])
    date(2000, month, day)  # raises ValueError for a day no month has (2000 is a leap year)
    if m.groupdict().get("wd") and ctx.day:
        # a weekday fixes the year: the occurrence near the publication date that falls on it
        wd = WEEKDAYS[m["wd"].lower()]
        for y in (ctx.year, ctx.year - 1, ctx.year + 1):
            try:
                if date(y, month, day).weekday() == wd:
                    return Resolved("DATE", date(y, month, day).isoformat())
            except ValueError:
                continue
    y = pick_year(ctx, month, day)
    if y is None:
        return unresolved("DATE", f"XXXX-{month:02d}-{day:02d}")
    return Resolved("DATE", date(y, month, day).isoformat())


def r_month_year(m, ctx):
    return Resolved("DATE", f"{year_value(m['y']):04d}-{month_of(m['mon']):02d}", mod_of(m.groupdict().get("mod")))


def r_month_relative_year(m, ctx):
    """"June last year", "January this year", "March of next year"."""
    if ctx.year is None:
        return unresolved("DATE", f"XXXX-{month_of(m['mon']):02d}")
    y = ctx.year + {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
    return Resolved("DATE", f"{y:04d}-{month_of(m['mon']):02d}", mod_of(m.groupdict().get("mod")))


def r_month_disjunction(m, ctx):
    m1, m2 = month_of(m["mon"]), month_of(m["mon2"])
    y = year_value(m["y"]) if m.groupdict().get("y") else pick_year(ctx, m1, None)
    if y is None:
        return unresolved("DATE", f"XXXX-{m1:02d}")
    y2 = y if m2 >= m1 else y + 1
    return Resolved("DATE", f"{y:04d}-{m1:02d}", mod_of(m.groupdict().get("mod")), until=f"{y2:04d}-{m2:02d}")


def r_month(m, ctx):
    month = month_of(m["mon"])
    rel = (m.groupdict().get("rel") or "").lower()
    tense = {"last": "past", "next": "future"}.get(rel)
    if rel == "this" and ctx.year is not None:
        y = ctx.year
    else:
        y = pick_year(ctx, month, None, tense)
    if y is None:
        return unresolved("DATE", f"XXXX-{month:02d}")
    return Resolved("DATE", f"{y:04d}-{month:02d}", mod_of(m.groupdict().get("mod")))


def r_year_range(m, ctx):
    y1, raw = int(m["y"]), m["y2"]
    y2 = int(raw) if len(raw) == 4 else (y1 // 100) * 100 + int(raw)
    if y2 <= y1:
        return None
    return Resolved("DATE", f"{y1:04d}", until=f"{y2:04d}")


def r_year(m, ctx):
    y = year_value(m["y"])
    return Resolved("DATE", f"{y:04d}", mod_of(m.groupdict().get("mod"))) if y else None


def r_decade(m, ctx):
    raw = m["dec"].lower().lstrip("'’")
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
             "eighties": 8, "nineties": 9}
    if raw in words:
        decade = 190 + words[raw]
    elif len(raw) == 2:
        decade = 190 + int(raw[0]) if int(raw[0]) >= 2 else 200 + int(raw[0])
    else:
        decade = int(raw[:3])
    return Resolved("DATE", f"{decade:03d}", mod_of(m.groupdict().get("mod")))  # TIMEX3: the 1990s is "199"


def r_century(m, ctx):
    raw = (m.groupdict().get("n") or "").lower()
    rel = (m.groupdict().get("rel") or "").lower()
    if raw:
        n = int(re.sub(r"\D", "", raw)) if raw[0].isdigit() else {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18}.get(raw)
        if not n:
            return None
        return Resolved("DATE", f"{n - 1:02d}", mod_of(m.groupdict().get("mod")))  # TIMEX3: the 20th century is "19"
    if ctx.year is None:
        return unresolved("DATE", None)
    c = ctx.year // 100 + {"last": -1, "next": 1}.get(rel, 0)
    return Resolved("DATE", f"{c:02d}", mod_of(m.groupdict().get("mod")))


def _current_quarter(ctx) -> tuple[int, int] | None:
    if ctx.year is None or ctx.month is None:
        return None
    return ctx.year, (ctx.month - 1) // 3 + 1


def _ref_year(ctx) -> int | None:
    if ctx.ref and re.match(r"\d{4}", ctx.ref):
        return int(ctx.ref[:4])
    return ctx.year


def r_quarter(m, ctx):
    word = (m.groupdict().get("q") or "").lower()
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(word)
    pre = (m.groupdict().get("pre") or "").lower()
    if m.groupdict().get("y"):
        return Resolved("DATE", f"{year_value(m['y'])}-Q{q}")
    rely = (m.groupdict().get("rely") or "").lower()
    if rely and q and ctx.year is not None:  # "next year's first quarter"
        return Resolved("DATE", f"{ctx.year + {'last': -1, 'next': 1}.get(rely, 0)}-Q{q}")
    cur = _current_quarter(ctx)
    if cur is None:
        return unresolved("DATE", f"XXXX-Q{q}" if q else "XXXX-QX")
    y, cq = cur
    if "year-earlier" in pre or "year-ago" in pre or "year earlier" in pre:
        base = ctx.quarter_in_play()
        return Resolved("DATE", f"{int(base[:4]) - 1}-Q{q or base[-1]}", anchor_ok=False)
    if q is None:
        if pre in ("this", "the current", "current"):
            return Resolved("DATE", f"{y}-Q{cq}")
        if pre in ("next", "the next", "the coming", "the following"):
            yy, mm = shift_months(y, 3 * cq, 3)
            return Resolved("DATE", f"{yy}-Q{(mm - 1) // 3 + 1}")
        near = ctx.near_ref()
        if near and re.fullmatch(r"\d{4}-Q\d", near) and pre in ("the", "the same"):
            return Resolved("DATE", near)
        yy, mm = shift_months(y, 3 * cq, -3)  # "the latest quarter": the last one reported
        return Resolved("DATE", f"{yy}-Q{(mm - 1) // 3 + 1}")
    if q > cq and ctx.tense() != "future":
        return Resolved("DATE", f"{y - 1}-Q{q}")
    return Resolved("DATE", f"{y}-Q{q}")


def r_half(m, ctx):
    h = 1 if m["h"].lower() == "first" else 2
    rel = (m.groupdict().get("rel") or "").lower()
    if m.groupdict().get("y"):
        return Resolved("DATE", f"{year_value(m['y'])}-H{h}")
    y = _ref_year(ctx)
    if y is None:
        return unresolved("DATE", f"XXXX-H{h}")
    y += {"next": 1, "last": -1}.get(rel, 0)
    return Resolved("DATE", f"{y}-H{h}")


def r_season(m, ctx):
    code = SEASONS[m["s"].lower()]
    rel = (m.groupdict().get("rel") or "").lower()
    if m.groupdict().get("y"):
        return Resolved("DATE", f"{year_value(m['y'])}-{code}", mod_of(m.groupdict().get("mod")))
    if ctx.year is None:
        return unresolved("DATE", f"XXXX-{code}")
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    if rel in ("this", "the", ""):
        y = pick_year(ctx, first, None, None if rel != "this" else "")
        if rel == "this":
            y = ctx.year
    elif rel in ("last", "past", "this past"):
        y = pick_year(ctx, first, None, "past")
        if y == ctx.year and ctx.month is not None and ctx.month <= first + 2 and ctx.month >= first:
            y -= 1
    else:
        y = pick_year(ctx, first, None, "future")
    if y is None:
        return unresolved("DATE", f"XXXX-{code}")
    return Resolved("DATE", f"{y}-{code}", mod_of(m.groupdict().get("mod")))


def r_holiday(m, ctx):
    name = re.sub(r"\s+", " ", m["name"].lower().replace("’", "'"))
    rule = HOLIDAYS[name]
    year = year_value(m["y"]) if m.groupdict().get("y") else None

    def on(y: int) -> date:
        if len(rule) == 2:
            return date(y, rule[0], rule[1])
        d = nth_weekday(y, rule[0], rule[1], rule[2])
        return d + timedelta(days=rule[3] if len(rule) > 3 else 0)

    if year is None:
        if ctx.year is None:
            return unresolved("DATE", None)
        rel = (m.groupdict().get("rel") or "").lower()
        tense = {"last": "past", "next": "future"}.get(rel) or ctx.tense()
        ref = ctx.day or date(ctx.year, ctx.month or 7, 15)
        options = [on(y) for y in (ctx.year - 1, ctx.year, ctx.year + 1)]
        if tense == "future":
            chosen = min(d for d in options if d >= ref)
        elif tense == "past":
            chosen = max(d for d in options if d <= ref)
        else:
            chosen = min(options, key=lambda d: abs((d - ref).days))
        return Resolved("DATE", chosen.isoformat())
    return Resolved("DATE", on(year).isoformat())


def _weekday_date(ctx, wd: int, rel: str) -> date | None:
    if ctx.day is None:
        return None
    tense = {"last": "past", "past": "past", "next": "future", "coming": "future", "this": ""}.get(rel)
    if tense is None or tense == "":
        tense = ctx.tense() or ("" if rel == "this" else "past")
    if tense == "future":
        offset = (wd - ctx.day.weekday()) % 7 or (7 if rel == "next" else 0)
        return ctx.day + timedelta(days=offset)
    if tense == "past":
        offset = (ctx.day.weekday() - wd) % 7 or (7 if rel == "last" else 0)
        return ctx.day - timedelta(days=offset)
    # "this Friday" with no cue: the one in the current week
    return ctx.day - timedelta(days=ctx.day.weekday()) + timedelta(days=wd)


def r_weekday(m, ctx):
    wd = WEEKDAYS[m["wd"].lower()]
    d = _weekday_date(ctx, wd, (m.groupdict().get("rel") or "").lower())
    if d is None:
        return unresolved("DATE", f"XXXX-WXX-{wd + 1}")
    part = m.groupdict().get("part")
    if part:
        return Resolved("TIME", f"{d.isoformat()}T{PARTS_OF_DAY[part.lower()]}")
    return Resolved("DATE", d.isoformat())


def _deictic_day(ctx, word: str) -> date | None:
    if ctx.day is None:
        return None
    word = word.lower()
    offset = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
              "last": -1}.get(word, 0)
    return ctx.day + timedelta(days=offset)


def r_deictic(m, ctx):
    word = m["w"].lower()
    d = _deictic_day(ctx, word)
    if d is None:
        return unresolved("DATE", "PRESENT_REF" if word in ("today", "tonight") else None)
    if word == "tonight":
        return Resolved("TIME", f"{d.isoformat()}TNI")
    return Resolved("DATE", d.isoformat())


def r_part_of_day(m, ctx):
    anchor = (m["a"] or "").lower()
    part = PARTS_OF_DAY[m["part"].lower()]
    if anchor in WEEKDAYS:
        d = _weekday_date(ctx, WEEKDAYS[anchor], "")
    else:
        d = _deictic_day(ctx, anchor if anchor in ("yesterday", "tomorrow", "last") else "today")
    if d is None:
        return unresolved("TIME", None)
    return Resolved("TIME", f"{d.isoformat()}T{part}")


def _narrative_day(ctx, day_word: str) -> date | None:
    """The day a time of day belongs to: the one named ("Tuesday", "yesterday"), else the last day
    the story mentioned, else the publication date."""
    if day_word in WEEKDAYS:
        return _weekday_date(ctx, WEEKDAYS[day_word], "")
    near = ctx.near_ref(1000)
    if not day_word and near and re.fullmatch(r"\d{4}-\d{2}-\d{2}", near):
        return date.fromisoformat(near)
    return _deictic_day(ctx, day_word or "today")


def r_midday(m, ctx):
    """"midday" is noon; "mid-morning" and "mid-afternoon" are those parts of the day."""
    part = m["part"].lower()
    suffix = "12:00" if part.endswith("day") else PARTS_OF_DAY[re.sub(r"^mid[- ]?", "", part)]
    d = _narrative_day(ctx, (m.groupdict().get("a") or "").lower())
    return Resolved("TIME", f"{d.isoformat() if d else 'XXXX-XX-XX'}T{suffix}", anchor_ok=False)


def r_clock(m, ctx):
    g = m.groupdict()
    if g.get("word"):
        hh, mm = (12, 0) if g["word"].lower() == "noon" else (24, 0)
    elif g.get("h24"):
        hh, mm = int(g["h2"]), int(g["mi2"])
    else:
        hh, mm = int(g["h"]), int(g.get("mi") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hh < 12:
            hh += 12
        if ampm == "am" and hh == 12:
            hh = 0
        if hh > 24 or mm > 59:
            return None
    if g.get("mon"):
        month, day = month_of(g["mon"]), day_of(g["d"])
        y = pick_year(ctx, month, day)
        d = date(y, month, day) if y else None
    else:
        d = _narrative_day(ctx, (g.get("day") or g.get("day2") or "").lower())
    if d is None:
        return Resolved("TIME", f"XXXX-XX-XXT{hh:02d}:{mm:02d}", anchor_ok=False)
    return Resolved("TIME", f"{d.isoformat()}T{hh:02d}:{mm:02d}", anchor_ok=False)


def r_relative_unit(m, ctx):
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    mod = mod_of(m.groupdict().get("mod"))
    step = {"last": -1, "the last": -1, "the past": -1, "past": -1, "the previous": -1, "previous": -1,
            "next": 1, "the next": 1, "the coming": 1, "coming": 1, "the following": 1}.get(rel, 0)
    if unit in ("year", "fiscal year"):
        if ctx.year is None:
            return unresolved("DATE", None)
        return Resolved("DATE", f"{ctx.year + step}", mod)
    if unit == "month":
        if ctx.month is None:
            return unresolved("DATE", None)
        y, mo = shift_months(ctx.year, ctx.month, step)
        return Resolved("DATE", f"{y}-{mo:02d}", mod)
    if unit == "decade":
        if ctx.year is None:
            return unresolved("DATE", None)
        return Resolved("DATE", f"{ctx.year // 10 + step:03d}", mod)
    if ctx.day is None:
        return unresolved("DATE", None)
    if unit == "weekend":
        saturday = ctx.day + timedelta(days=(5 - ctx.day.weekday()) % 7)
        if step < 0 or (step == 0 and ctx.tense() == "past"):
            saturday -= timedelta(days=7)
        return Resolved("DATE", iso_week(saturday) + "-WE")
    return Resolved("DATE", iso_week(ctx.day + timedelta(weeks=step)), mod)


def r_the_weekend(m, ctx):
    if ctx.day is None:
        return unresolved("DATE", None)
    tense = ctx.tense() or "past"
    saturday = ctx.day + timedelta(days=(5 - ctx.day.weekday()) % 7)
    if tense == "past" and saturday > ctx.day:
        saturday -= timedelta(days=7)
    return Resolved("DATE", iso_week(saturday) + "-WE")


def r_the_year(m, ctx):
    """"the year ended March 31" and "throughout the year" are twelve months, a duration; "for the
    (full) year" in a report is the current year, a date."""
    if re.search(r"\b(?:over|throughout)\s+$", ctx.text[max(0, ctx.start - 12):ctx.start], re.I) or \
            re.match(r"\s+end(?:ing|ed)\b", ctx.text[ctx.end:ctx.end + 10], re.I):
        return Resolved("DURATION", "P1Y")
    # "the full (current, fiscal) year" is the publication's; a bare "the year" may continue a story
    y = ctx.year if re.search(r"full|current|fiscal|calendar", m.group(0), re.I) else _ref_year(ctx)
    if y is None:
        return unresolved("DATE", None)
    return Resolved("DATE", f"{y}", mod_of(m.groupdict().get("mod")))


def r_anaphoric(m, ctx):
    """"a year earlier", "the following day": relative to the last date mentioned (else the
    publication date)."""
    unit = m["unit"].lower()
    direction = (m["dir"] or m.groupdict().get("dir2")).lower()
    n = parse_number(m.groupdict().get("n") or "a")
    if n is None or n < 1 or n != int(n):
        # "a few days later", "half a year later": no exact date, a vague span from the last one
        return Resolved("DURATION", duration_value(n, unit_code(unit)))
    sign = -1 if direction in ("earlier", "before", "previous", "prior", "ago", "-earlier", "-ago") else 1
    # "the following month" continues a narrative: the last date mentioned, however far back
    near = ctx.ref if direction in ("following", "next", "previous", "prior") else ctx.period_ref()
    if direction.startswith("-"):
        # "year-ago results": the period a year before now, unless a quarter is in play
        near = ctx.quarter_in_play(default=bool(m.groupdict().get("noun"))) or (near if near and "-Q" in near else None)
    base = near or (ctx.day.isoformat() if ctx.day else (f"{ctx.year}-{ctx.month:02d}" if ctx.month else None))
    if direction.startswith("-") and base and not near and ctx.year:
        base = str(ctx.year)
    if base is None:
        return unresolved("DATE", None)
    step = int(n) * sign
    if unit == "year":
        q = re.fullmatch(r"(\d{4})(-(?:Q\d|H\d|SU|SP|FA|WI))?(?:-.*)?", base)
        if not q:
            return unresolved("DATE", None)
        # a quarter, half or season a year earlier keeps its granularity; anything else is the year
        return Resolved("DATE", f"{int(q[1]) + step}{q[2] or ''}", anchor_ok=False)
    rng = value_range(base)
    if rng is None:
        return unresolved("DATE", None)
    d = rng[0]
    if unit == "day":
        return Resolved("DATE", (d + timedelta(days=step)).isoformat(), anchor_ok=False)
    if unit == "week":
        return Resolved("DATE", iso_week(d + timedelta(weeks=step)), anchor_ok=False)
    if unit == "month":
        y, mo = shift_months(d.year, d.month, step)
        return Resolved("DATE", f"{y}-{mo:02d}", anchor_ok=False)
    return None


def r_weekday_from_ref(m, ctx):
    """"the previous Friday", "the following Monday": the nearest such day before (after) the last
    day mentioned, else the publication date."""
    base = date.fromisoformat(ctx.ref) if ctx.ref and len(ctx.ref) == 10 else ctx.day
    if base is None:
        return unresolved("DATE", None)
    wd = WEEKDAYS[m["wd"].lower()]
    if m["dir"].lower() == "previous":
        return Resolved("DATE", (base - timedelta(days=(base.weekday() - wd) % 7 or 7)).isoformat())
    return Resolved("DATE", (base + timedelta(days=(wd - base.weekday()) % 7 or 7)).isoformat())


def r_same_day(m, ctx):
    """"that day": the last day mentioned; with none, "that day" is no time expression we can use."""
    if ctx.ref and len(ctx.ref) == 10:
        return Resolved("DATE", ctx.ref, anchor_ok=False)
    return None


def r_ago(m, ctx):
    n = parse_number(m["n"])
    code = unit_code(m["unit"])
    if n is None:
        return Resolved("DATE", "PAST_REF", anchor_ok=False)
    n = int(n)
    if ctx.year is None:
        return unresolved("DATE", None)
    near = ctx.period_ref()
    if code == "Y" and near and _QUARTER.fullmatch(near):
        return Resolved("DATE", f"{int(near[:4]) - n}{near[4:]}", anchor_ok=False)
    if code == "Y":
        # "a year ago" compares (profit was lower a year ago); "ten years ago" may start a story
        return Resolved("DATE", f"{ctx.year - n}", anchor_ok=n > 1)
    if code == "DE":  # "a decade ago" is ten years ago, like "ten years ago"
        return Resolved("DATE", f"{ctx.year - 10 * n}")
    if ctx.month is None:
        return unresolved("DATE", None)
    if code == "M":
        y, mo = shift_months(ctx.year, ctx.month, -n)
        return Resolved("DATE", f"{y}-{mo:02d}")
    if code == "Q":
        y, mo = shift_months(ctx.year, ctx.month, -3 * n)
        return Resolved("DATE", f"{y}-Q{(mo - 1) // 3 + 1}")
    if ctx.day is None:
        return unresolved("DATE", None)
    if code == "W":
        return Resolved("DATE", iso_week(ctx.day - timedelta(weeks=n)))
    if code == "D":
        return Resolved("DATE", (ctx.day - timedelta(days=n)).isoformat())
    return Resolved("DATE", ctx.day.isoformat(), anchor_ok=False) if code in ("H", "MIN") else None  # hours ago: today


# a fraction of a unit in the next smaller unit: half a year is P6M, 2 1/2 hours PT2H30M
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60),
            "DE": ("Y", 10), "CE": ("Y", 100)}


def duration_value(n: float | None, code: str) -> str:
    """P2Y, PT3H, PXM, P10Y (a decade), P6M (half a year), P2Y6M, PT1M30S..."""
    if n is not None and n != int(n) and code in _SMALLER:
        whole = int(n)
        small, per = _SMALLER[code]
        part = round((n - whole) * per)
        if code in ("DE", "CE"):
            return f"P{whole * (10 if code == 'DE' else 100) + part}Y"
        date_units = [(whole, code), (part, small)]
        head = "".join(f"{k}{'M' if u == 'MIN' else u}" for k, u in date_units if k and u in ("Y", "M", "W", "D"))
        tail = "".join(f"{k}{'M' if u == 'MIN' else u}" for k, u in date_units if k and u in ("H", "MIN", "S"))
        return "P" + head + ("T" + tail if tail else "")
    n_text = "X" if n is None else str(int(n))
    if code == "DE":
        return f"P{int(n) * 10}Y" if n is not None and n == int(n) else "PXDE"
    if code == "CE":
        return f"P{int(n) * 100}Y" if n is not None and n == int(n) else "PXCE"
    if code == "Q":
        return f"P{n_text}Q"
    if code == "FN":
        return f"P{int(n) * 2}W" if n is not None and n == int(n) else "PXW"
    if code in ("H", "MIN", "S"):
        return f"PT{n_text}{'M' if code == 'MIN' else code}"
    return f"P{n_text}{code}"


def r_duration(m, ctx):
    n_text = m.groupdict().get("n")
    n = parse_number(n_text) if n_text else None
    if n is not None and m.groupdict().get("half"):
        n += 0.5
    return Resolved("DURATION", duration_value(n, unit_code(m["unit"])))


def r_set(m, ctx):
    word = (m.groupdict().get("w") or "").lower()
    every = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
             "annually": "P1Y", "annual": "P1Y", "quarterly": "P3M", "hourly": "PT1H"}
    if word in every:
        return Resolved("SET", every[word])
    unit = m["unit"].lower()
    if unit in WEEKDAYS:
        part = (m.groupdict().get("part") or "").lower()
        return Resolved("SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}" + (f"T{PARTS_OF_DAY[part]}" if part else ""))
    if unit.rstrip(".") in MONTHS:
        return Resolved("SET", f"XXXX-{month_of(unit):02d}")
    if unit in PARTS_OF_DAY:
        return Resolved("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[unit]}")
    return Resolved("SET", duration_value(1, unit_code(unit)))


def r_soon(m, ctx):
    """"will soon move" is a future reference; "was soon released" narrates, it dates nothing."""
    return None if ctx.tense() == "past" else Resolved("DATE", "FUTURE_REF", anchor_ok=False)


def r_ref(value: str):
    def resolve(m, ctx):
        return Resolved("DATE", value, anchor_ok=False)
    return resolve


def r_fiscal(m, ctx):
    if m.groupdict().get("y"):
        return Resolved("DATE", f"{year_value(m['y'])}")
    return r_the_year(m, ctx)


def r_week_of(m, ctx):
    inner = r_month_day(m, ctx)
    if inner is None or not inner.value or inner.value.startswith("X"):
        return inner
    return Resolved("DATE", iso_week(date.fromisoformat(inner.value)))


def r_year_end(m, ctx):
    y = year_value(m["y"]) if m.groupdict().get("y") else ctx.year
    if y is None:
        return unresolved("DATE", None)
    return Resolved("DATE", f"{y}", "END")


def r_that_year(m, ctx):
    """"that year", "later that year": the year of the last date mentioned."""
    if ctx.ref and re.match(r"\d{4}", ctx.ref):
        return Resolved("DATE", ctx.ref[:4], mod_of(m.groupdict().get("mod")), anchor_ok=False)
    return unresolved("DATE", None)


def r_period_part(m, ctx):
    """"the end of the month": the current month (week, year) narrowed by the modifier."""
    unit, mod = m["unit"].lower(), mod_of(m["mod"])
    if unit == "year":
        return Resolved("DATE", f"{ctx.year}", mod) if ctx.year else unresolved("DATE", None)
    if unit == "month":
        return Resolved("DATE", f"{ctx.year}-{ctx.month:02d}", mod) if ctx.month else unresolved("DATE", None)
    return Resolved("DATE", iso_week(ctx.day), mod) if ctx.day else unresolved("DATE", None)


def r_quarter_in_play(m, ctx):
    """"the latest period", "that quarter": the quarter a report is about."""
    q = ctx.quarter_in_play()
    return Resolved("DATE", q, anchor_ok=False) if q else unresolved("DATE", "XXXX-QX")


def r_year_period(m, ctx):
    """"the 1988 quarter", "the 1989 period": in a report, the quarter in play in that year."""
    y = year_value(m["y"])
    q = ctx.quarter_in_play(default=m["noun"].lower() == "quarter")
    return Resolved("DATE", f"{y}{q[4:]}" if q else f"{y}", anchor_ok=False)


def r_year_before_period(m, ctx):
    """"last year's quarter", "the corresponding period last year": the quarter in play, a year
    before; a period with no quarter in play is last year."""
    q = ctx.quarter_in_play(default="quarter" in m.group(0).lower())
    if q:
        return Resolved("DATE", f"{int(q[:4]) - 1}{q[4:]}", anchor_ok=False)
    return Resolved("DATE", f"{ctx.year - 1}", anchor_ok=False) if ctx.year else unresolved("DATE", None)
