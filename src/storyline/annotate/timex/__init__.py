"""storyline's temporal tagger: find time expressions and resolve them against the publication date.

``tag(text, published)`` returns ``Timex`` records in text order. Patterns (``patterns.py``) are tried
most specific first and never overlap; each match is then resolved in text order by its resolver
(``resolve.py``) against the publication date, the tense of the nearest verb cue (``tense.py``) and,
for anaphoric expressions ("a year earlier", "the following day"), the last date the text mentioned.
A value is TIMEX3 (``2018-06-12``, ``2018-11``, ``2019``, ``2018-W45``, ``2018-Q4``, ``2018-SU``,
``PRESENT_REF``, ``P2Y``, ``XXXX-06``...); dates also get the inclusive range ``[earliest, latest]``
they cover, narrowed by "early", "mid" and "late". Without a publication date (or with one known only
to the month) relative expressions stay unresolved at the finer level rather than invent a day.
"""

from __future__ import annotations

from ...model import PublishedDate, Timex
from .calendar import narrow, value_range
from .patterns import PATTERNS
from .resolve import Context, Resolved

__all__ = ["tag"]


def tag(text: str, published: PublishedDate | None = None) -> list[Timex]:
    """All time expressions in ``text``, resolved against ``published``, in text order."""
    taken = bytearray(len(text))  # 1 where a more specific pattern already matched
    found: list[tuple[int, int, object, object]] = []
    for pattern in PATTERNS:
        for m in pattern.regex.finditer(text):
            start, end = m.span("t") if "t" in pattern.regex.groupindex and m.group("t") is not None else m.span()
            if start == end or any(taken[start:end]) or not pattern.accept(m, text):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append((start, end, pattern, m))
    found.sort(key=lambda f: f[0])
    ctx = Context.of(published, text)
    out: list[Timex] = []
    for start, end, pattern, m in found:
        ctx.start, ctx.end = start, end
        try:
            resolved: Resolved | None = pattern.resolve(m, ctx)
        except ValueError:  # "February 30", "2/30/2018": looks like a date, is none
            continue
        if resolved is None:
            continue
        earliest = latest = None
        rng = value_range(resolved.value) if resolved.type in ("DATE", "TIME") else None
        if rng:
            lo, hi = narrow(*rng, resolved.mod)
            if resolved.until:
                until = value_range(resolved.until)
                hi = until[1] if until else hi
            earliest, latest = lo.isoformat(), hi.isoformat()
            if resolved.type == "DATE" and resolved.anchor_ok:
                ctx.remember(resolved.value)
        elif resolved.type == "DURATION":
            ctx.note_duration(resolved.value)
        out.append(Timex(start, end, text[start:end], resolved.type, resolved.value, earliest, latest, resolved.mod))
    return out
