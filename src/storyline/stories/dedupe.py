"""Near-duplicates: MinHash (rensa) band keys find candidates, the exact Jaccard score confirms.

Wire copies and light re-edits form a group; the earliest article is its representative, so the
group counts once for ranking while every outlet stays cited.

The index is the classic LSH banding of each signature (``NUM_BANDS`` bands of ``num_perm /
NUM_BANDS`` rows; two articles are candidates when one band is equal) kept as plain band keys, so
it can live in the store and grow by the new articles of each build. Articles are taken in the
order they reach the index (publication order within a build): a new article joins the group of
the earliest confirmed candidate. A pile built at once and a stream built day by day therefore
give the same groups. An article back-filled from an archive joins an existing group as a member,
even if it is older than the group's representative: representatives never change.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rensa import RMinHash

from ..config import Config
from ..model import Article

_WORD = re.compile(r"\w+")
METHOD = "minhash-lsh+jaccard"
NUM_BANDS = 16


@dataclass(frozen=True)
class Duplicate:
    article_id: str
    duplicate_of: str
    jaccard: float
    method: str = METHOD


def shingles(text: str, size: int) -> set[str]:
    """Word ``size``-grams of the lower-cased text."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + size]) for i in range(max(0, len(words) - size + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def band_keys(shingle_set: set[str], config: Config) -> list[bytes]:
    """The LSH band keys of one article's MinHash signature (none for an empty text)."""
    if not shingle_set:
        return []
    m = RMinHash(config.num_perm, config.seed)
    m.update(sorted(shingle_set))
    digest = m.digest()
    rows = config.num_perm // NUM_BANDS
    return [struct.pack(f"<H{rows}I", band, *digest[band * rows:(band + 1) * rows]) for band in range(NUM_BANDS)]


class DuplicateIndex:
    """Band keys of every article seen so far, the order the articles came in, and which group each
    duplicate belongs to. ``text_of(ids)`` returns the texts of earlier articles a candidate is
    checked against (the store's, for an index that lives in the store)."""

    def __init__(self, config: Config, entries: Iterable[tuple[bytes, str, int]] = (),
                 group: Mapping[str, str] | None = None,
                 text_of: Callable[[list[str]], dict[str, str]] | None = None):
        self.config = config
        self.bands: dict[bytes, list[str]] = {}
        self.seq: dict[str, int] = {}
        for key, aid, n in entries:
            self.bands.setdefault(key, []).append(aid)
            self.seq[aid] = n
        self._next = max(self.seq.values(), default=-1) + 1
        self.group: dict[str, str] = dict(group or {})
        self._text_of = text_of or (lambda ids: {})
        self._shingles: dict[str, set[str]] = {}
        self.new_entries: list[tuple[bytes, str, int]] = []  # what ``add`` put in the index

    def _shingles_of(self, ids: list[str]) -> dict[str, set[str]]:
        missing = [i for i in ids if i not in self._shingles]
        if missing:
            for aid, text in self._text_of(missing).items():
                self._shingles[aid] = shingles(text, self.config.shingle_size)
        return {i: self._shingles.get(i, set()) for i in ids}

    def add(self, articles: Iterable[Article]) -> list[Duplicate]:
        """Index ``articles`` in turn; returns those that duplicate an earlier article."""
        out = []
        for article in articles:
            own = shingles(article.text, self.config.shingle_size)
            keys = band_keys(own, self.config)
            candidates = sorted({aid for k in keys for aid in self.bands.get(k, ())}, key=lambda a: (self.seq[a], a))
            texts = self._shingles_of(candidates)
            match = next((aid for aid in candidates if jaccard(own, texts[aid]) >= self.config.duplicate_jaccard), None)
            if match is not None:
                rep = self.group.get(match, match)
                self.group[article.id] = rep
                out.append(Duplicate(article.id, rep, round(jaccard(own, self._shingles_of([rep])[rep]), 4)))
            self._shingles[article.id] = own
            n = self.seq[article.id] = self._next
            self._next += 1
            for k in keys:
                self.bands.setdefault(k, []).append(article.id)
                self.new_entries.append((k, article.id, n))
        return out


def find_duplicates(articles: list[Article], config: Config) -> list[Duplicate]:
    """Duplicates of earlier articles (``articles`` in publication order), each pointing at its
    group's representative."""
    return DuplicateIndex(config).add(articles)
