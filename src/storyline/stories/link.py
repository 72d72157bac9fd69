"""Cross-document entities: group mentions into canonical entities with their aliases.

First version: a name key that ignores case, hyphens, dots, a leading "the" and a possessive; a
single-word person mention ("Pompeo", "Kim") joins the longer name it is part of in the same
article (the most mentioned one if several), and a single word left over joins the one person
seen so far whose name it ends with. Places (GPE, LOC, FAC) share one key space.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..model import Mention
from .corpus import Corpus

_GROUPS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_PERSON_SLIPS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "NORP"})
_TITLES = re.compile(r"^(?:mr|mrs|ms|dr|president|chairman|prime minister|secretary|senator|sen|gov|governor|king|queen|prince|general|gen|sir)\.?\s+", re.I)


@dataclass(frozen=True)
class CanonicalEntity:
    id: str
    name: str
    type: str
    mentions: int
    alias_counts: tuple[tuple[str, int], ...]
    first_seen: str | None
    last_seen: str | None


@dataclass
class Linking:
    entities: list[CanonicalEntity]
    mention_entities: list[tuple[Mention, str]]
    by_article: dict[str, Counter]  # article id -> entity id -> mentions


@lru_cache(maxsize=65536)  # pure, and called for every alias of every entity of a story page
def name_key(text: str) -> str:
    """The identity of a name: "Kim Jong-un" and "Kim Jong Un" share one, "the G-20" and "G20" too."""
    t = text.strip()
    t = re.sub(r"^the\s+", "", t, flags=re.I)
    t = re.sub(r"['’]s$", "", t)
    t = _TITLES.sub("", t)
    t = t.casefold().replace(".", "")
    t = re.sub(r"(?<=[a-z])[-‐–](?=\d)", "", t)  # g-20 -> g20
    t = re.sub(r"^group of (\d+)$", r"g\1", t)  # group of 20 -> g20
    t = re.sub(r"[-‐–]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _group(label: str) -> str:
    return _GROUPS.get(label, label)


def _entity_id(group: str, key: str) -> str:
    return "e-" + hashlib.sha1(f"{group}:{key}".encode()).hexdigest()[:12]


def article_keys(mentions: list[Mention]) -> list[tuple[Mention, str, str]]:
    """(mention, group, key) for one article's mentions, a lone word naming a person resolved to the
    longer name it is part of in the same article ("Pompeo" -> "mike pompeo")."""
    persons = Counter(name_key(m.text) for m in mentions if m.label == "PERSON")
    long_names = [k for k in persons if " " in k]
    keyed = []
    for m in mentions:
        group, key = _group(m.label), name_key(m.text)
        if not key:
            continue
        if group == "PERSON" and " " not in key:
            owners = [n for n in long_names if key in n.split()]
            if owners:
                key = max(owners, key=lambda n: (persons[n], -long_names.index(n)))
        keyed.append((m, group, key))
    return keyed


class EntityLinker:
    """Links articles one at a time, in the order they arrive, against the names seen so far: a
    lone surname joins the one full name seen so far that ends with it. Its state (the names and
    every entity's alias, label and date counts) is plain data, so a store keeps it between builds
    and a new article is linked without reading the old ones; linking a pile at once and a stream
    day by day give the same entities."""

    def __init__(self, state: dict | None = None):
        state = state or {}
        self.full_by_last: dict[str, set[str]] = {k: set(v) for k, v in state.get("full_by_last", {}).items()}
        self.person_keys: set[str] = set(state.get("person_keys", ()))
        self.keys: dict[str, str] = dict(state.get("keys", {}))
        self.aliases: dict[str, Counter] = {k: Counter(v) for k, v in state.get("aliases", {}).items()}
        self.labels: dict[str, Counter] = {k: Counter(v) for k, v in state.get("labels", {}).items()}
        self.dates: dict[str, list[str | None]] = {k: list(v) for k, v in state.get("dates", {}).items()}
        self.touched: set[str] = set()

    def state(self) -> dict:
        return {"full_by_last": {k: sorted(v) for k, v in sorted(self.full_by_last.items())},
                "person_keys": sorted(self.person_keys), "keys": self.keys,
                "aliases": {k: dict(v) for k, v in self.aliases.items()},
                "labels": {k: dict(v) for k, v in self.labels.items()}, "dates": self.dates}

    def link(self, mentions: list[Mention], published: str | None) -> list[tuple[Mention, str]]:
        """(mention, entity id) for one article's mentions; the entities' counts grow."""
        keyed = article_keys(mentions)
        for _, group, key in keyed:
            if group == "PERSON" and " " in key:
                self.full_by_last.setdefault(key.split()[-1], set()).add(key)
        resolved = []
        for m, group, key in keyed:
            if group == "PERSON" and " " not in key and len(self.full_by_last.get(key, ())) == 1:
                key = next(iter(self.full_by_last[key]))
            resolved.append((m, group, key))
        self.person_keys.update(key for _, group, key in resolved if group == "PERSON")
        out = []
        for m, group, key in resolved:
            # spaCy's small model often tags a person's surname as an organisation ("Trump" as ORG)
            if group in _PERSON_SLIPS:
                if key not in self.person_keys and len(self.full_by_last.get(key, ())) == 1:
                    key = next(iter(self.full_by_last[key]))
                if key in self.person_keys:
                    group = "PERSON"
            eid = _entity_id(group, key)
            self.keys[eid] = key
            self.aliases.setdefault(eid, Counter())[m.text] += 1
            self.labels.setdefault(eid, Counter())[m.label if group != "PERSON" else "PERSON"] += 1
            span = self.dates.setdefault(eid, [None, None])
            if published:
                span[0] = min(span[0] or published, published)
                span[1] = max(span[1] or published, published)
            self.touched.add(eid)
            out.append((m, eid))
        return out

    def entity(self, eid: str) -> CanonicalEntity:
        alias_counts = sorted(self.aliases[eid].items(), key=lambda kv: (-kv[1], kv[0]))
        # the display name: the most used alias that is the full name ("Kim Jong-un", not "Kim")
        full = [a for a, _ in alias_counts if name_key(a) == self.keys[eid]] or [alias_counts[0][0]]
        label = sorted(self.labels[eid].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        first, last = self.dates[eid]
        return CanonicalEntity(eid, full[0], label, sum(self.aliases[eid].values()), tuple(alias_counts), first, last)


def link_entities(corpus: Corpus) -> Linking:
    """Every entity of a corpus, its articles linked in publication order."""
    linker = EntityLinker()
    by_article: dict[str, Counter] = defaultdict(Counter)
    mention_entities = []
    for article in corpus.articles:
        for m, eid in linker.link(corpus.mentions.get(article.id, []), article.published.value):
            by_article[m.article_id][eid] += 1
            mention_entities.append((m, eid))
    return Linking([linker.entity(e) for e in sorted(linker.aliases)], mention_entities, dict(by_article))
