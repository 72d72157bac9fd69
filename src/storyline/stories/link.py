"""Cross-document entities: group mentions into canonical entities with their aliases.

First version: a name key that ignores case, hyphens, dots, a leading "the" and a possessive; a
single-word person mention ("Pompeo", "Kim") joins the longer name it is part of in the same
article (the most mentioned one if several), and a single word left over joins the one person in
the whole corpus whose name it ends with. Places (GPE, LOC, FAC) share one key space.
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


def link_entities(corpus: Corpus) -> Linking:
    # 1. per-article keys, with single-word persons resolved to a longer name in the article
    keyed: list[tuple[Mention, str, str]] = []  # (mention, group, key)
    for article in corpus.articles:
        keyed.extend(article_keys(corpus.mentions.get(article.id, [])))
    # 2. corpus-wide: a lone surname joins the one full name that ends with it
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for _, group, key in keyed:
        if group == "PERSON" and " " in key:
            full_by_last[key.split()[-1]].add(key)
    resolved = []
    for m, group, key in keyed:
        if group == "PERSON" and " " not in key and len(full_by_last.get(key, ())) == 1:
            key = next(iter(full_by_last[key]))
        resolved.append((m, group, key))
    # spaCy's small model often tags a person's surname as an organisation ("Trump" as ORG)
    person_keys = {key for _, group, key in resolved if group == "PERSON"}
    for n, (m, group, key) in enumerate(resolved):
        if group in _PERSON_SLIPS and key not in person_keys and len(full_by_last.get(key, ())) == 1:
            key = next(iter(full_by_last[key]))
        if group in _PERSON_SLIPS and key in person_keys:
            resolved[n] = (m, "PERSON", key)
    # 3. entities
    aliases: dict[str, Counter] = defaultdict(Counter)
    keys: dict[str, str] = {}
    labels: dict[str, Counter] = defaultdict(Counter)
    dates: dict[str, list[str]] = defaultdict(list)
    by_article: dict[str, Counter] = defaultdict(Counter)
    mention_entities = []
    for m, group, key in resolved:
        eid = _entity_id(group, key)
        keys[eid] = key
        aliases[eid][m.text] += 1
        labels[eid][m.label if group != "PERSON" else "PERSON"] += 1
        published = corpus.article(m.article_id).published.value
        if published:
            dates[eid].append(published)
        by_article[m.article_id][eid] += 1
        mention_entities.append((m, eid))
    entities = []
    for eid in sorted(aliases):
        alias_counts = sorted(aliases[eid].items(), key=lambda kv: (-kv[1], kv[0]))
        # the display name: the most used alias that is the full name ("Kim Jong-un", not "Kim")
        full = [a for a, _ in alias_counts if name_key(a) == keys[eid]] or [alias_counts[0][0]]
        name = full[0]
        entities.append(CanonicalEntity(
            eid, name, labels[eid].most_common(1)[0][0], sum(aliases[eid].values()), tuple(alias_counts),
            min(dates[eid]) if dates[eid] else None, max(dates[eid]) if dates[eid] else None,
        ))
    return Linking(entities, mention_entities, dict(by_article))
