"""The records that flow through storyline.

Every annotation is a labelled span of character offsets into one stored text of one article
(``field`` is ``"text"`` for the body or ``"captions"`` for image captions kept aside by the
cleaner), so ``article.<field>[start:end]`` is always the surface it came from. Derived facts
(timeline entries, summary sentences) carry ``Citation``s of the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PRECISIONS = [
    ("day", re.compile(r"\d{4}-\d{2}-\d{2}(?:T.*)?")),
    ("week", re.compile(r"\d{4}-W\d{2}(?:-WE)?")),
    ("month", re.compile(r"\d{4}-\d{2}")),
    ("quarter", re.compile(r"\d{4}-(?:Q[1-4]|H[12]|SP|SU|FA|WI)")),
    ("year", re.compile(r"\d{4}")),
    ("decade", re.compile(r"\d{3}X?")),
]


@dataclass(frozen=True)
class PublishedDate:
    """A publication date at the precision it is known: ``2018-12-02``, ``2018-10``, ``2018`` or unknown."""

    value: str | None
    precision: str  # "day" | "month" | "year" | "unknown"
    origin: str  # "metadata" | "path" | "url" | "text" | "unknown"

    @classmethod
    def unknown(cls) -> "PublishedDate":
        return cls(None, "unknown", "unknown")


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    content_hash: str
    published: PublishedDate
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    dateline: str | None = None
    captions: str = ""
    origin: str | None = None  # the file it was read from
    format: str = "text"


@dataclass(frozen=True)
class ArticleAlias:
    """Another id of a stored article: its content arrived again under ``id`` (from the outlet
    ``source``: the article's own, or another one carrying the same copy), so that id still finds it."""

    id: str
    article_id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Rejection:
    """An input that was not stored, with a stable reason code."""

    path: str
    code: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)  # one per sentence, mention or date: many
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    field: str = "text"


@dataclass(frozen=True, slots=True)  # one per sentence, mention or date: many
class Mention:
    article_id: str
    start: int
    end: int
    text: str
    label: str
    field: str = "text"


@dataclass(frozen=True, slots=True)  # one per sentence, mention or date: many
class Timex:
    """A time expression with its TIMEX3 type and value and the date range it covers."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # TIMEX3 value, None when it cannot be resolved
    earliest: str | None = None  # ISO date, inclusive
    latest: str | None = None  # ISO date, inclusive
    mod: str | None = None  # START | MID | END | APPROX ...

    @property
    def precision(self) -> str:
        """day, week, month, quarter (also halves and seasons), year, decade, or other (unanchored)."""
        v = self.value or ""
        for precision, pattern in _PRECISIONS:
            if pattern.fullmatch(v):
                return precision
        return "other"

    @property
    def date_value(self) -> str | None:
        """The value as a calendar date at its precision ("2018-12-01T10:30" is "2018-12-01")."""
        if self.precision == "day":
            return (self.value or "")[:10]
        return self.value if self.precision != "other" else None


@dataclass(frozen=True)
class Citation:
    """Where a derived fact comes from: an article and character offsets into one of its texts."""

    article_id: str
    start: int
    end: int
    field: str = "text"

    def as_dict(self) -> dict:
        out = {"article": self.article_id, "start": self.start, "end": self.end}
        if self.field != "text":
            out["field"] = self.field
        return out


@dataclass(frozen=True)
class TimelineEntry:
    date: str  # TIMEX3 value at its precision: 2018-06-12, 2018-11, 2019
    earliest: str
    latest: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Claim:
    """One side of a development: the phrase that carries it, in its cited sentence."""

    value: str  # "after the upcoming November mid-term elections", "at least 72 people killed"
    sentence: str
    published: str | None
    source: str | None
    citation: Citation


@dataclass(frozen=True)
class Development:
    """Claims about the same thing that change between reports or differ across sources."""

    kind: str  # schedule | number | denial
    subject: str  # "summit timing", "deaths", "denied"
    changed: bool  # True: the claims come from different days; False: sources disagree on one day
    claims: tuple[Claim, ...]

    @property
    def summary(self) -> str:
        """"summit timing: after the midterms (2018-10, Asia Times) -> January or February (2018-12-02, AFP)"."""
        return f"{self.subject}: " + " -> ".join(
            f"{c.value} ({c.published or 'undated'}{', ' + c.source if c.source else ''})" for c in self.claims)


@dataclass(frozen=True)
class Assignment:
    """Why an article belongs to its story."""

    article_id: str
    similarity: float
    shared_entities: tuple[str, ...] = ()
    shared_terms: tuple[str, ...] = ()
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int


@dataclass
class Story:
    id: str
    title: str
    article_ids: list[str]
    assignments: list[Assignment] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    developments: list[Development] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    quotes: list["Quote"] = field(default_factory=list)
    events: list["Event"] = field(default_factory=list)
    article_aliases: dict[str, str] = field(default_factory=dict)  # another id of an article -> its stored id


@dataclass(frozen=True)
class Quote:
    """A quotation: its content, the cue that marks it ("said", "according to") and its speaker,
    all spans of one article text; ``canonical`` is the speaker's name resolved in the article."""

    article_id: str
    start: int  # content
    end: int
    text: str
    cue_start: int
    cue_end: int
    cue: str
    speaker_start: int | None
    speaker_end: int | None
    speaker: str | None
    canonical: str | None
    direct: bool
    field: str = "text"


@dataclass(frozen=True)
class Participant:
    """An event's actor, target or place: a span of the article text and the name it resolves to."""

    start: int
    end: int
    text: str
    canonical: str | None


@dataclass(frozen=True)
class Event:
    """Who did what to whom: a PLOVER event type and mode ("asserted", "intended", "negated"),
    actor, target, date and place, all drawn from one sentence of one article text."""

    article_id: str
    type: str
    mode: str
    trigger_start: int
    trigger_end: int
    trigger: str
    sentence_start: int
    sentence_end: int
    actor: Participant | None
    target: Participant | None
    place: Participant | None
    date: str | None
    field: str = "text"
