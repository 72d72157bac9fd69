"""Online story clustering: articles in publication order join the best story above a threshold
or start a new one; stories that converge are merged afterwards. Every assignment keeps its
explanation (similarity, shared entities, shared terms).

Similarity of an article to a story = ((1 - w) * cosine of its TF-IDF vector to the story's
TF-IDF centroid + w * cosine of its entity counts to the story's entity centroid), damped by the
time since the story's last article (``1 / (1 + gap / decay_days)``), so a story can last months
without swallowing every later article that shares its words.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ..config import Config
from ..model import Article, Assignment
from .dedupe import Duplicate


@dataclass
class Cluster:
    id: str
    members: list[int] = field(default_factory=list)  # indices into the article list
    last_day: int | None = None
    scores: dict[int, float] = field(default_factory=dict)


def _day(article: Article) -> int | None:
    """Publication day number (month-precision dates count from their middle)."""
    v = article.published.value
    if not v:
        return None
    parts = [int(p) for p in v.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else (15 if len(parts) > 1 else 1)).toordinal()


def story_id(founder_id: str) -> str:
    return "s-" + hashlib.sha1(founder_id.encode()).hexdigest()[:10]


def text_vectors(articles: list[Article]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """L2-normalised TF-IDF rows and the vocabulary (for explanations)."""
    big = len(articles) >= 50
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=2 if big else 1, max_df=0.5 if big else 1.0,
        token_pattern=r"(?u)\b[^\W\d_][\w'-]*[^\W_]\b", max_features=100_000, dtype=np.float32,
    )
    docs = [((a.title or "") + "\n" + a.text) for a in articles]
    try:
        X = vectorizer.fit_transform(docs)
        return X.tocsr(), vectorizer.get_feature_names_out()
    except ValueError:  # no usable terms at all
        return sparse.csr_matrix((len(articles), 1), dtype=np.float32), np.array(["-"])


def entity_vectors(articles: list[Article], by_article: dict[str, Counter]) -> tuple[sparse.csr_matrix, list[str]]:
    ids = sorted({eid for a in articles for eid in by_article.get(a.id, {})})
    col = {eid: i for i, eid in enumerate(ids)}
    rows, cols, vals = [], [], []
    for r, a in enumerate(articles):
        for eid, n in by_article.get(a.id, {}).items():
            rows.append(r)
            cols.append(col[eid])
            vals.append(1.0 + np.log(n))
    E = sparse.csr_matrix((vals, (rows, cols)), shape=(len(articles), max(1, len(ids))), dtype=np.float32)
    return normalize(E), ids


def cluster_articles(
    articles: list[Article],
    duplicates: list[Duplicate],
    by_article: dict[str, Counter],
    entity_names: dict[str, str],
    config: Config,
) -> list[tuple[str, list[Assignment]]]:
    """Stories as (story id, assignments in publication order); ``articles`` in publication order."""
    index = {a.id: i for i, a in enumerate(articles)}
    dup_of = {d.article_id: d for d in duplicates}
    reps = [i for i, a in enumerate(articles) if a.id not in dup_of]
    X, vocab = text_vectors([articles[i] for i in reps])
    E, _ = entity_vectors([articles[i] for i in reps], by_article)
    S_text = (X @ X.T).toarray()
    S_ent = (E @ E.T).toarray()
    w = config.cluster_entity_weight
    S = (1 - w) * S_text + w * S_ent
    days = [_day(articles[i]) for i in reps]

    clusters: list[Cluster] = []
    sums = np.zeros((0, len(reps)), dtype=np.float64)  # per cluster: sum over members of S[:, member]
    norms: list[float] = []  # per cluster: ||sum of member vectors||^2 in the mixed space
    owner = np.full(len(reps), -1)
    for r in range(len(reps)):
        best, best_score = -1, 0.0
        if clusters:
            cos = sums[:, r] / np.sqrt(np.maximum(norms, 1e-12))
            if days[r] is not None:
                gaps = np.array([max(0, days[r] - c.last_day) if c.last_day is not None else 0 for c in clusters])
                cos = cos / (1.0 + gaps / config.cluster_decay_days)
            best = int(np.argmax(cos))
            best_score = float(cos[best])
        if best < 0 or best_score < config.cluster_threshold:
            clusters.append(Cluster(story_id(articles[reps[r]].id)))
            sums = np.vstack([sums, np.zeros(len(reps))])
            norms.append(0.0)
            best, best_score = len(clusters) - 1, 1.0
        c = clusters[best]
        norms[best] += 2 * sums[best, r] + S[r, r]
        sums[best] += S[:, r]
        c.members.append(r)
        c.scores[r] = best_score
        if days[r] is not None:
            c.last_day = max(days[r], c.last_day or days[r])
        owner[r] = best
    clusters = _merge_converged(clusters, S, config)

    out = []
    for c in clusters:
        members = sorted(c.members)
        centroid_terms = np.asarray(X[members].sum(axis=0)).ravel()
        centroid_ents = Counter()
        for r in members:
            centroid_ents.update(by_article.get(articles[reps[r]].id, {}))
        assignments = []
        for r in members:
            a = articles[reps[r]]
            row = X[r].toarray().ravel()
            top_terms = np.argsort(-(row * centroid_terms), kind="stable")[:8]
            shared_terms = tuple(str(vocab[t]) for t in top_terms if row[t] > 0 and centroid_terms[t] > row[t])
            mine = by_article.get(a.id, {})
            shared_ents = tuple(
                entity_names[e] for e, _ in sorted(
                    ((e, centroid_ents[e]) for e in mine if centroid_ents[e] > mine[e]), key=lambda x: (-x[1], x[0])
                )[:8]
            )
            assignments.append(Assignment(a.id, round(c.scores.get(r, 1.0), 4), shared_ents, shared_terms))
        for d in duplicates:
            if index[d.duplicate_of] in {reps[r] for r in members}:
                assignments.append(Assignment(d.article_id, d.jaccard, (), (), d.duplicate_of))
        assignments.sort(key=lambda s: index[s.article_id])
        out.append((c.id, assignments))
    return out


def _merge_converged(clusters: list[Cluster], S: np.ndarray, config: Config) -> list[Cluster]:
    """Merge pairs of stories whose centroids came close (above a stricter threshold), closest first.

    C[k, l] = sum of S over members of k and l, so a merge just adds rows and columns.
    """
    merge_at = min(0.95, config.cluster_threshold * 2)
    if len(clusters) < 2:
        return clusters
    rows = [k for k, c in enumerate(clusters) for _ in c.members]
    cols = [r for c in clusters for r in c.members]
    M = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(clusters), S.shape[0]))
    C = np.asarray((M @ S) @ M.T.toarray())
    alive = list(range(len(clusters)))
    while len(alive) > 1:
        sub = C[np.ix_(alive, alive)]
        d = np.sqrt(np.maximum(np.diag(sub), 1e-12))
        cos = sub / np.outer(d, d)
        np.fill_diagonal(cos, -1)
        a, b = np.unravel_index(int(np.argmax(cos)), cos.shape)
        if cos[a, b] < merge_at:
            break
        keep, drop = sorted((alive[a], alive[b]))
        score = round(float(cos[a, b]), 4)
        clusters[keep].members += clusters[drop].members
        clusters[keep].scores.update({r: score for r in clusters[drop].members})
        C[keep, :] += C[drop, :]
        C[:, keep] += C[:, drop]
        alive.remove(drop)
    return [clusters[k] for k in alive]
