"""Story stages: dedupe, link entities, cluster, then per story its title, timeline and summary.

``build_stories(corpus, config)`` is a plain function from the annotated corpus to a
``StoryBuild``, which the store swaps in as a whole.
"""

from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..config import Config
from ..model import Entity, Story
from .cluster import cluster_articles
from .corpus import Corpus
from .dedupe import Duplicate, find_duplicates
from .developments import build_developments
from .link import CanonicalEntity, link_entities
from .sentences import story_sentences
from .summarize import build_summary
from .timeline import build_timeline
from .title import headline


@dataclass
class StoryBuild:
    duplicates: list[Duplicate]
    entities: list[CanonicalEntity]
    mention_entities: list
    stories: list[Story]
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage


@contextmanager
def _timed(seconds: dict[str, float], stage: str):
    """Add the wall time of the block to ``seconds[stage]`` (a build reports where its time went)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started


def build_stories(corpus: Corpus, config: Config, progress=None) -> StoryBuild:
    """Everything derived from the articles; ``progress(step, total)`` is called per story."""
    articles = corpus.articles
    seconds: dict[str, float] = {}
    with _timed(seconds, "dedupe"):
        duplicates = find_duplicates(articles, config)
    with _timed(seconds, "link"):
        linking = link_entities(corpus)
    with _timed(seconds, "cluster"):
        clusters = cluster_articles(corpus, duplicates, config)
    group = {d.article_id: d.duplicate_of for d in duplicates}
    entity_by_id = {e.id: e for e in linking.entities}
    stories = []
    for n, (sid, assignments) in enumerate(clusters, start=1):
        ids = [a.article_id for a in assignments]
        with _timed(seconds, "sentences"):
            ss = story_sentences(corpus, ids, group)
        counts: Counter = Counter()
        for aid in ids:
            counts.update(linking.by_article.get(aid, {}))
        entities = [
            Entity(eid, entity_by_id[eid].name, entity_by_id[eid].type,
                   tuple(a for a, _ in entity_by_id[eid].alias_counts), n_mentions)
            for eid, n_mentions in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        dates = sorted(corpus.article(a).published.value for a in ids if corpus.article(a).published.value)
        with _timed(seconds, "summary"):
            summary = build_summary(corpus, ss, config)
        with _timed(seconds, "timeline"):
            timeline = build_timeline(corpus, ss, config)
        with _timed(seconds, "developments"):
            developments = build_developments(corpus, ss, config)
        stories.append(Story(
            id=sid,
            title=_title(corpus, ids, ss),
            article_ids=ids,
            assignments=assignments,
            summary=summary,
            timeline=timeline,
            developments=developments,
            entities=entities,
            first_published=dates[0] if dates else None,
            last_published=dates[-1] if dates else None,
        ))
        if progress:
            progress(n, len(clusters))
    return StoryBuild(duplicates, linking.entities, linking.mention_entities, stories, seconds)


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


__all__ = ["StoryBuild", "build_stories", "Corpus"]
