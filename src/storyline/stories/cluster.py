"""Online story clustering: articles, taken in publication order, join the best story above a
threshold or start a new one; after each batch, stories that converged are merged. Every decision
uses only what came before it, so feeding articles day by day gives (very nearly) the stories of
one big batch, and every assignment keeps its explanation (similarity, shared entities and terms).

An article is two unit vectors: its content words and its named entities, each weighted by
sublinear term frequency times the inverse document frequency *seen so far*. A story is the sum of
its members' vectors (its centroid, cut to its strongest terms). Similarity is
``(1 - w) * cos(text) + w * entity share``, where the entity share is the part of the story's
leading entities' weight that the article names; it is damped by the days since the story's last article
(``1 / (1 + gap / decay_days)``, gentle enough for stories that last months). The threshold to join
falls as a story grows, because a large story's centroid is a steadier description of it than a
two-article one: ``t(n) = t_low + (t_high - t_low) / (1 + n / n_half)``.
Two stories merge when their similarity reaches the larger one's joining threshold and a share of
its cohesion (the mean similarity at which its members joined it), so a broad story takes in its
sub-threads and a tight one only a close story.

Centroids live in sparse matrices that are refreshed every few dozen changes; stories changed since
the last refresh are scored exactly from their dictionaries, so results do not depend on when the
refresh happens.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..config import Config
from ..model import Article, Assignment
from .corpus import Corpus
from .link import article_keys

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "lrb", "rrb", "lsb", "rsb", "mr", "mrs", "ms", "just",
                                         "like", "year", "years", "new", "told", "also", "would", "could"}
CENTROID_TERMS = 400
CENTROID_ENTITIES = 120
REFRESH_EVERY = 48  # changed stories before the centroid matrices are rebuilt


@dataclass
class ClusterItem:
    """What the clusterer knows of an article."""

    article_id: str
    day: int | None  # publication day number, None when unknown
    terms: Counter
    entities: Counter  # entity key -> mentions
    names: dict[str, str] = field(default_factory=dict)  # entity key -> a display name


@dataclass
class StoryState:
    id: str
    founder_day: int | None
    members: list[str] = field(default_factory=list)
    terms: dict[int, float] = field(default_factory=dict)  # column -> weight (sum of member vectors)
    entities: dict[int, float] = field(default_factory=dict)
    term_norm: float = 0.0
    last_day: int | None = None
    assignments: dict[str, Assignment] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def story_id(founder_id: str) -> str:
    return "s-" + hashlib.sha1(founder_id.encode()).hexdigest()[:10]


def publication_day(article: Article) -> int | None:
    """Day number of the publication date (a month-precision date counts from its middle)."""
    v = article.published.value
    if not v:
        return None
    parts = [int(p) for p in v.split("-")]
    month = parts[1] if len(parts) > 1 else 7
    day = parts[2] if len(parts) > 2 else (15 if len(parts) > 1 else 1)
    return date(parts[0], month, day).toordinal()


def content_terms(text: str) -> Counter:
    """Lower-cased content words (no stop words, no numbers)."""
    words = (m.lower().replace("’", "'") for m in _WORD.findall(text))
    return Counter(w for w in words if w not in _STOP and len(w) > 2)


def items_from_corpus(corpus: Corpus, skip: Iterable[str] = ()) -> list[ClusterItem]:
    """One item per article (in the corpus's publication order), leaving out ``skip``."""
    skipped = set(skip)
    items = []
    for article in corpus.articles:
        if article.id in skipped:
            continue
        entities: Counter = Counter()
        names: dict[str, str] = {}
        for m, group, key in article_keys(corpus.mentions.get(article.id, [])):
            ekey = f"{group}:{key}"
            entities[ekey] += 1
            names.setdefault(ekey, m.text)
        items.append(ClusterItem(article.id, publication_day(article),
                                 content_terms((article.title or "") + "\n" + article.text), entities, names))
    return items


def _unit(weights: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {k: v / norm for k, v in weights.items()}


def _top(weights: dict[int, float], n: int) -> dict[int, float]:
    if len(weights) <= n:
        return weights
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


PROFILE_ENTITIES = 12


def _profile(story: "StoryState") -> dict[int, float]:
    """A story's leading entities with their share of its entity weight. An article's entity score
    is the share of that weight it names, so an article that names the story's main actors among
    twenty other people and places still scores high against it."""
    top = _top(story.entities, PROFILE_ENTITIES)
    total = sum(top.values()) or 1.0
    return {k: v / total for k, v in top.items()}


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _add(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0.0) + v
    return out


class _Matrix:
    """Unit-normalised centroid rows of every story, as CSR, rebuilt from the dictionaries on demand."""

    def __init__(self) -> None:
        self.matrix = sparse.csr_matrix((0, 0))
        self.width = 0

    def rebuild(self, rows: list[dict[int, float]], norms: list[float], width: int) -> None:
        indptr, indices, data = [0], [], []
        for row, norm in zip(rows, norms):
            n = norm or 1.0
            indices.extend(row.keys())
            data.extend(v / n for v in row.values())
            indptr.append(len(indices))
        self.matrix = sparse.csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64),
                                         np.array(indptr)), shape=(len(rows), max(width, 1)))
        self.width = max(width, 1)

    def scores(self, vector: dict[int, float]) -> np.ndarray:
        """Cosine of a unit vector with each row (0 for rows built before its columns existed)."""
        cols = [c for c in vector if c < self.width]
        if not cols or self.matrix.shape[0] == 0:
            return np.zeros(self.matrix.shape[0])
        v = sparse.csr_matrix((np.array([vector[c] for c in cols]), (np.array(cols), np.zeros(len(cols), dtype=int))),
                              shape=(self.width, 1))
        return np.asarray((self.matrix @ v).todense()).ravel()


