"""What is new since a time: the stories a build changed since then, each with the articles that
joined it since, the timeline entries those articles alone tell, and an update summary of what
they add to the story's older articles. `export stories --since`, the web app's "new since" view
and `report --since` all read it from here.

    >>> for record in changed_since(store, parse_since("1d")):     # doctest: +SKIP
    ...     print(record["title"], [a["id"] for a in record["new_articles"]])

The store records when each story changed (``stories.changed_at``) and when each article joined
its story (``story_articles.added_at``), both UTC times written by ``Store.apply_story_build``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from .config import Config
from .export import story_record, summary_record
from .model import Article, Citation, Story, SummarySentence
from .store import Store, reads
from .stories.corpus import Corpus
from .stories.sentences import story_sentences
from .stories.summarize import Seen, build_summary

_AGE = re.compile(r"(\d+)\s*(m|min|h|d|w)", re.IGNORECASE)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, name: str = "--since", now: datetime | None = None) -> str:
    """``value`` as a store time (UTC, ``2024-05-01T09:30:00+00:00``): an ISO date or datetime (one
    without a zone is UTC, as the store's times are) or an age before ``now`` (``30m``, ``2h``,
    ``1d``, ``1w``). Raises ``ValueError`` naming ``name`` for anything else."""
    text = value.strip()
    age = _AGE.fullmatch(text)
    try:
        if age:
            moment = (now or datetime.now(timezone.utc)) - timedelta(**{_UNITS[age[2].lower()]: int(age[1])})
        else:
            moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):  # not a time, or an age past year 1
        moment = None
    if moment is None:
        raise ValueError(f"{name} must be an ISO date or time (2024-05-01, 2024-05-01T09:30, "
                         f"2024-05-01T09:30+02:00) or an age (30m, 2h, 1d, 1w), got {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def new_timeline(story: Story, articles: dict[str, Article], new: set[str]) -> list[tuple[int, list[Citation]]]:
    """The story's timeline entries that only new articles tell, by index, each with its
    provenance: the cited spans whose text is the sentence the entry shows. An entry is new when
    that sentence comes from a new article and no older article carries it too (a wire copy the
    reader has already seen)."""
    out = []
    for i, entry in enumerate(story.timeline):
        shown = [c for c in entry.citations if c.article_id in articles
                 and _span(articles[c.article_id], c.field, c.start, c.end) == entry.text]
        if shown and all(c.article_id in new for c in shown):
            out.append((i, shown))
    return out


def _span(article: Article, field: str, start: int, end: int) -> str:
    return (article.captions if field == "captions" else article.text)[start:end]


def update_summary(store: Store, story: Story, new: set[str], config: Config | None = None) -> list[SummarySentence]:
    """What the story's ``new`` articles add to its older ones (the update summary of
    ``summarize --seen``): no sentence that an older article already says, none citing one.
    Empty when nothing is new."""
    config = config or Config()
    fresh = [aid for aid in story.article_ids if aid in new]
    if not fresh:
        return []
    ids = list(story.article_ids)
    corpus = Corpus.build(store.articles(ids), store.sentences(ids), [], store.timexes(ids))
    group = {a.article_id: a.duplicate_of for a in story.assignments if a.duplicate_of}
    seen = Seen.of(corpus, (aid for aid in ids if aid not in new))
    return build_summary(corpus, story_sentences(corpus, fresh, group), config, seen=seen)


def change_record(store: Store, story: Story, change: dict, config: Config | None = None) -> dict:
    """The story's export record (``export.story_record``) with what changed: ``created_at``,
    ``changed_at``, ``new_articles`` (``{"id", "title", "source", "published", "added_at"}``),
    ``new_timeline`` (its timeline entries with their ``idx`` and ``provenance``) and
    ``update_summary`` (``[{"text", "sources"}]``, citing new articles only)."""
    record = story_record(story)
    new = {a["id"] for a in change["new_articles"]}
    cited = {c.article_id for e in story.timeline for c in e.citations}
    articles = {a.id: a for a in store.articles(cited)}
    timeline = [{"idx": i, **record["timeline"][i], "provenance": [c.as_dict() for c in shown]}
                for i, shown in new_timeline(story, articles, new)]
    return {**record, "created_at": change["created_at"], "changed_at": change["changed_at"],
            "new_articles": change["new_articles"], "new_timeline": timeline,
            "update_summary": summary_record(update_summary(store, story, new, config))["summary"]}


def changed_since(store: Store, since: str, config: Config | None = None) -> Iterator[dict]:
    """The change record (``change_record``) of every story changed at or after ``since`` (a store
    time: see ``parse_since``), in the order of ``export stories`` (largest first, then by id)."""
    changed = reads.changed_stories(store, since)
    if not changed:
        return
    for story in store.stories(story_ids=changed):
        yield change_record(store, story, changed[story.id], config)


__all__ = ["parse_since", "changed_since", "change_record", "new_timeline", "update_summary"]
