"""A story's cited summary: central, non-redundant body sentences in chronological order, each
citing every article that says the same thing."""

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
    """``sentences`` sentences (default 5), or as many as fit in ``words`` words when it is given."""
    k = sentences or config.summary_sentences
    body = [i for i, s in enumerate(ss.sentences) if s.field == "text" and len(ss.texts[i].split()) >= MIN_WORDS]
    if not body:
        return []
    score = {i: float(ss.centrality[i]) + (LEAD_BONUS if ss.sentences[i].index < 3 else 0.0) for i in body}
    ranked = sorted(body, key=lambda i: (-score[i], i))
    chosen: list[int] = []
    for i in ranked:
        if len(chosen) >= k:
            break
        if chosen:
            sims = (ss.vectors[chosen] @ ss.vectors[i].T).toarray().ravel()
            if float(np.max(sims)) >= config.redundancy_similarity:
                continue
        chosen.append(i)

    def when(i: int):
        s = ss.sentences[i]
        return (corpus.article(s.article_id).published.value or "9999", s.article_id, s.start)

    out = []
    for i in sorted(chosen, key=when):
        support = ss.support(i, body, config.support_similarity)
        out.append(SummarySentence(ss.texts[i], tuple(ss.citation(j) for j in support)))
    return out
