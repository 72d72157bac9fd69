"""What the pages read: the story list, one article's annotations, an entity, full-text search.

Few queries per page, each answered from an index, so pages stay fast on large stores and never
take a write lock (a page reads while ``build`` writes).
"""

from __future__ import annotations

import json

from ..model import ArticleAlias
from .base import HIT_END, HIT_START, Store

# Every outlet that carried an article: its own, and those of the copies kept as its other ids.
_OUTLETS = "SELECT id AS article_id, source FROM articles UNION ALL SELECT article_id, source FROM article_aliases"

STORY_SORTS = {
    "articles": "s.article_count DESC, s.id",
    "newest": "s.last_published IS NULL, s.last_published DESC, s.id",
    "oldest": "s.first_published IS NULL, s.first_published, s.id",
    "title": "lower(s.title), s.id",
    "changed": "s.changed_at IS NULL, s.changed_at DESC, s.id",
}


def story_rows(store: Store, entity: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, sort: str = "articles", top: int = 5, names: int = 50) -> list[dict]:
    """Stories with their outlets, ``top`` leading entities and the names of the ``names`` leading
    ones (what the page filters on); filters match any entity name or alias (or id) and any
    outlet; dates keep the stories whose span meets ``[date_from, date_to]``."""
    where, args = [], {}
    if entity:
        where.append("""EXISTS (SELECT 1 FROM story_entities se JOIN entities e ON e.id = se.entity_id
                        WHERE se.story_id = s.id AND (e.id = :entity OR lower(e.name) = lower(:entity)
                        OR EXISTS (SELECT 1 FROM entity_aliases ea WHERE ea.entity_id = e.id
                                   AND lower(ea.alias) = lower(:entity))))""")
        args["entity"] = entity
    if outlet:
        where.append(f"""EXISTS (SELECT 1 FROM story_articles sa JOIN ({_OUTLETS}) o ON o.article_id = sa.article_id
                         WHERE sa.story_id = s.id AND lower(o.source) = lower(:outlet))""")
        args["outlet"] = outlet
    if date_from:
        where.append("s.last_published >= :date_from")
        args["date_from"] = date_from
    if date_to:
        # "2018-12" as an upper bound takes in every day of December.
        where.append("s.first_published <= :date_to")
        args["date_to"] = date_to + "~"
    order = STORY_SORTS.get(sort, STORY_SORTS["articles"])
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    c = store.conn
    rows = c.execute(f"SELECT s.* FROM stories s {clause} ORDER BY {order}", args).fetchall()
    outlets: dict[str, list[str]] = {}
    for r in c.execute(f"""SELECT sa.story_id, o.source FROM story_articles sa JOIN ({_OUTLETS}) o
                           ON o.article_id = sa.article_id WHERE o.source IS NOT NULL
                           GROUP BY sa.story_id, o.source ORDER BY sa.story_id, o.source"""):
        outlets.setdefault(r[0], []).append(r[1])
    entities: dict[str, list[dict]] = {}
    for r in c.execute("""SELECT story_id, entity_id, name, type, mentions FROM (
                            SELECT se.story_id, se.entity_id, e.name, e.type, se.mentions,
                                   row_number() OVER (PARTITION BY se.story_id ORDER BY se.mentions DESC, e.name) AS k
                            FROM story_entities se JOIN entities e ON e.id = se.entity_id) AS ranked
                          WHERE k <= ? ORDER BY story_id, k""", (max(top, names),)):
        entities.setdefault(r[0], []).append({"id": r[1], "name": r[2], "type": r[3], "mentions": r[4]})
    return [
        {"id": r["id"], "title": r["title"], "first_published": r["first_published"],
         "last_published": r["last_published"], "article_count": r["article_count"],
         "changed_at": r["changed_at"], "outlets": outlets.get(r["id"], []), "entities": entities.get(r["id"], [])[:top],
         "entity_names": [e["name"] for e in entities.get(r["id"], [])[:names]]}
        for r in rows
    ]


def outlets(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        f"""SELECT source FROM ({_OUTLETS}) AS o WHERE source IS NOT NULL GROUP BY source
            ORDER BY lower(source), source""")]


