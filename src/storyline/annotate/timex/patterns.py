"""The surface patterns of time expressions, most specific first.

Each ``Pattern`` pairs a regular expression with its resolver; a named group ``t`` (when present)
is the expression's span, so context words ("in", "said") can be required without being tagged.
Month names are matched case-sensitively ("may" and "march" are not months), most other words
case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import resolve as r
from .lexicon import HOLIDAYS, NUMBER

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
FULL_MONTH_SAFE = r"(?:January|February|April|June|July|August|September|October|November|December)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon\.|Tue\.|Tues\.|Wed\.|Thu\.|Thur\.|Thurs\.|Fri\.|Sat\.|Sun\.)"
WEEKDAY_I = r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
SPOKEN_YEAR = (r"(?i:(?:nineteen|eighteen)[- ](?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
               r"eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
               r"four|five|six|seven|eight|nine))?)|two thousand(?: and)?(?:[- ](?:one|two|three|four|five|six|seven|"
               r"eight|nine|ten))?)")
MOD = r"(?i:early|mid|late|earlier|later|the\s+(?:end|beginning|start|middle|close)\s+of|(?:the\s+)?end\s+of|beginning\s+of)"
UNIT = r"(?i:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))"
CAL_UNIT = r"(?i:days?|weeks?|months?|quarters?|years?|decades?)"
TZ = r"(?:\s*(?:a\.m\.|p\.m\.|am|pm)\b)?(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|local time))?"
B = r"(?<![\w'’-])"  # left boundary
E = r"(?![\w])"  # right boundary
I = re.I
# a number in any case ("A year ago", "Three days later"); the look-ahead on its first letters keeps
# the case-insensitive match from being tried at every position
NUMBER_ANY_CASE = rf"(?=[\dZzOoTtFfSsEeNnAaCcHhMmDd])(?i:{NUMBER})"


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern
    resolve: Callable
    accept: Callable = lambda m, text: True  # noqa: E731


def p(name, regex, resolve, flags=0, accept=None) -> Pattern:
    return Pattern(name, re.compile(regex, flags), resolve, accept or (lambda m, text: True))


_QUANTITY_NOUN = re.compile(r"\s+(?:(?!was\b|is\b|has\b|had\b|will\b|saw\b|and\b|or\b|to\b|when\b|after\b|before\b|"
                            r"in\b|on\b|at\b|for\b|as\b|with\b|than\b)[a-z]+\b|%|percent)")
_YEAR_NOUN = re.compile(r"\s+[Yy]ear\b")
_CLOCK_ZONE = re.compile(r"\s*(?:[ECMP][SD]T|GMT|UTC|BST|CET|hrs|local time)\b")  # "at 2032 GMT" is a clock time
_DETERMINER = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our|that|this|in|of|since|by|until|till|from|during|"
                         r"before|after|for|to|through|between|and|or|year|early|late|mid|spring|summer|autumn|fall|"
                         r"winter|fiscal|calendar|circa|around|about)\s+|['’]s\s+|[(,]\s*|-)$", re.I)


def _looks_like_year(m, text) -> bool:
    """A four-digit number is a year unless it counts something ("2000 people", "$1998", "No. 1997")."""
    start, end = m.span("t")
    before = text[max(0, start - 12):start]
    if re.search(r"[$£€#]\s*$|\bNo\.\s*$|\d[,.]?\s*$", before):
        return False
    if re.match(r"[,.]\d|\s*-\s*\d", text[end:end + 3]):
        return False
    if _YEAR_NOUN.match(text, end) or _CLOCK_ZONE.match(text, end):
        return False
    if _QUANTITY_NOUN.match(text, end) and not _DETERMINER.search(before):
        return False
    return True


def _not_age(m, text) -> bool:
    """"a 6-year-old", "the 44-year-old": ages are not durations."""
    return not re.match(r"-?old\b|\s+old\b", text[m.end():m.end() + 5])


_HOLIDAY_NAMES = "|".join(sorted((re.escape(h).replace(r"\ ", r"\s+").replace("'", "['’]") for h in HOLIDAYS), key=len, reverse=True))

PATTERNS: list[Pattern] = [
    # absolute dates and date-times
    p("iso", rf"{B}(?P<y>{YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])(?:[T ](?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::\d\d)?)?{E}", r.r_iso),
    p("slash", rf"{B}(?P<mo>0?[1-9]|1[0-2])/(?P<d>[0-2]?\d|3[01])/(?P<y>\d{{4}}|\d{{2}}){E}", r.r_slash),
    p("full", rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR}|'\d\d){E}", r.r_full),
    p("full", rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH}),?\s+(?P<y>{YEAR}){E}", r.r_full),
    # clock times, with a day before or after: "3 p.m. Tuesday", "Tuesday at noon", "10:30 a.m. EST"
    p("clock", rf"{B}(?:(?P<day>{WEEKDAY_I}|(?i:today|yesterday|tomorrow))\s+(?:(?i:at|around|about)\s+)?)?"
               rf"(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ampm>a\.\s?m\.|p\.\s?m\.|(?i:am|pm)\b)|(?P<h24>(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d))(?=\s*(?:[ECMP][SD]T|GMT|UTC))|(?P<word>(?i:noon|midnight)))"
               rf"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|local time))?"
               rf"(?:,?\s+(?:(?i:on)\s+)?(?:(?P<day2>{WEEKDAY_I}|(?i:today|yesterday|tomorrow))|(?P<mon>{MONTH})\s+(?P<d>{DAY})))?{E}", r.r_clock),
    # "mid-afternoon", "midday yesterday": a part of the narrative's day
    p("midday", rf"{B}(?P<part>(?i:mid[- ]?(?:morning|afternoon|day)|midday))(?:\s+(?P<a>(?i:yesterday|today|tomorrow)|{WEEKDAY_I}))?{E}", r.r_midday),
    # parts of the day: "this morning", "Tuesday night", "last night"
    p("partofday", rf"{B}(?P<a>(?i:this|yesterday|tomorrow|last)|{WEEKDAY})\s+(?P<part>(?i:morning|afternoon|evening|night)){E}", r.r_part_of_day),
    # month ranges and disjunctions: "January or February", "June-July 1998"
    p("monthdisj", rf"{B}(?:(?P<mod>{MOD})\s*-?\s*)?(?P<mon>{MONTH})(?:\s*(?:,|or|and|to|-|–|through)\s*|,\s*(?:or|and)\s+)(?P<mon2>{MONTH}){E}(?!\s+\d{{1,2}}\b)(?:,?\s+(?P<y>{YEAR}))?", r.r_month_disjunction),
    p("monthyear", rf"{B}(?:(?P<mod>{MOD})\s*-?\s*)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR}|'\d\d|{SPOKEN_YEAR}){E}", r.r_month_year),
    p("monthrelyear", rf"{B}(?:(?P<mod>{MOD})\s*-?\s*)?(?P<mon>{MONTH}),?\s+(?:(?i:of)\s+)?(?P<rel>(?i:last|this|next))\s+(?i:year){E}", r.r_month_relative_year),
    p("yearrange", rf"{B}(?P<y>{YEAR})\s*(?:-|–|/)\s*(?P<y2>{YEAR}|\d\d){E}(?!\s*(?:%|per))", r.r_year_range),
    p("weekof", rf"{B}(?i:the\s+week\s+of)\s+(?P<mon>{MONTH})\s+(?P<d>{DAY}){E}", r.r_week_of),
    # the last day of "April 24 and 25" is a date of its own (the first is matched next)
    p("monthday", rf"{B}(?P<mon>{MONTH})\s+{DAY}(?:,\s*{DAY})*,?\s+(?:and|or)\s+(?P<t>(?P<d>{DAY})){E}(?![,.]?\d)(?!\s*(?:%|per|million|billion))", r.r_month_day),
    p("monthday", rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAY}){E}(?![,.]?\d)(?!\s*(?:%|per|million|billion))", r.r_month_day),
    p("monthday", rf"{B}(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH}){E}", r.r_month_day),
    p("holiday", rf"{B}(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>(?i:{_HOLIDAY_NAMES}))(?:,?\s+(?P<y>{YEAR}))?{E}", r.r_holiday),
    # quarters and halves
    p("quarter", rf"{B}(?P<rely>(?i:last|this|next))\s+(?i:year['’]s)\s+(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ](?i:quarter){E}", r.r_quarter),
    p("quarter", rf"{B}(?:(?i:the)\s+)?(?:(?P<pre>{YEAR}|(?i:fiscal|latest|last|past|previous|current|recent|most\s+recent|same|year-earlier|year-ago|year\s+earlier|comparable|corresponding))\s+)?(?:(?i:fiscal)[- ])?"
                 rf"(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ](?i:quarter|period)(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<y>{YEAR})|\s+(?P<y3>{YEAR}))?{E}", 
      lambda m, ctx: r.r_quarter(_quarter_year(m), ctx)),
    # the quarter a financial report is about, in another year
    p("yearperiod", rf"{B}(?i:the)\s+(?P<y>{YEAR})\s+(?P<noun>(?i:quarter|period)){E}", r.r_year_period),
    p("periodyearago", rf"{B}(?:(?i:last\s+year['’]s)\s+(?i:quarter|period)|(?i:the\s+(?:same|corresponding|comparable)\s+(?:quarter|period)(?:\s+of)?\s+(?:last\s+year|a\s+year\s+(?:ago|earlier)))"
                      rf"|(?i:the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier))){E}", r.r_year_before_period),
    p("latestperiod", rf"{B}(?i:the\s+(?:latest|most\s+recent)\s+period|that\s+quarter){E}", r.r_quarter_in_play),
    p("thequarter", rf"{B}(?P<pre>(?i:the\s+(?:latest|last|past|previous|current|recent|most\s+recent|same|next|coming|following|year-earlier|year-ago)|this|next|the))\s+(?i:quarter){E}", r.r_quarter),
    # "the last half of the '80s": the end of a decade
    p("decade", rf"{B}(?i:the)\s+(?P<mod>(?i:first|second|last|latter)\s+half)\s+(?i:of)\s+(?i:the\s+)?(?P<dec>(?:1[6-9]|20)\d0|'\d0|\d0|(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))['’]?s{E}", r.r_decade),
    # "the first half of 1990", "the first two quarters of 1990"
    p("half", rf"{B}(?i:the)\s+(?P<h>(?i:first|second|last|latter))\s+(?i:half|two\s+quarters)(?:\s+(?i:of)\s+(?:(?P<y>{YEAR})|(?P<rel>(?i:this|next|last))\s+(?i:year)|(?i:the\s+year)))?{E}", r.r_half),
    # seasons: "this summer", "last fall", "spring 1998", "the winter of 1994"
    p("season", rf"{B}(?:(?P<mod>(?i:early|mid|late))[- ])?(?:(?P<rel>(?i:this\s+past|this|last|next|the|past|coming))\s+)?(?P<s>(?i:spring|summer|autumn|fall|winter))(?:\s+(?i:of\s+)?(?P<y>{YEAR}|{SPOKEN_YEAR}))?{E}",
      r.r_season, accept=lambda m, t: bool(m.group("rel") or m.group("y") or m.group("mod"))),
    # decades and centuries
    p("decade", rf"{B}(?i:the\s+)?(?:(?P<mod>(?i:early|mid|late))[- ]?)?(?P<dec>(?:1[6-9]|20)\d0|'\d0|\d0|(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))['’]?s?{E}",
      r.r_decade, accept=lambda m, t: bool(re.search(r"0s$|0's$|ies$", m.group(0), re.I)) and (m.group(0)[0] in "tT'" or bool(m.group("mod")) or m.group(0)[0].isdigit())),
    p("century", rf"{B}(?i:the\s+)?(?:(?P<mod>(?i:early|mid|late))[- ])?(?:(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:nineteenth|twentieth|twenty-first|eighteenth))|(?P<rel>(?i:this|last|next|the\s+last|the\s+next)))\s+(?i:century){E}", r.r_century),
    p("spokenyear", rf"{B}(?:(?i:the\s+year)\s+)?(?P<y>{SPOKEN_YEAR}){E}(?!\s+(?i:years|people|dollars|of)\b)", r.r_year),
    p("fiscal", rf"{B}(?i:fiscal)(?:\s+(?i:year))?\s+(?P<y>{YEAR}|'?\d\d){E}", r.r_fiscal),
    p("modyear", rf"{B}(?P<mod>{MOD})\s*-?\s*(?P<y>{YEAR}){E}", r.r_year),
    p("yearend", rf"{B}(?:(?P<y>{YEAR})\s+)?(?i:year[- ]end|year['’]s\s+end){E}", r.r_year_end),
    # relative to the publication date
    p("relunit", rf"{B}(?:(?P<mod>{MOD})\s+)?(?P<rel>(?i:last|next|this|the\s+past|the\s+coming|the\s+current|coming|past|the\s+next|the\s+last))\s+(?P<unit>(?i:week|month|year|weekend|decade|fiscal\s+year)){E}", r.r_relative_unit),
    p("theweekend", rf"{B}(?i:the\s+weekend|(?:this|last)\s+weekend){E}", r.r_the_weekend),
    # relative to the last date mentioned
    # "a year earlier", "two days later"; "90 days after the vote" is a duration, not a date
    p("anaphoric", rf"{B}(?P<n>{NUMBER_ANY_CASE})\s+(?P<unit>(?i:day|week|month|year))s?\s+(?:(?P<dir>(?i:earlier|later|previously)){E}|(?P<dir2>(?i:before|after)){E}(?=\s*[,.;:)!?\n]|\s*$|\s+(?:and|but|when|as)\b))", r.r_anaphoric),
    p("anaphoric", rf"{B}(?:(?i:the|a)\s+)?(?P<unit>(?i:year))(?P<dir>(?i:-earlier|-ago))(?:\s+(?:(?P<noun>(?i:period|quarter))|(?i:level|results?|figures?|month)))?{E}(?!\s+(?:\w+[ -])?months)", r.r_anaphoric),
    p("anaphoric", rf"{B}(?i:the)\s+(?P<dir>(?i:previous|following|next|prior))\s+(?P<unit>(?i:day|week|month|year)){E}", r.r_anaphoric),
    # "the day before." is a date; "the day before the vote" is a day plus a signal, anchored on an event
    p("anaphoric", rf"{B}(?i:the)\s+(?P<unit>(?i:day))\s+(?P<dir>(?i:before|after)){E}(?=\s*[,.;:)!?\n]|\s*$|\s+(?:and|but|when|as)\b)", r.r_anaphoric),
    p("weekdayafter", rf"{B}(?i:the)\s+(?P<dir>(?i:previous|following))\s+(?P<wd>{WEEKDAY}){E}", r.r_weekday_from_ref),
    p("sameday", rf"{B}(?i:that\s+day|the\s+same\s+day|that\s+same\s+day){E}", r.r_same_day),
    p("thatyear", rf"{B}(?:(?P<mod>{MOD})\s+)?(?i:that\s+year){E}", r.r_that_year),
    p("periodpart", rf"{B}(?P<mod>(?i:the\s+(?:end|beginning|start|middle)\s+of))\s+(?i:the)\s+(?P<unit>(?i:month|week|year)){E}", r.r_period_part),
    p("ago", rf"{B}(?P<n>{NUMBER_ANY_CASE})\s+(?P<unit>{CAL_UNIT}|(?i:hours?|minutes?))\s+(?i:ago|earlier){E}", r.r_ago,
      accept=lambda m, t: m.group(0).lower().endswith("ago")),
    p("theyear", rf"{B}(?:(?P<mod>{MOD})\s+)?(?i:the\s+(?:fiscal\s+|full\s+|calendar\s+|current\s+)?year){E}(?!\s+(?:ago|earlier|before|after|later)\b)(?!-)", r.r_the_year,
      accept=lambda m, t: not re.match(r"\s+(?:of(?!\s+[$£€\d])|in|when|that|which|he|she|they)\b|\s*\d", t[m.end():m.end() + 8], re.I)),
    # "daily" and "weekly" are recurrences even as adjectives ("a daily rally"); "quarterly dividend",
    # "monthly report" and "annual" name a period's product, so those count only as adverbs
    p("set", rf"{B}(?P<w>(?i:daily|nightly|weekly|hourly)){E}", r.r_set),
    p("set", rf"{B}(?P<w>(?i:monthly|yearly|annually|quarterly)){E}(?!\s+[a-z])", r.r_set),
    p("set", rf"{B}(?P<w>(?i:every|each))\s+(?:(?i:other)\s+)?(?P<unit>(?i:day|week|month|quarter|year|morning|night|evening|afternoon)|{WEEKDAY}|{MONTH}){E}", r.r_set),
    # "on Tuesdays", "Tuesday nights": every such day
    p("set", rf"{B}(?P<unit>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:s|\s+(?P<part>(?i:morning|afternoon|evening|night))s){E}", r.r_set),
    p("set", rf"{B}(?:(?i:once|twice|\w+\s+times))\s+(?P<w>(?i:a|an|per))\s+(?P<unit>(?i:day|week|month|year)){E}", r.r_set),
    # "Islam will one day be...": after a modal, "one day" is some day to come, no duration
    p("future", rf"\b(?i:will|would|may|might|could|can|should|shall|must)\s+(?P<t>(?i:one|some)\s+day){E}", r.r_ref("FUTURE_REF")),
    # durations
    p("duration", rf"{B}(?:(?i:the\s+(?:past|last|next|first|coming|previous|following|final|remaining)\s+))?(?:(?i:nearly|almost|about|some|more\s+than|less\s+than|over|up\s+to|at\s+least|roughly|around|only|just|another|an\s+additional)\s+)?"
                  rf"(?P<n>{NUMBER})(?:\s+|-)(?:more\s+)?(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?:-long)?{E}", r.r_duration, I,
      accept=lambda m, t: _not_age(m, t) and not (m.group("unit").lower() == "second" and m.group("n").lower() in ("a", "an"))
      and not (m.group("unit").lower().startswith("quarter") and re.match(r"\s+of\b", t[m.end():m.end() + 4]))),
    # "another year", "an additional month": one more unit
    p("duration", rf"{B}(?P<n>(?i:another|an\s+additional))\s+(?P<unit>(?i:second|minute|hour|day|week|month|quarter|year|decade)){E}", r.r_duration),
    p("duration", rf"{B}(?:(?i:the\s+(?:past|last|next|coming|previous|following)|several|many|recent|for|over|in|within|few|(?i:a\s+few)))\s+(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries)){E}", r.r_duration,
      accept=lambda m, t: not re.match(r"\s+(?:ago|of|old)\b", t[m.end():m.end() + 6])),
    # months without a year: "in June", "last February", "early November", "mid-March"
    p("month", rf"{B}(?:(?P<prep>(?i:in|since|by|until|till|from|during|before|after|through|around|for|of))\s+)?(?P<t>(?:(?P<rel>(?i:last|next|this|this\s+past))\s+|(?P<mod>{MOD})\s*-?\s*)?(?P<mon>{MONTH})){E}(?!\s+\d)", r.r_month,
      accept=lambda m, t: bool(m.group("rel") or m.group("mod") or (m.group("prep") and m.group("prep").lower() != "of"))),
    p("month", rf"(?<![\w'’-])(?P<mon>{FULL_MONTH_SAFE}){E}(?!\s+\d)(?!\s+[A-Z])", r.r_month),
    # "the March accession": after "the" and before a noun, "March" and "May" are months, not verbs
    p("month", rf"(?=M)(?<=\b[Tt]he\s)(?P<mon>March|May){E}(?=\s+[a-z])", r.r_month),
    p("weekday", rf"{B}(?:(?P<rel>(?i:last|next|this|coming|past))\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?{E}", r.r_weekday),
    p("deictic", rf"{B}(?P<w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight)){E}", r.r_deictic),
    # generic references
    p("past", rf"{B}(?i:then[- ]current){E}", r.r_ref("PAST_REF")),  # "the then current price"
    p("present", rf"{B}(?i:now|currently|nowadays|at\s+present|at\s+the\s+moment|these\s+days|right\s+now|current){E}", r.r_ref("PRESENT_REF"),
      accept=lambda m, t: not (m.group(0).lower() == "current" and re.match(r"\s+(?:account|affairs|events?|law|rules?|policy|crisis|system|form|president|leader)", t[m.end():], re.I))),
    p("past", rf"{B}(?i:recently|lately|recent|in\s+the\s+past|the\s+past|once\s+upon\s+a\s+time){E}(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|quarters?|years?|decades?|summers?|winters?|springs?|autumns?|falls?|centur(?:y|ies)))", r.r_ref("PAST_REF")),
    p("future", rf"{B}(?i:as\s+soon\s+as\s+possible|a\s+later\s+(?:date|time|stage)|in\s+the\s+future|future\s+(?:weeks|months|quarters|years)|the\s+(?:near\s+|distant\s+)?future|the\s+(?:near|short|long)\s+term){E}", r.r_ref("FUTURE_REF")),
    # "as soon as he arrives" and "soon after" are conjunction and preposition, no time of their own
    p("future", rf"{B}(?i:soon){E}(?<!\bas\ssoon)(?<!\bAs\ssoon)(?!\s+(?i:after|before|as|afterwards?)\b)", r.r_soon),
    # a bare year: "in 1998", "the 1996 campaign", "Since 1949"
    p("year", rf"(?=[12])(?:(?<![\w$£€#.,'’/-])|(?<=\b[Pp]ost-)|(?<=\b[Pp]re-))(?P<t>(?P<y>{YEAR}))(?![\w%]|[.,]\d|-\d)(?:['’]s)?", r.r_year, accept=_looks_like_year),
]


def _quarter_year(m):
    """Fold "the 1988 third quarter" and "third quarter 1988" into the match's year group."""
    class _M(dict):
        def __getitem__(self, key):
            return self.get(key)

        def groupdict(self):
            return self

    g = _M(m.groupdict())
    pre = g.get("pre") or ""
    if re.fullmatch(YEAR, pre):
        g["y"] = pre
        g["pre"] = None
    g["y"] = g.get("y") or g.get("y3")
    return g
