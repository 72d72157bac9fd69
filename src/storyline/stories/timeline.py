"""A story's timeline: the dates its articles talk about most, each told by a central sentence that
cites every outlet saying the same.

A date's weight counts the distinct articles (a duplicate group once) whose sentences refer to it,
with day-precise dates worth more than months and months more than years, plus a smaller weight
for articles published that day. Vague dates stay at their precision ("2019-01", "2019").
"""

from __future__ import annotations

from collections import defaultdict

from ..config import Config
from ..model import TimelineEntry, Timex
from .corpus import Corpus
from .sentences import StorySentences

PRECISION_WEIGHT = {"day": 1.0, "week": 0.7, "month": 0.6, "quarter": 0.4, "year": 0.3}
PUBLICATION_WEIGHT = 0.5


def _timexes_by_sentence(corpus: Corpus, ss: StorySentences) -> dict[int, list[Timex]]:
    """The resolved dates (day, month or year) inside each story sentence."""
    spans: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    for i, s in enumerate(ss.sentences):
        spans[(s.article_id, s.field)].append((s.start, s.end, i))
    out: dict[int, list[Timex]] = defaultdict(list)
    for (aid, fld), sent_spans in spans.items():
        for tfield, t in corpus.timexes.get(aid, []):
            if tfield != fld or t.type not in ("DATE", "TIME") or not t.earliest or t.precision not in PRECISION_WEIGHT:
                continue
            for start, end, i in sent_spans:
                if start <= t.start and t.end <= end:
                    out[i].append(t)
                    break
    return out


def build_timeline(corpus: Corpus, ss: StorySentences, config: Config, dates: int | None = None,
                   per_date: int | None = None) -> list[TimelineEntry]:
    n_dates = dates or config.timeline_dates
    per_date = per_date or config.timeline_per_date
    dated = _timexes_by_sentence(corpus, ss)
    candidates: dict[str, list[int]] = defaultdict(list)
    info: dict[str, Timex] = {}
    weight: dict[str, float] = defaultdict(float)
    groups_seen: dict[str, set[str]] = defaultdict(set)
    for i, timexes in dated.items():
        group = ss.group.get(ss.sentences[i].article_id, ss.sentences[i].article_id)
        for t in timexes:
            key = t.date_value
            candidates[key].append(i)
            info.setdefault(key, t)
            if group not in groups_seen[key]:
                groups_seen[key].add(group)
                weight[key] += PRECISION_WEIGHT[t.precision]
    for aid in {s.article_id for s in ss.sentences}:
        published = corpus.article(aid).published
        if published.precision == "day" and published.value in weight:
            weight[published.value] += PUBLICATION_WEIGHT
    chosen_dates = sorted(weight, key=lambda k: (-weight[k], k))[:n_dates]
    entries: list[TimelineEntry] = []
    used: set[int] = set()
    for key in chosen_dates:
        pool = sorted(set(candidates[key]) - used, key=lambda i: (-ss.centrality[i], i))
        for i in pool[:per_date]:
            support = ss.support(i, candidates[key], config.support_similarity)
            used.update(support)
            t = info[key]
            entries.append(TimelineEntry(key, t.earliest, t.latest, ss.texts[i],
                                         tuple(ss.citation(j) for j in support)))
    entries.sort(key=lambda e: (e.earliest, e.latest, e.date))
    return entries