class OnlineClusterer:
    """Stateful online clustering. ``add(items)`` takes a batch in publication order."""

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self.docs = 0
        self.term_col: dict[str, int] = {}
        self.entity_col: dict[str, int] = {}
        self.terms_by_col: list[str] = []
        self.entities_by_col: list[str] = []
        self.term_df: Counter = Counter()
        self.entity_df: Counter = Counter()
        self.stories: list[StoryState] = []  # by index; merged ones become None
        self.alive: list[bool] = []
        self.story_of: dict[str, str] = {}
        self._index_of: dict[str, int] = {}
        self._text = _Matrix()
        self._ents = _Matrix()
        self._snapshot = 0  # stories [0, snapshot) are in the matrices
        self._dirty: set[int] = set()
        self._changed_since_merge: set[int] = set()
        self.changed: set[str] = set()  # ids of the stories that gained articles (the caller clears it)
        self.merged: dict[str, str] = {}  # id of a story folded into another -> that story's id

    # ---------------------------------------------------------------- state

    def state(self) -> dict:
        """Everything the clusterer knows, as plain data (the store keeps it between builds).
        Floats go through JSON exactly, so a clusterer read back decides as the one written."""
        def story(s: StoryState) -> list:
            return [s.id, s.founder_day, s.members, list(s.terms), list(s.terms.values()), list(s.entities),
                    list(s.entities.values()), s.last_day,
                    [[a.article_id, a.similarity, list(a.shared_entities), list(a.shared_terms)]
                     for a in s.assignments.values()], s.names]
        return {"docs": self.docs, "terms": self.terms_by_col, "entities": self.entities_by_col,
                "term_df": [self.term_df[t] for t in self.terms_by_col],
                "entity_df": [self.entity_df[e] for e in self.entities_by_col],
                "stories": [story(s) for s in self.stories], "alive": self.alive}

    @classmethod
    def from_state(cls, state: dict, config: Config | None = None) -> "OnlineClusterer":
        self = cls(config)
        self.docs = state["docs"]
        self.terms_by_col, self.entities_by_col = state["terms"], state["entities"]
        self.term_col = {t: i for i, t in enumerate(self.terms_by_col)}
        self.entity_col = {e: i for i, e in enumerate(self.entities_by_col)}
        self.term_df = Counter(dict(zip(self.terms_by_col, state["term_df"])))
        self.entity_df = Counter(dict(zip(self.entities_by_col, state["entity_df"])))
        for sid, founder, members, tcols, tvals, ecols, evals, last, assignments, names in state["stories"]:
            s = StoryState(sid, founder, members, dict(zip(tcols, tvals)), dict(zip(ecols, evals)), 0.0, last,
                           {a[0]: Assignment(a[0], a[1], tuple(a[2]), tuple(a[3])) for a in assignments}, names)
            s.term_norm = math.sqrt(sum(v * v for v in s.terms.values()))
            self.stories.append(s)
            self._index_of[sid] = len(self.stories) - 1
            for aid in members:
                self.story_of[aid] = sid
        self.alive = list(state["alive"])
        self._refresh()
        return self

    # ---------------------------------------------------------------- vectors

    def _cols(self, keys, index: dict[str, int], names: list[str]) -> list[int]:
        out = []
        for k in keys:
            col = index.get(k)
            if col is None:
                col = index[k] = len(names)
                names.append(k)
            out.append(col)
        return out

    def _vectors(self, item: ClusterItem) -> tuple[dict[int, float], dict[int, float]]:
        """Unit TF-IDF vectors of an article, with the document frequencies seen so far."""
        self.docs += 1
        self.term_df.update(item.terms.keys())
        self.entity_df.update(item.entities.keys())
        n = self.docs
        terms, ents = {}, {}
        # smoothed as scikit-learn does (ln((1 + n) / (1 + df)) + 1), so that two articles sharing
        # every word still look alike while the collection is small
        for col, (t, c) in zip(self._cols(item.terms, self.term_col, self.terms_by_col), item.terms.items()):
            terms[col] = (1 + math.log(c)) * (math.log((1 + n) / (1 + self.term_df[t])) + 1)
        for col, (e, c) in zip(self._cols(item.entities, self.entity_col, self.entities_by_col), item.entities.items()):
            ents[col] = (1 + math.log(c)) * (math.log((1 + n) / (1 + self.entity_df[e])) + 1)
        return _unit(terms), _unit(ents)

    def threshold(self, size: int | np.ndarray) -> float | np.ndarray:
        c = self.config
        return c.cluster_threshold_low + (c.cluster_threshold - c.cluster_threshold_low) / (1 + size / c.cluster_half_size)

    def join_limits(self) -> np.ndarray:
        """Each story's joining threshold, in story order (a rule that reads more of a story than its
        size, such as benchmarks/cluster_loto.py's, replaces this)."""
        return self.threshold(np.array([len(s.members) for s in self.stories], dtype=float))

    def _decay(self, gap_days: float | np.ndarray) -> float | np.ndarray:
        return 1.0 / (1.0 + np.maximum(0, gap_days) / self.config.cluster_decay_days)

    # ---------------------------------------------------------------- matrices

    def _refresh(self) -> None:
        rows_t = [s.terms for s in self.stories]
        self._text.rebuild(rows_t, [s.term_norm for s in self.stories], len(self.terms_by_col))
        profiles = [_profile(s) for s in self.stories]
        self._ents.rebuild(profiles, [1.0] * len(profiles), len(self.entities_by_col))
        self._snapshot = len(self.stories)
        self._dirty.clear()

    def _touch(self, index: int) -> None:
        self._dirty.add(index)
        self._changed_since_merge.add(index)
        if len(self._dirty) > REFRESH_EVERY:
            self._refresh()

    def _scores(self, terms: dict[int, float], ents: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
        """Text and entity cosine of a vector with every story's centroid."""
        n = len(self.stories)
        text = np.zeros(n)
        ent = np.zeros(n)
        text[: self._snapshot] = self._text.scores(terms)
        present = {c: 1.0 for c in ents}
        if ents:
            ent[: self._snapshot] = self._ents.scores(present)
        for i in list(self._dirty) + list(range(self._snapshot, n)):
            s = self.stories[i]
            text[i] = _dot(terms, s.terms) / (s.term_norm or 1.0)
            ent[i] = _dot(present, _profile(s)) if ents and s.entities else 0.0
        return text, ent

    # ---------------------------------------------------------------- assignment

    def add(self, items: Iterable[ClusterItem]) -> None:
        """Assign each item in turn, merging the stories that converged at the end of each
        publication day and of the batch: a pile added at once and a stream added day by day
        then go through the same merges."""
        day = None
        for item in items:
            if day is not None and item.day is not None and item.day > day:
                self.merge_converged()
            if item.day is not None:
                day = item.day
            self._assign(item)
        self.merge_converged()

    def _assign(self, item: ClusterItem) -> None:
        terms, ents = self._vectors(item)
        best = -1
        score = 1.0
        if self.stories:
            w = self.config.cluster_entity_weight
            text, ent = self._scores(terms, ents)
            combined = (1 - w) * text + w * ent
            if item.day is not None:
                last = np.array([s.last_day if s.last_day is not None else item.day for s in self.stories], dtype=float)
                combined = combined * self._decay(item.day - last)
            ok = (combined >= self.join_limits()) & np.array(self.alive)
            if ok.any():
                best = int(np.argmax(np.where(ok, combined, -1.0)))
                score = float(combined[best])
        if best < 0:
            self.stories.append(StoryState(story_id(item.article_id), item.day))
            self.alive.append(True)
            best = len(self.stories) - 1
            self._index_of[self.stories[best].id] = best
            explanation = Assignment(item.article_id, 1.0)
        else:
            explanation = self._explain(item, terms, ents, self.stories[best], score)
        self._join(best, item, terms, ents, explanation)

    def _explain(self, item, terms, ents, story: StoryState, score: float) -> Assignment:
        shared_terms = sorted(((c, v * story.terms[c]) for c, v in terms.items() if c in story.terms), key=lambda kv: (-kv[1], kv[0]))
        shared_ents = sorted(((c, v * story.entities[c]) for c, v in ents.items() if c in story.entities), key=lambda kv: (-kv[1], kv[0]))
        names = {**story.names, **item.names}
        return Assignment(item.article_id, round(score, 4),
                          tuple(names.get(self.entities_by_col[c], self.entities_by_col[c]) for c, _ in shared_ents[:8]),
                          tuple(self.terms_by_col[c] for c, _ in shared_terms[:8]))

    def _join(self, index: int, item: ClusterItem, terms, ents, explanation: Assignment) -> None:
        story = self.stories[index]
        story.members.append(item.article_id)
        story.assignments[item.article_id] = explanation
        for k, v in item.names.items():
            story.names.setdefault(k, v)
        self._set_centroid(story, _add(story.terms, terms), _add(story.entities, ents))
        if item.day is not None:
            story.last_day = max(item.day, story.last_day or item.day)
        self.story_of[item.article_id] = story.id
        self.changed.add(story.id)
        self._touch(index)

    @staticmethod
    def _set_centroid(story: StoryState, terms: dict[int, float], ents: dict[int, float]) -> None:
        story.terms = _top(terms, CENTROID_TERMS)
        story.entities = _top(ents, CENTROID_ENTITIES)
        story.term_norm = math.sqrt(sum(v * v for v in story.terms.values()))

    # ---------------------------------------------------------------- merging

    @staticmethod
    def _rank(story: StoryState) -> tuple:
        """Smaller first; on equal size the younger story (it is the one folded in)."""
        return (len(story.members), -(story.founder_day or 0), story.id)

    def _pair_score(self, a: StoryState, b: StoryState) -> float:
        w = self.config.cluster_entity_weight
        text = _dot(a.terms, b.terms) / ((a.term_norm or 1.0) * (b.term_norm or 1.0))
        pa, pb = _profile(a), _profile(b)
        ent = sum(min(v, pb.get(k, 0.0)) for k, v in pa.items())  # shared share of the leading entities
        return float(((1 - w) * text + w * ent) * self._gap_decay(a, b))

    def _gap_decay(self, a: StoryState, b: StoryState) -> float:
        if None in (a.last_day, b.last_day, a.founder_day, b.founder_day):
            return 1.0
        return float(self._decay(max(a.founder_day, b.founder_day) - min(a.last_day, b.last_day)))

    @staticmethod
    def cohesion(story: StoryState) -> float | None:
        """The mean similarity at which the story's members joined it (its founders left out, a story
        folded in counting its founder at the merge's similarity): how close its own articles are
        to it. None when no member joined (a single article)."""
        joined = [a.similarity for a in story.assignments.values() if a.similarity != 1.0]
        return sum(joined) / len(joined) if joined else None

    def _merge_ok(self, small: StoryState, big: StoryState, score: float) -> bool:
        """Two stories merge above the larger one's joining threshold and above a share
        (``cluster_merge_relative``) of the larger one's cohesion: how close the smaller story must
        come is measured against how close the larger one's own articles are, so a tight story
        takes in only a close one and a broad one (a financial crisis over months) takes in its
        sub-threads. Two established stories share generic words and names ("forces", "UN"), so the
        share is what keeps them apart, not one similarity for every story. A larger story with no joined member uses the fixed
        ``cluster_merge_floor``."""
        c = self.config
        q = self.cohesion(big)
        floor = c.cluster_merge_floor if q is None else c.cluster_merge_relative * q
        return score >= max(self.threshold(len(big.members)), floor)

    def merge_converged(self) -> None:
        """Fold a story into a larger (on a tie, older) one when their centroids have come closer
        than the larger story's joining threshold and its merge floor (``_merge_ok``); the closest
        pair first, until no pair is close enough. Only pairs with a story that changed since the last merge are looked at."""
        self._refresh()
        changed = sorted(i for i in self._changed_since_merge if self.alive[i])
        self._changed_since_merge.clear()
        heap: list[tuple[float, int, int, int, int]] = []
        version: Counter = Counter()
        w = self.config.cluster_entity_weight

        def push(i: int) -> None:
            s = self.stories[i]
            text, ent = self._scores(_unit(s.terms), _profile(s))
            score = (1 - w) * text + w * ent
            for j in np.nonzero(score >= self.config.cluster_threshold_low)[0]:
                j = int(j)
                if j == i or not self.alive[j]:
                    continue
                small, big = sorted((s, self.stories[j]), key=self._rank)
                exact = self._pair_score(small, big)
                if self._merge_ok(small, big, exact):
                    a, b = self._index_of[small.id], self._index_of[big.id]
                    heapq.heappush(heap, (-exact, a, b, version[a], version[b]))

        for i in changed:
            push(i)
        while heap:
            neg, a, b, va, vb = heapq.heappop(heap)
            if not (self.alive[a] and self.alive[b]) or version[a] != va or version[b] != vb:
                continue
            self._merge(-neg, self.stories[a], self.stories[b])
            version[b] += 1
            push(b)

    def _merge(self, score: float, small: StoryState, big: StoryState) -> None:
        for aid in small.members:
            a = small.assignments[aid]
            big.assignments[aid] = Assignment(aid, round(score, 4) if a.similarity == 1.0 else a.similarity,
                                              a.shared_entities, a.shared_terms)
            self.story_of[aid] = big.id
        big.members.extend(small.members)
        for k, v in small.names.items():
            big.names.setdefault(k, v)
        if small.last_day is not None:
            big.last_day = max(small.last_day, big.last_day or small.last_day)
        days = [d for d in (big.founder_day, small.founder_day) if d is not None]
        big.founder_day = min(days) if days else None
        self._set_centroid(big, _add(big.terms, small.terms), _add(big.entities, small.entities))
        i_small, i_big = self._index_of[small.id], self._index_of[big.id]
        self.alive[i_small] = False
        self.merged[small.id] = big.id
        self.changed.add(big.id)
        small.members, small.terms, small.entities = [], {}, {}
        small.term_norm = 0.0
        self._touch(i_small)
        self._touch(i_big)

    # ---------------------------------------------------------------- results

    def alias_of(self, story_id: str) -> str:
        """The story a merged-away story now lives in (itself when it was never merged)."""
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    def members(self, story_id: str) -> list[Assignment]:
        """The assignments of one living story."""
        return list(self.stories[self._index_of[story_id]].assignments.values())

    def clusters(self, order: dict[str, int]) -> list[tuple[str, list[Assignment]]]:
        """(story id, assignments in publication order) for every story, oldest story first."""
        out = []
        for story, alive in zip(self.stories, self.alive):
            if alive:
                out.append((story.id, sorted(story.assignments.values(), key=lambda a: order[a.article_id])))
        out.sort(key=lambda s: order[s[1][0].article_id])
        return out
