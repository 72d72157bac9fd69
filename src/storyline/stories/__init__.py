"""Story stages: dedupe, link entities, cluster, then per story its title, timeline and summary.

``update_stories(new, config, state, ...)`` takes new articles into the stories of a persisted
state and recomputes only the stories they changed; ``build_stories(corpus, config)`` is the same
from an empty state. Either returns a ``StoryBuild`` that the store applies in one transaction.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..config import Config
from ..model import Assignment, Entity, Story
from .cluster import OnlineClusterer, items_from_corpus
from .corpus import Corpus
from .dedupe import Duplicate, DuplicateIndex
from .developments import build_developments
from .link import CanonicalEntity, EntityLinker
from .sentences import story_sentences
from .summarize import build_summary
from .timeline import build_timeline
from .title import headline


@dataclass
class StoryBuild:
    """What one build changed: the new articles' duplicates, dedupe index entries and entity links,
    the entities they touched, the stories they changed (recomputed whole) and the stories merged
    away (id -> the id of the story that took them in), and the state to keep for the next build."""

    duplicates: list[Duplicate]
    entities: list[CanonicalEntity]
    mention_entities: list
    stories: list[Story]
    merged: dict[str, str] = field(default_factory=dict)
    dedupe_entries: list[tuple[bytes, str, int]] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage


@contextmanager
def _timed(seconds: dict[str, float], stage: str):
    """Add the wall time of the block to ``seconds[stage]`` (a build reports where its time went)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started


# load(ids) -> Corpus of those articles; entity_counts(ids) -> article id -> entity id -> mentions
Loader = Callable[[list[str]], Corpus]
EntityCounts = Callable[[list[str]], dict[str, Counter]]


def update_stories(new: Corpus, config: Config, state: dict | None = None, index: DuplicateIndex | None = None,
                   load: Loader | None = None, entity_counts: EntityCounts | None = None,
                   progress=None) -> StoryBuild:
    """Take the articles of ``new`` (publication order) into the stories of ``state`` (none: an empty
    store), and recompute the stories they changed. ``load`` and ``entity_counts`` read what earlier
    builds stored; the per-story stages read only the story's own articles, so a story recomputed
    here is the story a build from scratch would make of the same members."""
    state = state or {}
    seconds: dict[str, float] = {}
    with _timed(seconds, "dedupe"):
        index = index or DuplicateIndex(config)
        duplicates = index.add(new.articles)
    with _timed(seconds, "link"):
        linker = EntityLinker(state.get("link"))
        mention_entities, new_counts = [], {}
        for article in new.articles:
            links = linker.link(new.mentions.get(article.id, []), article.published.value)
            mention_entities.extend(links)
            new_counts[article.id] = Counter(eid for _, eid in links)
    with _timed(seconds, "cluster"):
        clusterer = OnlineClusterer.from_state(state["cluster"], config) if "cluster" in state else OnlineClusterer(config)
        clusterer.add(items_from_corpus(new, skip={d.article_id for d in duplicates}))
        dups = {aid: tuple(v) for aid, v in state.get("duplicates", {}).items()}
        dups.update({d.article_id: (d.duplicate_of, d.jaccard) for d in duplicates})
        changed = {clusterer.alias_of(sid) for sid in clusterer.changed}
        changed.update(clusterer.story_of[d.duplicate_of] for d in duplicates)
        merged = {old: clusterer.alias_of(old) for old in clusterer.merged}
    by_rep: dict[str, list[str]] = {}
    for aid, (rep, _) in dups.items():
        by_rep.setdefault(rep, []).append(aid)
    stories = []
    known = {a.id for a in new.articles}
    if progress:  # the stories are known: their bar starts (and a build asked to stop stops here)
        progress(0, len(changed))
    for n, sid in enumerate(sorted(changed), start=1):
        members = clusterer.members(sid)
        ids = [a.article_id for a in members]
        extra = [Assignment(d, dups[d][1], (), (), dups[d][0]) for rep in ids for d in by_rep.get(rep, ())]
        ids += [a.article_id for a in extra]
        with _timed(seconds, "load"):
            corpus = new.subset(ids) if known.issuperset(ids) else load(ids)
            counts = {aid: new_counts[aid] for aid in ids if aid in new_counts}
            old = [aid for aid in ids if aid not in new_counts]
            if old:
                counts.update(entity_counts(old))
        stories.append(_story(corpus, sid, members + extra, counts, linker, config, seconds))
        if progress:
            progress(n, len(changed))
    stories.sort(key=lambda s: (s.first_published is None, s.first_published or "", s.id))
    state = {"cluster": clusterer.state(), "link": linker.state(),
             "duplicates": {aid: list(v) for aid, v in sorted(dups.items())}}
    return StoryBuild(duplicates, [linker.entity(e) for e in sorted(linker.touched)], mention_entities, stories,
                      merged, index.new_entries, state, seconds)


def build_stories(corpus: Corpus, config: Config, progress=None) -> StoryBuild:
    """Every story of a corpus, from nothing."""
    return update_stories(corpus, config, progress=progress)


def _story(corpus: Corpus, sid: str, assignments: list[Assignment], counts: dict[str, Counter],
           linker: EntityLinker, config: Config, seconds: dict[str, float]) -> Story:
    """One story's views (title, summary, timeline, developments, entities) from its own articles."""
    order = {a.id: i for i, a in enumerate(corpus.articles)}
    assignments = sorted(assignments, key=lambda a: order[a.article_id])
    ids = [a.article_id for a in assignments]
    group = {a.article_id: a.duplicate_of for a in assignments if a.duplicate_of}
    with _timed(seconds, "sentences"):
        ss = story_sentences(corpus, ids, group)
    total: Counter = Counter()
    for aid in ids:
        total.update(counts.get(aid, {}))
    entities = []
    for eid, n_mentions in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
        e = linker.entity(eid)
        entities.append(Entity(eid, e.name, e.type, tuple(a for a, _ in e.alias_counts), n_mentions))
    dates = sorted(corpus.article(a).published.value for a in ids if corpus.article(a).published.value)
    with _timed(seconds, "summary"):
        summary = build_summary(corpus, ss, config)
    with _timed(seconds, "timeline"):
        timeline = build_timeline(corpus, ss, config)
    with _timed(seconds, "developments"):
        developments = build_developments(corpus, ss, config)
    return Story(id=sid, title=_title(corpus, ids, ss), article_ids=ids, assignments=assignments, summary=summary,
                 timeline=timeline, developments=developments, entities=entities,
                 first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None)


def _title(corpus: Corpus, ids: list[str], ss) -> str:
    """The title of the story's most central article, else a headline cut from its lead sentence."""
    scores: dict[str, list[float]] = {}
    for i, s in enumerate(ss.sentences):
        if s.field == "text":
            scores.setdefault(s.article_id, []).append(float(ss.centrality[i]))
    mean = {a: sum(v) / len(v) for a, v in scores.items()}
    ranked = sorted(ids, key=lambda a: (-mean.get(a, 0.0), a))
    for aid in ranked:
        title = corpus.article(aid).title
        if title:
            return title
    for aid in ranked:
        lead = [s for s in corpus.sentences.get(aid, []) if s.field == "text"]
        if lead:
            return headline(corpus.sentence_text(lead[0]))
    return corpus.article(ranked[0]).text[:80]


__all__ = ["StoryBuild", "build_stories", "update_stories", "Corpus", "DuplicateIndex"]
