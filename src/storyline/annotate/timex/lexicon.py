"""The words of time: months, weekdays, number words, units, seasons, parts of day, holidays."""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# the abbreviations the patterns accept ("Sun. May 30, 2010", "Thurs. night")
WEEKDAYS.update({a: n for n, abbrevs in enumerate(("mon.", "tue. tues.", "wed.", "thu. thur. thurs.", "fri.", "sat.", "sun."))
                 for a in abbrevs.split()})
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}

_UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W", "fortnight": "FN",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
}


def unit_code(word: str) -> str:
    """"years" -> "Y", "decade" -> "DE" (TIMEX3 duration units; minutes are "MIN" here)."""
    w = word.lower().rstrip(".")
    if w.endswith("ies"):
        w = w[:-3] + "y"
    elif w.endswith("s") and w[:-1] in _UNITS:
        w = w[:-1]
    return _UNITS.get(w) or _UNITS[w.rstrip("s")]


_SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12, "single": 1, "couple": 2, "half": 0.5, "hundred": 100,
}
VAGUE = {"few", "several", "many", "some", "couple of", "number of", "handful of"}

NUMBER_WORD = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
               r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)")
# "24", "twenty-four", "twenty four", "a", "a couple of", "several", "a dozen", "two and a half"
NUMBER = (rf"(?:\d{{1,3}}\s+1/2|\d{{1,3}}(?:\.\d+)?|{NUMBER_WORD}(?:[- ]{NUMBER_WORD})?(?:\s+and\s+a\s+half)?|a\s+couple\s+of|a\s+few|"
          r"a\s+dozen|a\s+hundred|a\s+number\s+of|a\s+handful\s+of|an?|few|several|many|some|half\s+an?|a\s+half|couple\s+of)")


def parse_number(text: str) -> float | None:
    """The value of a number in words or digits; ``None`` for vague amounts ("several", "a few")."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if t in VAGUE or t in ("a few", "a number of", "a handful of", "a couple of", "couple of"):
        return 2 if "couple" in t else None
    if t in ("half a", "half an", "a half"):
        return 0.5
    if t in ("another", "an additional"):
        return 1
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    if re.fullmatch(r"\d+ 1/2", t):
        return float(t.split()[0]) + 0.5
    total = 0.0
    half = t.endswith(" and a half")
    if half:
        t = t[: -len(" and a half")]
    if t in ("a dozen", "a hundred"):
        return 12 if t == "a dozen" else 100
    for part in re.split(r"[- ]", t):
        if part not in _SMALL:
            return None
        total += _SMALL[part]
    return total + (0.5 if half else 0)


def year_from_words(text: str) -> int | None:
    """"nineteen ninety-six" -> 1996, "two thousand" -> 2000, "two thousand and one" -> 2001."""
    t = re.sub(r"[\s-]+", " ", text.lower()).strip()
    m = re.fullmatch(r"two thousand(?: and)?(?: (.+))?", t)
    if m:
        rest = parse_number(m[1]) if m[1] else 0
        return 2000 + int(rest) if rest is not None and rest < 100 else None
    m = re.fullmatch(r"(nineteen|eighteen) (.+)", t)
    if m:
        rest = parse_number(m[2])
        if rest is not None and 10 <= rest < 100:
            return (1900 if m[1] == "nineteen" else 1800) + int(rest)
    return None


def nth_weekday(year: int, month: int, weekday: int, n: int):
    """The n-th (1-based; -1 = last) given weekday of a month."""
    import calendar
    from datetime import date

    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    return date(year, month, days[n - 1] if n > 0 else days[n])


# name -> (month, day), or (month, weekday, n[, days after]) for "the n-th weekday of the month"
HOLIDAYS = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
    "independence day": (7, 4), "fourth of july": (7, 4), "july fourth": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "boxing day": (12, 26), "veterans day": (11, 11), "armistice day": (11, 11),
    "thanksgiving day": (11, 3, 4), "thanksgiving": (11, 3, 4), "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3), "presidents' day": (2, 0, 3),
    "election day": (11, 0, 1, 1),  # US: the day after the first Monday of November
}
