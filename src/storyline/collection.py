"""One collection of articles read straight from files, with no store and no clustering: what
`storyline timeline` and `storyline summarize` work on, and the notebook entry point.

    >>> c = Collection.read(["InputDocs/"])            # doctest: +SKIP
    >>> c.timeline(dates=10, per_date=2, query="bp oil spill")   # doctest: +SKIP

Reading annotates with the fast path (rule-based sentences and the temporal tagger, no entity
model), so a few hundred articles take seconds.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .annotate import Annotator
from .config import Config
from .ingest import read_paths
from .model import Article, Rejection, SummarySentence, TimelineEntry
from .stories.corpus import Corpus
from .stories.dedupe import find_duplicates
from .stories.sentences import StorySentences, story_sentences
from .stories.summarize import Seen, build_summary
from .stories.timeline import build_timeline, why_empty

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def check_day(name: str, value: str | None) -> None:
    """Raise ``ValueError`` naming ``name`` unless ``value`` is None or a real ISO day."""
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date like 2010-04-20, got {value!r}") from None


@dataclass
class Collection:
    corpus: Corpus
    rejections: list[Rejection] = field(default_factory=list)
    config: Config = field(default_factory=Config)

    @classmethod
    def read(cls, paths: Iterable[str | os.PathLike], config: Config | None = None,
             progress: Progress = _quiet) -> "Collection":
        """Read and annotate every article under ``paths``; bad inputs land in ``rejections``."""
        config = config or Config()
        items = list(read_paths(paths, config))
        return cls.of([a for a in items if isinstance(a, Article)], config, progress,
                      [r for r in items if isinstance(r, Rejection)])

    @classmethod
    def of(cls, articles: list[Article], config: Config | None = None, progress: Progress = _quiet,
           rejections: list[Rejection] | None = None) -> "Collection":
        """Annotate ``articles`` (sentences and dates) and index them."""
        config = config or Config()
        rejections = list(rejections or [])
        unique: dict[str, Article] = {}
        for a in articles:  # an id names one article: the first one read keeps it
            if a.id in unique:
                rejections.append(Rejection(a.origin or a.id, "id_conflict",
                                            f"article id {a.id!r} was already read (kept the first)"))
            else:
                unique[a.id] = a
        articles = sorted(unique.values(), key=lambda a: (a.published.value is None, a.published.value or "", a.id))
        sentences, timexes = [], []
        progress("annotate", 0, len(articles))
        for n, ann in enumerate(Annotator(config, entities=False).annotate(articles), start=1):
            sentences.extend(ann.sentences)
            timexes.extend((ann.article_id, fld, t) for fld, t in ann.timexes)
            progress("annotate", n, len(articles))
        return cls(Corpus.build(articles, sentences, [], timexes), rejections, config)

    @property
    def articles(self) -> list[Article]:
        return self.corpus.articles

    @cached_property
    def duplicate_groups(self) -> dict[str, str]:
        """Article id -> its near-duplicate group's representative (found once per collection)."""
        return {d.article_id: d.duplicate_of for d in find_duplicates(self.corpus.articles, self.config)}

    def sentences(self, query: str | None = None) -> StorySentences:
        """Every readable sentence, near-duplicate articles grouped, weighed towards ``query``."""
        return story_sentences(self.corpus, [a.id for a in self.corpus.articles], self.duplicate_groups, query=query)

    def timeline(self, dates: int | None = None, per_date: int | None = None, query: str | None = None,
                 day_only: bool = False, since: str | None = None, until: str | None = None) -> list[TimelineEntry]:
        """The ``dates`` dates the articles talk about most, each told by ``per_date`` sentences;
        ``since``/``until`` (ISO dates) keep the timeline within a window."""
        check_day("since", since)
        check_day("until", until)
        return build_timeline(self.corpus, self.sentences(query), self.config, dates, per_date,
                              day_only=day_only, since=since, until=until)

    def why_no_timeline(self, day_only: bool = False, since: str | None = None, until: str | None = None) -> str:
        """Why ``timeline`` with these options is empty: no date named, none placeable, none in the window."""
        return why_empty(self.corpus, self.sentences(), day_only, since, until)

    def summary(self, words: int | None = None, sentences: int | None = None, query: str | None = None,
                seen: "Collection | None" = None) -> list[SummarySentence]:
        """A chronological extractive summary within ``words`` (else ``sentences``) of the collection;
        with ``seen`` (what the reader has read), an update summary: only what this collection adds,
        citing none of ``seen``'s articles (empty when it adds nothing)."""
        if seen is None:
            return build_summary(self.corpus, self.sentences(query), self.config, sentences, words=words)
        read = Seen.of(seen.corpus, (a.id for a in seen.articles))
        unseen = [a.id for a in self.corpus.articles if a.id not in read.articles]
        ss = story_sentences(self.corpus, unseen, self.duplicate_groups, query=query)
        return build_summary(self.corpus, ss, self.config, sentences, words=words, seen=read)


__all__ = ["Collection", "check_day"]
