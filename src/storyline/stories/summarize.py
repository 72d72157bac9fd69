"""A cited summary: the sentences that together cover most of what the story's articles say, in
chronological order, each citing every article that says the same thing.

What the articles say is counted in concepts, as Gillick and Favre (2009) do for multi-document
summaries: word pairs (bigrams) that are not only stop words, each worth the number of articles
(a duplicate group once) that use it, more when it holds a word of the query (the rarer the word
in the story, the more: see ``_query_boosts``); pairs used by fewer than ``summary_concept_articles``
articles (in a collection that has that many) are worth a hundredth, so they only break ties and
fill what the budget leaves. The summary is the set of sentences within the budget whose
distinct concepts are worth the most, an integer linear program that scipy's HiGHS solves to within
``summary_solver_gap`` of the best (deterministically: no time limit):
a concept counts once however many chosen sentences repeat it, so the summary spends its words on
what it has not said yet. A budget of words takes sentences until the
words are spent; a number of sentences takes up to that many, within ``summary_words_per_sentence``
words each on average (80 at least, so that one long sentence still fits).

Candidates are the body sentences of 8 words or more: the ``summary_pool`` most central of them
(closeness to the story's TF-IDF centroid, a small bonus for an article's lead, and with a query
the closeness to it, weighed by how selective the query is), leaving out any that says again what
a more central one says, so a story of thousands of sentences stays a small program. Sentences are
never cut, so every one is a span of its article. On Timeline17 cut to DUC's shape (25 articles, a
250-word human summary; ``benchmarks/summaries.py``) this raised ROUGE-2 recall from 0.085 for the
most central sentences to 0.098.

An update summary (``seen``: what the reader has already read, as DUC 2007 and TAC 2008-2011's
update task asks) tells only what is new: a sentence that says again what a seen sentence says
(TF-IDF cosine ``redundancy_similarity`` or more, the bound that already keeps two wordings of one
fact apart) is never a candidate, an article the reader has seen is never cited, whatever
collection it also belongs to, and a sentence that names a date later than the newest seen
article ranks ``update_recent_bonus`` closer to the story for the pool: it tells what happened
since the reader last read. Word pairs the seen articles use keep their worth: the newest
reports retell the story in the pairs the seen ones used, and taking them as told lowered ROUGE-2
from 0.033 to 0.029. On Timeline17 split by date in three (``benchmarks/update_summary.py``) the update
scores ROUGE-2 recall 0.037 against 0.034 for a plain summary of the newest third (the bonus
chosen in leave-one-topic-out folds), ROUGE-1 0.125 against 0.134: the sentences it may not
repeat are those that retell.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..config import Config
from ..model import SummarySentence
from .corpus import Corpus
from .sentences import MAX_WORDS, StorySentences, timexes_by_sentence

LEAD_BONUS = 0.05  # news puts the main facts first
MIN_WORDS = 8  # shorter sentences rarely stand on their own in a summary
RARE_WORTH = 0.01  # a pair too few articles use only breaks ties and fills what the budget leaves
_TOKEN = re.compile(r"\b\w\w+\b")  # as the TF-IDF vectors read words

Concept = tuple[str, str]


@dataclass(frozen=True)
class Seen:
    """What the reader has already read, article by article: an update summary neither repeats nor
    cites it."""

    articles: dict[str, tuple[str, ...]]  # article id -> the sentences read in it
    last_published: str | None = None  # the newest seen article's day: what is dated later happened since

    @classmethod
    def of(cls, corpus: Corpus, article_ids: Iterable[str]) -> "Seen":
        """Every sentence of ``article_ids`` (articles of ``corpus``), titles and captions included."""
        ids = sorted(set(article_ids))
        days = [corpus.article(aid).published.value for aid in ids]
        return cls({aid: tuple(corpus.sentence_text(s) for s in corpus.sentences.get(aid, [])) for aid in ids},
                   max((d[:10] for d in days if d), default=None))

    @property
    def texts(self) -> list[str]:
        return [text for texts in self.articles.values() for text in texts]



def build_summary(corpus: Corpus, ss: StorySentences, config: Config, sentences: int | None = None,
                  words: int | None = None, seen: Seen | None = None) -> list[SummarySentence]:
    """``sentences`` sentences (default 5), or as many as fit in ``words`` words when that is given;
    with ``seen``, only what it does not already say (empty when nothing is new)."""
    body = [i for i, s in enumerate(ss.sentences) if s.field == "text" and len(ss.texts[i].split()) >= MIN_WORDS]
    recent: set[int] = set()
    if seen is not None:
        body = [i for i in body if ss.sentences[i].article_id not in seen.articles]
        repeated = near_repeats([ss.texts[i] for i in body], seen.texts, config.redundancy_similarity)
        body = [i for i, again in zip(body, repeated) if not again]
        recent = _dated_after(corpus, ss, body, seen.last_published)
    if not body:
        return []
    if words is None:
        count = sentences or config.summary_sentences
        budget = max(count * config.summary_words_per_sentence, MAX_WORDS)  # one sentence may be long
    else:
        count, budget = None, words
    pool = _most_central(ss, body, config, recent)
    chosen = _best_cover(ss, pool, _concept_weights(ss, pool, config), budget, count, config.summary_solver_gap)

    def when(i: int):
        s = ss.sentences[i]
        return (corpus.article(s.article_id).published.value or "9999", s.article_id, s.start)

    out = []
    for i in sorted(chosen, key=when):
        support = ss.support(i, body, config.support_similarity)
        out.append(SummarySentence(ss.texts[i], tuple(ss.citation(j) for j in support)))
    return out


def _dated_after(corpus: Corpus, ss: StorySentences, body: list[int], day: str | None) -> set[int]:
    """The ``body`` sentences holding a date later than ``day``: they tell what happened since."""
    if day is None:
        return set()
    dated = timexes_by_sentence(corpus, ss)
    return {i for i in body if any(t.latest and t.latest > day for t in dated.get(i, ()))}


def _most_central(ss: StorySentences, body: list[int], config: Config, recent: set[int] = frozenset()) -> list[int]:
    """The ``summary_pool`` body sentences closest to the story (and the query), ``recent`` ones
    ``update_recent_bonus`` closer, in sentence order, without two that say the same thing (TF-IDF
    cosine ``redundancy_similarity`` or more: the more central is kept). Rare concepts are counted
    apart from the common ones (``_concept_weights``), so this is what keeps two wordings of one
    fact out of the summary together."""
    query_weight = 0.0
    if ss.relevance is not None:  # a query most sentences match says little: it weighs less
        query_weight = config.summary_query_weight * float(np.mean(ss.relevance[body] <= 0))
    score = {}
    for i in body:
        value = float(ss.centrality[i]) + (LEAD_BONUS if ss.sentences[i].index < 3 else 0.0)
        if i in recent:
            value += config.update_recent_bonus
        if ss.relevance is not None:
            value += query_weight * float(ss.relevance[i])
        score[i] = value
    ranked = sorted(body, key=lambda i: (-score[i], i))[:2 * config.summary_pool]
    close = (ss.vectors[ranked] @ ss.vectors[ranked].T).toarray() >= config.redundancy_similarity
    kept: list[int] = []
    for n in range(len(ranked)):
        if len(kept) == config.summary_pool:
            break
        if not close[n, kept].any():
            kept.append(n)
    return sorted(ranked[n] for n in kept)


def near_repeats(texts: Sequence[str], seen: Sequence[str], bound: float) -> list[bool]:
    """For each of ``texts``, whether a ``seen`` sentence says it again: TF-IDF cosine (one space
    for both, fitted on both) of ``bound`` or more."""
    if not texts or not seen:
        return [False] * len(texts)
    try:
        X = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32).fit_transform(
            list(texts) + list(seen)).tocsr()
    except ValueError:  # nothing but stop words: nothing to repeat
        return [False] * len(texts)
    mine, theirs = X[:len(texts)], X[len(texts):].T.tocsc()
    out: list[bool] = []
    for start in range(0, len(texts), 1000):  # rows at a time, so a large seen set stays small in memory
        closest = (mine[start:start + 1000] @ theirs).max(axis=1).toarray().ravel()
        out.extend(bool(c >= bound) for c in closest)
    return out


def concepts(words: list[str]) -> set[Concept]:
    """The word pairs of a sentence's words that are not both stop words."""
    return {(a, b) for a, b in zip(words, words[1:]) if not (a in ENGLISH_STOP_WORDS and b in ENGLISH_STOP_WORDS)}


