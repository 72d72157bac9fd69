"""How much a candidate date matters to a story's timeline, learnt rather than weighed by hand (issue
24, as news-tls's Datewise does): a logistic regression over what the articles say about each date,
trained on Timeline17's reference timelines by ``tools/timeline_date_model.py`` and measured
leave-one-topic-out by ``benchmarks/timelines_datemodel.py``.

A date's features are counted from the story itself: how many duplicate groups refer to it, how many
of them a week or more later (a day still recalled mattered), how many articles were published that
day and the day after (news of an event mostly appears the next morning), the share of its
referring sentences that share no word with the query, where it lies in the story's span, and how
many sentences could tell it. Each feature is standardised over the story's own candidate dates
before the model reads it, so a story of 20 articles and one of 200 are ranked alike: the model
says which dates stand out in their story, not which stories are big.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..config import Config
from ..model import PublishedDate, Timex
from .corpus import Corpus
from .sentences import StorySentences, lists_dates

MODEL = "date_importance.json"
FEATURES = ("log_groups", "log_hindsight_groups", "log_published_that_day", "log_published_day_after",
            "off_query_share", "from_first", "to_last", "log_candidates")


@dataclass(frozen=True)
class DateModel:
    """A logistic regression over the story-standardised features: ``mean`` and ``scale`` of its
    training examples, then one coefficient per feature and the intercept."""
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float

    def probabilities(self, features: dict[str, list[float]]) -> dict[str, float]:
        """Each date's probability of being in a reference timeline, from its raw features."""
        if not features:
            return {}
        X = (within_story(np.array(list(features.values()), dtype=float)) - self.mean) / self.scale
        return dict(zip(features, (1.0 / (1.0 + np.exp(-(X @ np.array(self.coefficients) + self.intercept)))).tolist()))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"features": FEATURES, "mean": self.mean, "scale": self.scale,
                                    "coefficients": self.coefficients, "intercept": self.intercept}, indent=1) + "\n")

    @classmethod
    def load(cls, text: str) -> DateModel:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{MODEL}: features {data['features']} are not {list(FEATURES)}")
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coefficients"]), float(data["intercept"]))


_SWAPPED: ContextVar[DateModel | None] = ContextVar("date_model", default=None)


@contextmanager
def model_in_use(model: DateModel) -> Iterator[None]:
    """Weigh dates with ``model`` meanwhile instead of the shipped one: a cross-validation fold's
    model is measured without writing it into the package."""
    token = _SWAPPED.set(model)
    try:
        yield
    finally:
        _SWAPPED.reset(token)


@lru_cache(maxsize=1)
def _shipped() -> DateModel:
    return DateModel.load(resources.files("storyline.stories").joinpath(MODEL).read_text(encoding="utf-8"))


def importance(features: dict[str, list[float]]) -> dict[str, float]:
    """Each date's probability by the shipped model unless ``model_in_use`` says otherwise."""
    return (_SWAPPED.get() or _shipped()).probabilities(features)


def within_story(X: np.ndarray) -> np.ndarray:
    """Each column standardised over one story's candidate dates (a constant column becomes 0)."""
    std = X.std(axis=0)
    return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)


def date_features(corpus: Corpus, ss: StorySentences, dated: dict[int, list[Timex]], config: Config,
                  span: tuple[str | None, str | None], placed) -> dict[str, list[float]]:
    """The raw features (``FEATURES`` order) of every date that the sentences in ``dated`` refer to
    and ``placed(t)`` keeps (the timeline's precision and window), over the days ``span`` covers."""
    groups: dict[str, set[str]] = defaultdict(set)
    late: dict[str, set[str]] = defaultdict(set)
    refs, off, told = Counter(), Counter(), Counter()
    info: dict[str, Timex] = {}
    for i, timexes in sorted(dated.items()):
        listing = lists_dates(timexes, config.timeline_max_dates_per_sentence)
        s = ss.sentences[i]
        group = ss.group.get(s.article_id, s.article_id)
        published = corpus.article(s.article_id).published
        for t in timexes:
            if not placed(t):
                continue
            key = t.date_value
            info.setdefault(key, t)
            groups[key].add(group)
            if t.precision == "day" and days_after(published, key) >= config.timeline_hindsight_days:
                late[key].add(group)
            refs[key] += 1
            off[key] += bool(ss.relevance is not None and ss.relevance[i] <= 0)
            told[key] += not listing
    days = Counter(corpus.article(aid).published.value
                   for aid in sorted({ss.group.get(s.article_id, s.article_id) for s in ss.sentences})
                   if corpus.article(aid).published.precision == "day")
    first, last = span
    length = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1 if first and last else 0
    out = {}
    for key, t in info.items():
        after = (dt.date.fromisoformat(key) + dt.timedelta(days=1)).isoformat() if len(key) == 10 else None
        where = ((dt.date.fromisoformat(t.earliest) - dt.date.fromisoformat(first)).days / length,
                 (dt.date.fromisoformat(last) - dt.date.fromisoformat(t.latest)).days / length) if length else (0.0, 0.0)
        out[key] = [math.log1p(len(groups[key])), math.log1p(len(late[key])),
                    math.log1p(days.get(key, 0)), math.log1p(days.get(after, 0)),
                    off[key] / refs[key], *where, math.log1p(told[key])]
    return out


def days_after(published: PublishedDate, date: str) -> float:
    """Days from ``date`` to a day-precise publication date; -inf when either is not a day."""
    if published.precision != "day" or len(date) != 10:
        return float("-inf")
    return (dt.date.fromisoformat(published.value) - dt.date.fromisoformat(date)).days
