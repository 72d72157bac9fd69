"""The sentences of one story as TF-IDF vectors, shared by the timeline and the summary.

A query (a topic statement or a question) is projected into the same space: ``relevance`` is each
sentence's cosine to it, and the views prefer sentences that share a word with it. The words that
tell the reader what to do ("Describe ...", "Include ...", "Give examples of ...") are not what the
user asks about, and news uses some of them often ("include"), so they are left out of the query.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import Citation, Sentence, Timex
from .corpus import Corpus

MIN_WORDS, MAX_WORDS = 4, 80
# Request words of topic statements and questions (beside the English stop words the vectorizer drops).
QUERY_INSTRUCTION_WORDS = frozenset("""
    describe described description discuss discussed discussion explain explained explanation identify
    include includes included including give provide specify tell summarize summarise compare
    comparison details detail examples example aspects aspect regarding concerning
""".split())  # not "list", "information", "type", "question": "no-fly list", "Information Minister"


@dataclass
class StorySentences:
    sentences: list[Sentence]
    texts: list[str]
    vectors: sparse.csr_matrix  # L2-normalised rows
    centrality: np.ndarray  # cosine of each sentence to the story's centroid
    group: dict[str, str]  # article id -> duplicate-group representative
    relevance: np.ndarray | None = None  # cosine of each sentence to the query; None without a query
    query: str | None = None  # the query's words, request words left out; None without a query

    def citation(self, i: int) -> Citation:
        s = self.sentences[i]
        return Citation(s.article_id, s.start, s.end, s.field)

    def repeats(self, i: int, taken: list[int], max_similarity: float) -> bool:
        """Whether sentence ``i`` says again what one of ``taken`` says (cosine at or over the bound)."""
        return bool(taken) and float((self.vectors[taken] @ self.vectors[i].T).max()) >= max_similarity

    def support(self, i: int, candidates, min_similarity: float) -> list[int]:
        """``i`` and every candidate sentence close enough to it (the same fact, other outlets)."""
        sims = (self.vectors[list(candidates)] @ self.vectors[i].T).toarray().ravel() if candidates else []
        return [i] + [c for c, s in zip(candidates, sims) if c != i and s >= min_similarity]


def query_terms(query: str) -> str:
    """The query without its request words: "Describe the causes of the flood" asks about "causes flood"."""
    return " ".join(w for w in query.split() if w.strip(".,;:!?()\"'").casefold() not in QUERY_INSTRUCTION_WORDS)


def lists_dates(timexes: list[Timex], most: int) -> bool:
    """Whether a sentence's time expressions name more than ``most`` dates: a list of dates ("20 April:
    rig explodes 28 April: ..."), which counts for each date but tells none."""
    return len({t.date_value for t in timexes}) > most


def timexes_by_sentence(corpus: Corpus, ss: StorySentences) -> dict[int, list[Timex]]:
    """The time expressions with a date range inside each story sentence (by the sentence's index in
    ``ss``), found by bisection over each text's sentence starts."""
    starts: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    for i, s in enumerate(ss.sentences):
        starts[(s.article_id, s.field)].append((s.start, s.end, i))
    out: dict[int, list[Timex]] = defaultdict(list)
    for (aid, fld), spans in starts.items():
        spans.sort()
        keys = [start for start, _, _ in spans]
        for tfield, t in corpus.timexes.get(aid, []):
            if tfield != fld or not t.earliest:
                continue
            n = bisect_right(keys, t.start) - 1
            if n >= 0 and t.end <= spans[n][1]:
                out[spans[n][2]].append(t)
    return out


def story_sentences(corpus: Corpus, article_ids: list[str], group: dict[str, str],
                    query: str | None = None) -> StorySentences:
    """Readable sentences (4 to 80 words) of the story's articles, body and captions."""
    sents, texts = [], []
    for aid in article_ids:
        for s in corpus.sentences.get(aid, []):
            text = corpus.sentence_text(s)
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS:
                sents.append(s)
                texts.append(text)
    if not sents:
        return StorySentences([], [], sparse.csr_matrix((0, 1)), np.zeros(0), group)
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32)
    try:
        X = vectorizer.fit_transform(texts).tocsr()
    except ValueError:
        X = sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    centroid = np.asarray(X.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid) or 1.0
    centrality = (X @ (centroid / norm)).ravel()
    relevance, asked = None, None
    if query and query.strip() and hasattr(vectorizer, "vocabulary_"):
        asked = query_terms(query)
        q = vectorizer.transform([asked])
        if q.nnz:  # a query of stopwords or unseen words says nothing: no query
            relevance = np.asarray((X @ q.T).toarray()).ravel()
        else:
            asked = None
    return StorySentences(sents, texts, X, np.asarray(centrality), group, relevance, asked)