def article_marks(store: Store, article_id: str) -> dict:
    """One article's annotations and where it is cited: sentences, mentions (with their canonical
    entity), time expressions, citations, and the story it belongs to."""
    c = store.conn
    sentences = [dict(r) for r in c.execute(
        """SELECT field, idx, start_char AS start, end_char AS "end" FROM sentences WHERE article_id=? ORDER BY field, idx""",
        (article_id,))]
    mentions = [dict(r) for r in c.execute(
        """SELECT m.field, m.start_char AS start, m.end_char AS "end", m.text, m.label, me.entity_id, e.name AS entity
           FROM mentions m LEFT JOIN mention_entities me ON me.article_id = m.article_id AND me.field = m.field
                AND me.start_char = m.start_char AND me.end_char = m.end_char
           LEFT JOIN entities e ON e.id = me.entity_id
           WHERE m.article_id=? ORDER BY m.field, m.start_char""", (article_id,))]
    timexes = [dict(r) for r in c.execute(
        """SELECT field, start_char AS start, end_char AS "end", text, type, value, earliest, latest, mod
           FROM timexes WHERE article_id=? ORDER BY field, start_char""", (article_id,))]
    citations = [dict(r) for r in c.execute(
        """SELECT story_id, kind, idx, field, start_char AS start, end_char AS "end" FROM citations
           WHERE article_id=? ORDER BY field, start_char, story_id, kind, idx""", (article_id,))]
    row = c.execute(
        """SELECT sa.story_id, s.title, sa.position, sa.similarity, sa.shared_entities, sa.shared_terms, sa.duplicate_of
           FROM story_articles sa JOIN stories s ON s.id = sa.story_id WHERE sa.article_id=?""", (article_id,)).fetchone()
    story = None
    if row:
        story = {"id": row["story_id"], "title": row["title"], "position": row["position"],
                 "similarity": row["similarity"], "shared_entities": json.loads(row["shared_entities"]),
                 "shared_terms": json.loads(row["shared_terms"]), "duplicate_of": row["duplicate_of"]}
    return {"sentences": sentences, "mentions": mentions, "timexes": timexes, "citations": citations, "story": story}


def entity(store: Store, entity_id: str) -> dict | None:
    """An entity, its aliases and every story that names it (most mentions first)."""
    c = store.conn
    row = c.execute("SELECT * FROM entities WHERE id=?", (entity_id,)).fetchone()
    if not row:
        return None
    aliases = [{"alias": r[0], "mentions": r[1]} for r in c.execute(
        "SELECT alias, mentions FROM entity_aliases WHERE entity_id=? ORDER BY mentions DESC, alias", (entity_id,))]
    stories = [dict(r) for r in c.execute(
        """SELECT s.id, s.title, s.first_published, s.last_published, s.article_count, se.mentions
           FROM story_entities se JOIN stories s ON s.id = se.story_id WHERE se.entity_id=?
           ORDER BY se.mentions DESC, s.id""", (entity_id,))]
    return {"id": row["id"], "name": row["name"], "type": row["type"], "mentions": row["mentions"],
            "first_seen": row["first_seen"], "last_seen": row["last_seen"], "aliases": aliases, "stories": stories}


def search(store: Store, text: str, limit: int = 50) -> dict:
    """Articles (title and body) and sentences matching every word, best first, with snippets
    whose hits are wrapped in ``HIT_START``/``HIT_END``; an article whose id (or other id) is the
    text comes first."""
    named = store.article(text.strip()) if text.strip() else None
    by_id = [{"id": named.id, "title": named.title, "source": named.source, "published": named.published.value,
              "title_snippet": named.title, "snippet": f"{HIT_START}id {text.strip()}{HIT_END}"}] if named else []
    words = [w for w in text.split() if w.strip('"')]
    if not words:
        return {"articles": by_id, "sentences": []}
    matched = store.search_articles(words, limit)
    articles = by_id + [a for a in matched if not named or a["id"] != named.id]
    sentences = store.search_sentences(words, limit)
    return {"articles": articles, "sentences": sentences}


