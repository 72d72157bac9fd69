"""A synthetic store of N articles, written straight into the tables (no spaCy), to measure the web
app's pages at scale. Deterministic: the same N and seed give the same store.

Shape, per article: about 25 sentences (3,500 characters), 30 entity mentions, 8 time expressions;
stories of very unequal sizes (a few hundred articles down to one), each with a 12-entry timeline
and a 5-sentence summary citing its articles, as `build` writes them.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from storyline import open_store

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "den", "gar", "hol", "ber", "qua", "zen", "tri", "pol"]


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(n)]


def build_synthetic_store(path: str, n_articles: int = 5000, seed: int = 7) -> dict:
    """Write the store at ``path`` and return what it holds: {"articles", "stories", "entities",
    "largest_story", "sample_story", "sample_article", "sample_entity", "search_word"}."""
    rng = random.Random(seed)
    vocab = _words(rng, 3000)
    names = [f"{w.capitalize()} {v.capitalize()}" for w, v in zip(_words(rng, 2000), _words(rng, 2000))]
    entities = [(f"e-{i:012x}", name, rng.choice(["PERSON", "ORG", "GPE"])) for i, name in enumerate(names)]
    outlets = [f"Outlet {w.capitalize()}" for w in _words(rng, 40)]
    # Story sizes: a heavy tail, as news has (a few stories of hundreds of articles, many of one).
    sizes, left = [], n_articles
    while left > 0:
        size = min(left, max(1, int(rng.paretovariate(0.9))))
        sizes.append(size)
        left -= size
    sizes.sort(reverse=True)
    start = date(2018, 1, 1)
    store = open_store(path)
    c = store.conn
    articles, sentences, mentions, mention_entities, timexes = [], [], [], [], []
    stories, story_articles, story_entities, timeline, summary, citations = [], [], [], [], [], []
    entity_mentions = {e[0]: 0 for e in entities}
    n = 0
    for s_idx, size in enumerate(sizes):
        sid = f"s-{s_idx:010x}"
        cast = rng.sample(entities, 12)
        day0 = start + timedelta(days=rng.randint(0, 1500))
        ids, story_counts = [], {}
        for pos in range(size):
            aid = f"synthetic/{n:05d}.txt"
            n += 1
            published = (day0 + timedelta(days=pos // 3)).isoformat()
            text, spans = [], []
            offset = 0
            for k in range(25):
                words = [rng.choice(vocab) for _ in range(rng.randint(12, 28))]
                if rng.random() < 0.02:
                    words[rng.randrange(len(words))] = "Yongbyon"
                sentence = " ".join(words).capitalize() + "."
                ent = rng.choice(cast)
                sentence_with = f"{ent[1]} said {sentence}"
                spans.append((k, offset, offset + len(sentence_with), ent, offset))
                text.append(sentence_with)
                offset += len(sentence_with) + 1
            body = " ".join(text)
            articles.append((aid, f"h{n}", " ".join(rng.choice(vocab) for _ in range(8)).capitalize(),
                             f"https://example.org/{n}", rng.choice(outlets), published, "day", "metadata",
                             body, aid, "text", "2026-01-01T00:00:00+00:00", "synthetic"))
            for k, s0, s1, ent, m0 in spans:
                sentences.append((aid, "text", k, s0, s1))
                mentions.append((aid, "text", m0, m0 + len(ent[1]), ent[1], ent[2]))
                mention_entities.append((aid, "text", m0, m0 + len(ent[1]), ent[0]))
                entity_mentions[ent[0]] += 1
                story_counts[ent[0]] = story_counts.get(ent[0], 0) + 1
                if k % 3 == 0:
                    timexes.append((aid, "text", s1 - 1, s1, ".", "DATE", published, published, published, None))
            story_articles.append((sid, aid, pos, 1.0 if pos == 0 else round(rng.uniform(0.1, 0.6), 4),
                                   json.dumps([e[1] for e in cast[:3]]), json.dumps(rng.sample(vocab, 3)), None))
            ids.append((aid, published, spans))
        dates = [p for _, p, _ in ids]
        stories.append((sid, f"Story {s_idx}: " + " ".join(rng.sample(vocab, 5)), min(dates), max(dates), size))
        story_entities += [(sid, eid, k) for eid, k in story_counts.items()]
        for kind, count in (("timeline", 12), ("summary", 5)):
            for i in range(count):
                aid, published, spans = ids[(i * 7) % len(ids)]
                _, s0, s1, _, _ = spans[i % len(spans)]
                if kind == "timeline":
                    timeline.append((sid, i, published, published, published, body[:80]))
                else:
                    summary.append((sid, i, body[:120]))
                for j in range(min(3, len(ids))):
                    cited, _, cspans = ids[(i * 7 + j) % len(ids)]
                    citations.append((sid, kind, i, cited, "text", cspans[i % 25][1], cspans[i % 25][2]))
    with store.transaction():
        c.executemany("""INSERT INTO articles(id, content_hash, title, url, source, published, published_precision,
                         published_origin, text, origin, format, added_at, annotated_version)
                         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", articles)
        c.execute("INSERT INTO article_search(rowid, title, text) SELECT rowid, title, text FROM articles")
        c.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", sentences)
        c.execute("""INSERT INTO sentence_search(rowid, text) SELECT s.rowid,
                     substr(a.text, s.start_char + 1, s.end_char - s.start_char)
                     FROM sentences s JOIN articles a ON a.id = s.article_id""")
        c.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?)", mentions)
        c.executemany("INSERT OR IGNORE INTO timexes VALUES (?,?,?,?,?,?,?,?,?,?)", timexes)
        c.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?)",
                      [(eid, name, t, entity_mentions[eid], "2018-01-01", "2022-01-01") for eid, name, t in entities])
        c.executemany("INSERT INTO entity_aliases VALUES (?,?,?)",
                      [(eid, name, entity_mentions[eid]) for eid, name, _ in entities])
        c.executemany("INSERT OR IGNORE INTO mention_entities VALUES (?,?,?,?,?)", mention_entities)
        c.executemany("INSERT INTO stories(id, title, first_published, last_published, article_count) VALUES (?,?,?,?,?)", stories)
        c.executemany("INSERT INTO story_articles(story_id, article_id, position, similarity, shared_entities, shared_terms, duplicate_of) VALUES (?,?,?,?,?,?,?)", story_articles)
        c.executemany("INSERT INTO story_entities VALUES (?,?,?)", story_entities)
        c.executemany("INSERT INTO timeline_entries VALUES (?,?,?,?,?,?)", timeline)
        c.executemany("INSERT INTO summary_sentences VALUES (?,?,?)", summary)
        c.executemany("INSERT OR IGNORE INTO citations VALUES (?,?,?,?,?,?,?)", citations)
    top_entity = max(entity_mentions, key=entity_mentions.get)
    store.close()
    return {"articles": n, "stories": len(sizes), "entities": len(entities), "largest_story": stories[0][0],
            "largest_story_articles": sizes[0], "sample_story": stories[len(stories) // 2][0],
            "sample_article": articles[n // 2][0], "sample_entity": top_entity, "search_word": "Yongbyon"}