def _concept_weights(ss: StorySentences, pool: list[int], config: Config
                     ) -> tuple[dict[int, dict[Concept, float]], dict[int, float]]:
    """Each pool sentence's concepts with their worth, and the worth of its rare ones, summed: those
    are the sentence's own (counting them apart keeps the program as small as the common concepts)."""
    words = {i: _TOKEN.findall(ss.texts[i].lower()) for i in pool}
    found = {i: concepts(words[i]) for i in pool}
    users: dict[Concept, set[str]] = defaultdict(set)
    for i, pairs in found.items():
        group = ss.group.get(ss.sentences[i].article_id, ss.sentences[i].article_id)
        for pair in pairs:
            users[pair].add(group)
    groups = {ss.group.get(ss.sentences[i].article_id, ss.sentences[i].article_id) for i in pool}
    least = config.summary_concept_articles if len(groups) >= config.summary_concept_articles else 1
    boosts = _query_boosts(ss.query, [set(words[i]) for i in pool])
    worth = {pair: len(by) * max([boosts[w] for w in pair if w in boosts] or [1.0]) for pair, by in users.items()}
    common = {i: {pair: worth[pair] for pair in pairs if len(users[pair]) >= least} for i, pairs in found.items()}
    rare = {i: RARE_WORTH * sum(worth[pair] for pair in pairs if len(users[pair]) < least) for i, pairs in found.items()}
    return common, rare


