"""A timeline: the dates the articles talk about most, each told by the sentences that say what most
reports say about that date, each entry citing every outlet that says the same.

Dates. A date's weight is its probability of being in a reference timeline by the learnt date model
(``date_importance``: how many distinct articles refer to it, how many recall it a week or more later,
how many were published that day and the day after, ...), times its precision's weight (day-precise
dates worth more than months and months more than years: the reference timelines it was learnt from
are days only, so it cannot learn that). Planned dates count like past ones ("the summit in January
or February"). Vague dates stay at their precision ("2019-01", "2019"), never a made-up day.

Sentences. A date's candidates are the sentences that refer to it. Each is scored by its closeness
to what all candidates of that date say (the date's centroid) and to the whole story, and, with a
query, by its closeness to the query, and sentences written within two days of the date are
preferred (they tell what happened; later ones mostly recall it in passing); near-identical
sentences across outlets become one entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import numpy as np

from ..config import Config
from ..model import TimelineEntry, Timex
from .corpus import Corpus
from .date_importance import date_features, days_after, importance
from .sentences import StorySentences, lists_dates, timexes_by_sentence

PRECISION_WEIGHT = {"day": 1.0, "week": 0.7, "month": 0.6, "quarter": 0.4, "year": 0.3}


def build_timeline(corpus: Corpus, ss: StorySentences, config: Config, dates: int | None = None,
                   per_date: int | None = None, day_only: bool = False, since: str | None = None,
                   until: str | None = None) -> list[TimelineEntry]:
    """``dates`` dates with up to ``per_date`` entries each, in date order. ``day_only`` keeps only
    day-precise dates; ``since`` and ``until`` (ISO dates, inclusive) keep only dates that overlap
    that window (what the news-tls evaluation setting does)."""
    n_dates = dates or config.timeline_dates
    per_date = per_date or config.timeline_per_date
    dated = {i: kept for i, found in timexes_by_sentence(corpus, ss).items()
             if (kept := [t for t in found if _datable(t)])}
    candidates: dict[str, list[int]] = defaultdict(list)
    info: dict[str, Timex] = {}
    for i, timexes in sorted(dated.items()):
        listing = lists_dates(timexes, config.timeline_max_dates_per_sentence)
        for t in timexes:
            if not _in_window(t, day_only, since, until):
                continue
            if not listing:
                candidates[t.date_value].append(i)
            info.setdefault(t.date_value, t)
    published = sorted({corpus.article(s.article_id).published.value for s in ss.sentences
                        if corpus.article(s.article_id).published.precision == "day"})
    span = (since or (published[0] if published else None), until or (published[-1] if published else None))
    features = date_features(corpus, ss, dated, config, span, lambda t: _in_window(t, day_only, since, until))
    weight = {key: p * PRECISION_WEIGHT[info[key].precision] for key, p in importance(features).items()}
    if config.timeline_lead_sentences:
        _add_lead_sentences(corpus, ss, candidates, set(dated), set(weight), config.timeline_lead_sentences)
    entries: list[TimelineEntry] = []
    used: list[int] = []
    told = 0
    # a date referred to only by lists of dates has no sentence to tell it
    for key in _spread({k: w for k, w in weight.items() if candidates.get(k)}, span, n_dates, config):
        if told >= n_dates:
            break
        pool = sorted(set(candidates[key]))
        fresh = {i for i in pool
                 if 0 <= days_after(corpus.article(ss.sentences[i].article_id).published, key) <= config.timeline_fresh_days}
        score = _sentence_scores(ss, pool, fresh, config)
        ranked = sorted(pool, key=lambda i: (-score[i], i))
        if ss.relevance is not None and config.timeline_query_first:  # sentences sharing a query word first
            ranked.sort(key=lambda i: ss.relevance[i] <= 0)
        taken = 0
        for i in ranked:
            if taken >= per_date:
                break
            if ss.repeats(i, used, config.redundancy_similarity):
                continue
            support = ss.support(i, pool, config.support_similarity)
            used.append(i)
            taken += 1
            t = info[key]
            entries.append(TimelineEntry(key, t.earliest, t.latest, ss.texts[i],
                                         tuple(ss.citation(j) for j in support)))
        told += taken > 0  # a date whose every sentence is already told gives way to the next
    entries.sort(key=lambda e: (e.earliest, e.latest, e.date))
    return entries


def _datable(t: Timex) -> bool:
    """A date or time a timeline can place: resolved, at a precision it weighs."""
    return t.type in ("DATE", "TIME") and t.precision in PRECISION_WEIGHT


def _in_window(t: Timex, day_only: bool, since: str | None, until: str | None) -> bool:
    return (not day_only or t.precision == "day") and not ((since and t.latest < since) or (until and t.earliest > until))


def why_empty(corpus: Corpus, ss: StorySentences, day_only: bool = False, since: str | None = None,
              until: str | None = None) -> str:
    """Why ``build_timeline`` with these options has no entry, in one line a user can act on."""
    n = len(corpus.articles)
    of = f"no dated events in {n} article{'' if n == 1 else 's'}"
    found = [t for ts in timexes_by_sentence(corpus, ss).values() for t in ts if _datable(t)]
    if not found:
        published = sum(a.published.value is not None for a in corpus.articles)
        unplaced = sorted({t.text for ts in corpus.timexes.values() for _, t in ts
                           if t.type in ("DATE", "TIME") and not t.earliest})
        if unplaced and published < n:
            some = ", ".join(repr(x) for x in unplaced[:3])
            undated = "they have" if not published else f"{n - published} of the {n} have"
            return f"{of}: the dates they name ({some}) are relative, and {undated} no publication date to count from"
        dates = ("none has a publication date" if not published else
                 f"a publication date alone ({published} of them have one) makes no entry")
        return f"{of}: none of their sentences names a date, and {dates}"
    if not any(_in_window(t, day_only, since, until) for t in found):
        if day_only and not any(t.precision == "day" for t in found):
            return f"{of} with --days-only: the dates they name are months or years, none a day"
        window = f"from {since}" if since and not until else f"until {until}" if until and not since \
            else f"from {since} to {until}"
        first, last = min(t.earliest for t in found), max(t.latest for t in found)
        return f"{of} {window}: the dates they name run from {first} to {last}"
    return f"{of}: every sentence that names a date lists several dates at once, and tells none of them"


def _day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def _spread(weight: dict[str, float], span: tuple[str | None, str | None], n: int, config: Config) -> Iterator[str]:
    """Dates, heaviest first, where a day close to one already given counts less when the
    timeline is sparse: with ``n`` dates over a span of S days (the window asked for, else the
    days the articles were published), days within
    ``timeline_spread * S / n`` of a chosen day are multiplied by ``timeline_spread_factor`` (a long
    story told in few dates should not spend them on one busy week)."""
    window = 0
    if span[0] and span[1] and n > 0:
        days = (dt.date.fromisoformat(span[1]) - dt.date.fromisoformat(span[0])).days + 1
        window = int(config.timeline_spread * days / n)
    left = dict(weight)
    while left:
        best = min(left, key=lambda k: (-left[k], k))
        yield best
        del left[best]
        if len(best) != 10:
            continue
        day = dt.date.fromisoformat(best)
        for offset in range(1, window + 1):
            for near in (day - dt.timedelta(days=offset), day + dt.timedelta(days=offset)):
                if near.isoformat() in left:
                    left[near.isoformat()] *= config.timeline_spread_factor


def _add_lead_sentences(corpus: Corpus, ss: StorySentences, candidates: dict[str, list[int]],
                        dated: set[int], dates: set[str], lead: int) -> None:
    """The first ``lead`` undated body sentences of articles published on a date or the day after
    also tell that date: they are how the news of the day was first written. A sentence naming any
    date (even one left out of the timeline) tells that date, not the day's."""
    for i, s in enumerate(ss.sentences):
        if s.field != "text" or s.index >= lead or i in dated:
            continue
        published = corpus.article(s.article_id).published
        if published.precision != "day":
            continue
        for key in (published.value, _day_before(published.value)):
            if key in dates:
                candidates[key].append(i)


