"""A cited summary: central, non-redundant body sentences in chronological order, each citing every
article that says the same thing.

A sentence's score is its closeness to the whole story (the centroid of its TF-IDF vectors), plus a
small bonus for the lead of an article (news puts the main facts first) and, with a query, its
closeness to the query, weighed by how selective the query is (the share of sentences that share
no word with it): a question about one detail pulls hard, a topic every sentence matches hardly.
Sentences are taken greedily, best first, skipping any too close to one already taken (maximal
marginal relevance with a hard cut), until the sentence count or the word budget is reached;
sentences are never cut, so every one is a span of its article.
"""

from __future__ import annotations

import numpy as np

from ..config import Config
from ..model import SummarySentence
from .corpus import Corpus
from .sentences import StorySentences

LEAD_BONUS = 0.05  # news puts the main facts first
MIN_WORDS = 8  # shorter sentences rarely stand on their own in a summary


def build_summary(corpus: Corpus, ss: StorySentences, config: Config, sentences: int | None = None,
                  words: int | None = None) -> list[SummarySentence]:
    """``sentences`` sentences (default 5), or as many as fit in ``words`` words when that is given."""
    limit = None if words else (sentences or config.summary_sentences)
    body = [i for i, s in enumerate(ss.sentences) if s.field == "text" and len(ss.texts[i].split()) >= MIN_WORDS]
    if not body:
        return []
    query_weight = 0.0
    if ss.relevance is not None:  # a query most sentences match says little: it weighs less
        query_weight = config.summary_query_weight * float(np.mean(ss.relevance[body] <= 0))
    score = {}
    for i in body:
        value = float(ss.centrality[i]) + (LEAD_BONUS if ss.sentences[i].index < 3 else 0.0)
        if ss.relevance is not None:
            value += query_weight * float(ss.relevance[i])
        score[i] = value
    ranked = sorted(body, key=lambda i: (-score[i], i))
    chosen: list[int] = []
    used_words = 0
    for i in ranked:
        if limit is not None and len(chosen) >= limit:
            break
        n_words = len(ss.texts[i].split())
        if words is not None and used_words + n_words > words:
            if words - used_words < MIN_WORDS:
                break
            continue  # a shorter sentence may still fit
        if ss.repeats(i, chosen, config.redundancy_similarity):
            continue
        chosen.append(i)
        used_words += n_words

    def when(i: int):
        s = ss.sentences[i]
        return (corpus.article(s.article_id).published.value or "9999", s.article_id, s.start)

    out = []
    for i in sorted(chosen, key=when):
        support = ss.support(i, body, config.support_similarity)
        out.append(SummarySentence(ss.texts[i], tuple(ss.citation(j) for j in support)))
    return out