def entity_rows(store: Store) -> list[dict]:
    """Every canonical entity with its aliases and the stories that name it."""
    c = store.conn
    aliases: dict[str, list[str]] = {}
    for r in c.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY entity_id, mentions DESC, alias"):
        aliases.setdefault(r[0], []).append(r[1])
    stories: dict[str, list[str]] = {}
    for r in c.execute("SELECT entity_id, story_id FROM story_entities ORDER BY entity_id, mentions DESC, story_id"):
        stories.setdefault(r[0], []).append(r[1])
    return [dict(r, aliases=aliases.get(r["id"], []), stories=stories.get(r["id"], []))
            for r in c.execute("SELECT id, name, type, mentions, first_seen, last_seen FROM entities "
                               "ORDER BY mentions DESC, id")]


def article_rows(store: Store) -> list[dict]:
    """Every article with its story (and the article it duplicates), its other ids and every outlet
    that carried it (its own first), in publication order."""
    aliases = store.article_aliases()
    out = []
    for r in store.conn.execute(
            """SELECT a.id, a.title, a.url, a.source, a.author, a.published, a.published_precision, a.dateline,
                      sa.story_id, sa.duplicate_of, a.text, a.captions
               FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id
               ORDER BY a.published IS NULL, a.published, a.id"""):
        others = aliases.get(r["id"], [])
        out.append(dict(r, other_ids=[alias_record(a) for a in others],
                        outlets=list(dict.fromkeys(x for x in (r["source"], *(a.source for a in others)) if x))))
    return out


def alias_record(alias: ArticleAlias) -> dict:
    """Another id of an article as the exports and pages show it: ``{"id", "source", "url", "title", "published"}``."""
    return {"id": alias.id, "source": alias.source, "url": alias.url, "title": alias.title,
            "published": alias.published}


def changed_stories(store: Store, since: str, story_id: str | None = None) -> dict[str, dict]:
    """The stories changed at or after ``since`` (a store time, as ``apply_story_build`` writes it),
    or only ``story_id`` if it did: id -> ``{"created_at", "changed_at", "new_articles"}``, the new
    articles (joined at or after ``since``) in story order, each ``{"id", "title", "source",
    "published", "added_at"}``. Store times are UTC ISO strings of one format, so they compare as text."""
    only, args = ("AND s.id = :id", {"since": since, "id": story_id}) if story_id else ("", {"since": since})
    c = store.conn
    out = {r["id"]: {"created_at": r["created_at"], "changed_at": r["changed_at"], "new_articles": []}
           for r in c.execute(f"SELECT id, created_at, changed_at FROM stories s WHERE s.changed_at >= :since {only}",
                              args)}
    for r in c.execute(
            f"""SELECT sa.story_id, a.id, a.title, a.source, a.published, sa.added_at
                FROM story_articles sa JOIN stories s ON s.id = sa.story_id JOIN articles a ON a.id = sa.article_id
                WHERE s.changed_at >= :since AND sa.added_at >= :since {only}
                ORDER BY sa.story_id, sa.position""", args):
        out[r["story_id"]]["new_articles"].append(
            {"id": r["id"], "title": r["title"], "source": r["source"], "published": r["published"],
             "added_at": r["added_at"]})
    return out


def recent_stories(store: Store, limit: int) -> list[dict]:
    """The ``limit`` stories changed last (then by id), each with its first summary sentence and the
    articles that joined it in that change (``added_at`` is the change's own time): a feed's entries."""
    c = store.conn
    rows = [dict(r) for r in c.execute(
        """SELECT id, title, article_count, created_at, changed_at FROM stories WHERE changed_at IS NOT NULL
           ORDER BY changed_at DESC, id LIMIT ?""", (limit,))]
    for r in rows:
        r["joined"] = [dict(a) for a in c.execute(
            """SELECT a.id, a.title, a.source FROM story_articles sa JOIN articles a ON a.id = sa.article_id
               WHERE sa.story_id = ? AND sa.added_at = ? ORDER BY sa.position""", (r["id"], r["changed_at"]))]
        lead = c.execute("SELECT text FROM summary_sentences WHERE story_id = ? ORDER BY idx LIMIT 1",
                         (r["id"],)).fetchone()
        r["lead"] = lead[0] if lead else None
    return rows