def _sentence_scores(ss: StorySentences, pool: list[int], fresh: set[int], config: Config) -> dict[int, float]:
    """How well each candidate tells its date: close to the date's centroid, to the story and to the
    query, repeated by many articles (a fact many outlets carry is news), and written within days of
    the date (``fresh``: the day's reports tell what happened; months later a date is only recalled
    in passing)."""
    X = ss.vectors[pool]
    centroid = np.asarray(X.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    local = np.asarray(X @ (centroid / norm)).ravel()
    groups = [ss.group.get(ss.sentences[i].article_id, ss.sentences[i].article_id) for i in pool]
    # support is counted among the date's most typical candidates only, so a busy day stays linear
    top = np.argsort(-local, kind="stable")[:config.timeline_pool_limit]
    similar = (X[top] @ X.T).tocsr()
    backers_of = {}
    for row_n, n in enumerate(top):
        row = slice(similar.indptr[row_n], similar.indptr[row_n + 1])
        backers_of[int(n)] = {groups[j] for j, v in zip(similar.indices[row], similar.data[row])
                              if v >= config.support_similarity}
    out = {}
    for n, i in enumerate(pool):
        backers = backers_of.get(n, ())
        value = (local[n] + config.timeline_story_weight * float(ss.centrality[i])
                 + config.timeline_support_weight * float(np.log(max(1, len(backers)))))
        if ss.relevance is not None:
            value += config.timeline_query_weight * float(ss.relevance[i])
        if i in fresh:
            value += config.timeline_fresh_bonus
        out[i] = value
    return out
