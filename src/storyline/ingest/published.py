"""Publication dates from metadata, from a YYYY-MM-DD path component or from the URL, at the
precision they are known; never a made-up day."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..model import PublishedDate

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_PATH_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATELINE_DATE = re.compile(r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?=[/-])")


def _valid(y: int, m: int | None, d: int | None) -> bool:
    try:
        date(y, m or 1, d or 1)
    except ValueError:
        return False
    return 1800 <= y <= 2100


def _make(y: int, m: int | None, d: int | None, origin: str) -> PublishedDate | None:
    if not _valid(y, m, d):
        return None
    if d is not None and m is not None:
        return PublishedDate(f"{y:04d}-{m:02d}-{d:02d}", "day", origin)
    if m is not None:
        return PublishedDate(f"{y:04d}-{m:02d}", "month", origin)
    return PublishedDate(f"{y:04d}", "year", origin)


def parse_published(value, origin: str = "metadata") -> PublishedDate | None:
    """Parse a metadata date: ISO (``2018-12-02``, ``2018-10``, ``2018``, datetimes), RFC 822
    (feeds), a ``datetime``/``date`` or a ``time.struct_time``. ``None`` when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _make(value.year, value.month, value.day, origin)
    if isinstance(value, time.struct_time):
        return _make(value.tm_year, value.tm_mon, value.tm_mday, origin)
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if m:
        y, mo, d = m.groups()
        return _make(int(y), int(mo) if mo else None, int(d) if d else None, origin)
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return _make(parsed.year, parsed.month, parsed.day, origin)


def from_path(relpath: str) -> PublishedDate | None:
    """The last ``YYYY-MM-DD`` component of a path (as in ``InputDocs/2010-01-21/1538.htm.txt``)."""
    for part in reversed(relpath.replace("\\", "/").split("/")[:-1]):
        m = _PATH_DAY.match(part)
        if m:
            found = _make(int(m[1]), int(m[2]), int(m[3]), "path")
            if found:
                return found
    return None


def from_url(url: str | None) -> PublishedDate | None:
    """A date in a URL path: ``/2018/10/slug`` (month) or ``/2018-12-02-slug`` (day)."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    return _make(int(m[1]), int(m[2]), int(m[3]) if m[3] else None, "url")


def resolve_published(metadata_value, relpath: str | None, url: str | None, path: str | None = None,
                      dateline: str | None = None) -> PublishedDate:
    """Metadata first, then a ``YYYY-MM-DD`` path component (of the path relative to the folder
    given, else of the file's full path, so ``add InputDocs/2010-01-21`` still dates its files),
    then the URL, then a dateline that is a date ("November 24, 2004"); otherwise unknown."""
    return (
        parse_published(metadata_value)
        or (from_path(relpath) if relpath else None)
        or (from_path(str(Path(path).resolve())) if path else None)
        or from_url(url)
        or _from_dateline(dateline)
        or PublishedDate.unknown()
    )


def _from_dateline(dateline: str | None) -> PublishedDate | None:
    if not dateline:
        return None
    m = _DATELINE_DATE.search(dateline)
    if not m:
        return None
    written = re.sub(r"\s+", " ", m.group(0).replace(",", "").replace(".", ""))
    for fmt in ("%B %d %Y", "%b %d %Y"):  # "November 24 2004", "Nov 24 2004"
        try:
            found = parse_published(datetime.strptime(written, fmt).date())
        except ValueError:
            continue
        return PublishedDate(found.value, found.precision, "text") if found else None
    return None