def _query_boosts(query: str | None, used: list[set[str]]) -> dict[str, float]:
    """How many times a concept holding each query word counts: one plus the odds against a pool
    sentence (``used``: the words of each) using the word. A word the story seldom uses pins down what the user asks
    ("Yongbyon" in a story about a summit counts dozens of times); a word it uses everywhere says
    little ("oil" in a story about an oil spill, about twice)."""
    if not query or not used:
        return {}
    asked = set(_TOKEN.findall(query.lower())) - ENGLISH_STOP_WORDS
    boosts = {}
    for word in sorted(asked):
        share = sum(word in words for words in used) / len(used)
        boosts[word] = 1.0 + (1.0 - share) / max(share, 1.0 / len(used))
    return boosts


def _best_cover(ss: StorySentences, pool: list[int], weights: tuple[dict[int, dict[Concept, float]], dict[int, float]],
                budget: int, count: int | None, gap: float) -> list[int]:
    """The sentences of ``pool`` within ``budget`` words (and ``count`` sentences) whose distinct
    common concepts, plus their own rare ones, are worth the most. Variables: one per sentence, then
    one per common concept; a concept counts only if a chosen sentence holds it. A sentence's own
    worth carries a tiny share of its centrality, so that equal sets lean to the more central."""
    common, rare = weights
    candidates = [i for i in pool if common[i] or rare[i]]
    if not candidates:
        return []
    index: dict[Concept, int] = {}
    for i in candidates:
        for pair in sorted(common[i]):
            index.setdefault(pair, len(index))
    n, m = len(candidates), len(index)
    worth = np.zeros(m)
    rows, cols = [], []
    for j, i in enumerate(candidates):
        for pair, w in common[i].items():
            worth[index[pair]] = w
            rows.append(index[pair])
            cols.append(j)
    # concept k counts only if some chosen sentence holds it: c_k - sum of its sentences <= 0
    holds = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(m, n))
    covered = LinearConstraint(sparse.hstack([-holds, sparse.identity(m)]), -np.inf, 0)
    lengths = np.array([len(ss.texts[i].split()) for i in candidates], dtype=float)
    limits = [covered, LinearConstraint(np.concatenate([lengths, np.zeros(m)])[None, :], 0, budget)]
    if count is not None:
        limits.append(LinearConstraint(np.concatenate([np.ones(n), np.zeros(m)])[None, :], 0, count))
    own = np.array([rare[i] + 1e-4 * float(ss.centrality[i]) for i in candidates])  # below any pair's worth
    cost = -np.concatenate([own, worth])
    # only the sentences need be whole: at any whole choice of them a concept's best value is 0 or 1,
    # so its variable stays continuous (the same optimum; a quarter less solving on large stories)
    result = milp(cost, constraints=limits, integrality=np.concatenate([np.ones(n), np.zeros(m)]), bounds=Bounds(0, 1),
                  options={"mip_rel_gap": gap})
    if result.x is None:  # choosing nothing is always feasible, so this is the solver failing
        raise RuntimeError(f"summary: the solver found no solution ({result.message})")
    return [i for j, i in enumerate(candidates) if result.x[j] > 0.5]

