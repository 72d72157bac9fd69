"""Calendar arithmetic on TIMEX3 values: the date range a value covers, narrowed by a modifier."""

from __future__ import annotations

import calendar as _cal
import re
from datetime import date, timedelta

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def shift_months(y: int, m: int, n: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + n
    return idx // 12, idx % 12 + 1


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def week_monday(y: int, w: int) -> date:
    return date.fromisocalendar(y, w, 1)


def value_range(value: str | None) -> tuple[date, date] | None:
    """The inclusive dates a TIMEX3 date value covers; ``None`` for anything not anchored."""
    if not value:
        return None
    try:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value)
        if m:
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        m = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if m:
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), month_end(y, mo)
        m = re.fullmatch(r"(\d{4})", value)
        if m:
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
        if m:
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        m = re.fullmatch(r"(\d{4})-H([12])", value)
        if m:
            y, h = int(m[1]), int(m[2])
            return date(y, 6 * h - 5, 1), month_end(y, 6 * h)
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if m:
            y, (first, last) = int(m[1]), _SEASON_MONTHS[m[2]]
            return date(y, first, 1), month_end(y + (1 if last < first else 0), last)
        m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
        if m:
            monday = week_monday(int(m[1]), int(m[2]))
            if m[3]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        m = re.fullmatch(r"(\d{3})X?", value)
        if m:
            y = int(m[1]) * 10
            return date(y, 1, 1), date(y + 9, 12, 31)
        m = re.fullmatch(r"(\d{2})(?:XX)?", value)
        if m:
            y = int(m[1]) * 100
            return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
    except ValueError:
        return None
    return None


def narrow(lo: date, hi: date, mod: str | None) -> tuple[date, date]:
    """"early" keeps the first third of a range, "mid" the middle third, "late" the last third:
    in whole months for ranges of whole months ("early 2019" is January to April), else in days."""
    if mod not in ("START", "MID", "END") or lo == hi:
        return lo, hi
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    if lo.day == 1 and hi == month_end(hi.year, hi.month) and months >= 3:
        third = months // 3
        first, last = {"START": (0, third - 1), "MID": (third, months - third - 1), "END": (months - third, months - 1)}[mod]
        y1, m1 = shift_months(lo.year, lo.month, first)
        y2, m2 = shift_months(lo.year, lo.month, last)
        return date(y1, m1, 1), month_end(y2, m2)
    span = (hi - lo).days + 1
    third = max(1, span // 3)
    if mod == "START":
        return lo, lo + timedelta(days=third - 1)
    if mod == "MID":
        return lo + timedelta(days=third), lo + timedelta(days=2 * third - 1)
    return lo + timedelta(days=span - third), hi
