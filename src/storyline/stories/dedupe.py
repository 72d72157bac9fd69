"""Near-duplicates: MinHash/LSH candidates (rensa), confirmed with the exact Jaccard score.

Wire copies and light re-edits form a group; the earliest article is its representative, so the
group counts once for ranking while every outlet stays cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rensa import RMinHash, RMinHashLSH

from ..config import Config
from ..model import Article

_WORD = re.compile(r"\w+")
METHOD = "minhash-lsh+jaccard"


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


def find_duplicates(articles: list[Article], config: Config) -> list[Duplicate]:
    """Duplicates of earlier articles (``articles`` in publication order), each pointing at its
    group's representative."""
    sets = [shingles(a.text, config.shingle_size) for a in articles]
    lsh = RMinHashLSH(config.lsh_threshold, config.num_perm, 16)
    hashes = []
    for i, sh in enumerate(sets):
        m = RMinHash(config.num_perm, config.seed)
        m.update(sorted(sh))
        hashes.append(m)
        if sh:
            lsh.insert(i, m)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, sh in enumerate(sets):
        if not sh:
            continue
        for j in sorted(lsh.query(hashes[i])):
            if j < i and jaccard(sh, sets[j]) >= config.duplicate_jaccard:
                ri, rj = root(i), root(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)  # the earlier article represents the group
    out = []
    for i, a in enumerate(articles):
        r = root(i)
        if r != i:
            out.append(Duplicate(a.id, articles[r].id, round(jaccard(sets[i], sets[r]), 4)))
    return out
