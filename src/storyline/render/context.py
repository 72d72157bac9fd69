"""The data each page shows, built from the store as plain JSON-able dicts: the web app's JSON API
returns them as they are, and the same dicts fill the templates of the app and of the report.

Quotes, events and developments are read from the story record (``export.story_record``) when it
has them, so they appear on the pages as soon as the stages that make them exist.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date
from typing import Any

from ..changes import new_timeline, update_summary
from ..export import story_record
from ..model import Article
from ..store import Store, reads


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are ever put in an href."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def article_key(article_id: str) -> str:
    """A short, HTML-id-safe key for an article id (ids may hold slashes, spaces, URLs)."""
    return "a" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def span_id(article_id: str, field: str, start: int, end: int) -> str:
    """The element id of a span on its article's page: citations and search hits link to it."""
    return f"{article_key(article_id)}-{field}-{start}-{end}"


def _article_meta(a: Article) -> dict:
    return {"id": a.id, "title": a.title, "source": a.source, "author": a.author, "url": safe_url(a.url),
            "published": a.published.value, "published_precision": a.published.precision}


def _text(a: Article | None, field: str, start: int, end: int) -> str:
    if a is None:
        return ""
    return (a.captions if field == "captions" else a.text)[start:end]


def _span_text(value: Any, article: Article | None) -> str:
    """The words of a span given as a string or as ``{"text"?, "canonical"?, "start", "end"}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if value.get("text"):
            return str(value["text"])
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            return _text(article, value.get("field", "text"), value["start"], value["end"])
        if value.get("canonical"):
            return str(value["canonical"])
    return ""


# ---------------------------------------------------------------------------- story list

def story_list_page(store: Store, entity: str | None = None, outlet: str | None = None,
                    date_from: str | None = None, date_to: str | None = None, sort: str = "articles",
                    since: str | None = None, query: str | None = None) -> dict:
    """The story list. With ``since`` (a store time: ``changes.parse_since``) the stories changed
    since come first, what is new being what a returning reader looks for, each with ``changed``:
    ``{"changed_at", "new_articles"}`` (how many joined it since), None for the others. With
    ``query``, only the stories whose title or leading entities' names hold every word of it."""
    stories = reads.story_rows(store, entity, outlet, date_from, date_to, sort)
    if query:
        stories = [s for s in stories if _holds_every_word(s, query)]
    page = {
        "stories": stories,
        "outlets": reads.outlets(store),
        "filters": {"entity": entity or "", "outlet": outlet or "", "from": date_from or "", "to": date_to or "",
                    "query": query or "", "sort": sort if sort in reads.STORY_SORTS else "articles"},
        "sorts": list(reads.STORY_SORTS),
        "counts": store.counts(),
    }
    if since is not None:
        changed = reads.changed_stories(store, since)
        for s in stories:
            c = changed.get(s["id"])
            s["changed"] = {"changed_at": c["changed_at"], "new_articles": len(c["new_articles"])} if c else None
        stories.sort(key=lambda s: s["changed"] is None)  # stable: the chosen order within each part
        page.update(since=since, changed=sum(s["changed"] is not None for s in stories))
    return page


def _holds_every_word(story: dict, query: str) -> bool:
    words = set(re.findall(r"\w+", " ".join([story["title"] or "", *story["entity_names"]]).casefold()))
    return all(w in words for w in re.findall(r"\w+", query.casefold()))


# ---------------------------------------------------------------------------- story page

class _Sources:
    """The story's articles, numbered in story order; resolves sources to numbered, linkable citations."""

    def __init__(self, store: Store, article_ids: list[str]):
        self.articles: dict[str, Article] = {}
        for aid in article_ids:
            a = store.article(aid)
            if a is not None:
                self.articles[aid] = a
        self.number = {aid: i for i, aid in enumerate(self.articles, start=1)}
        self.aliases = store.article_aliases(self.articles)

    def cites(self, sources: list[dict] | None) -> list[dict]:
        """One citation per article (its first span), in source-number order."""
        out: dict[str, dict] = {}
        for s in sources or ():
            aid = s.get("article") if isinstance(s, dict) else None
            if aid not in self.articles or aid in out:
                continue
            field, start, end = s.get("field", "text"), int(s.get("start", 0)), int(s.get("end", 0))
            a = self.articles[aid]
            out[aid] = {"number": self.number[aid], "article": aid, "field": field, "start": start, "end": end,
                        "anchor": span_id(aid, field, start, end), "text": _text(a, field, start, end),
                        "source": a.source}
        return sorted(out.values(), key=lambda c: c["number"])

    def source_list(self) -> list[dict]:
        return [dict(_article_meta(a), number=self.number[aid], other_ids=_other_ids(self.aliases.get(aid, [])))
                for aid, a in self.articles.items()]

    def outlets(self) -> list[str]:
        """Every outlet that carried one of the articles, its other ids' included."""
        return sorted({a.source for a in self.articles.values() if a.source}
                      | {x.source for xs in self.aliases.values() for x in xs if x.source})


def _other_ids(aliases: list) -> list[dict]:
    """An article's other ids for a page: only http(s) URLs stay links."""
    return [dict(reads.alias_record(x), url=safe_url(x.url)) for x in aliases]


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def timeline_chart(entries: list[dict], width: int = 960) -> dict | None:
    """Where each timeline entry sits on a date axis: a dot for a day, a bar for a vaguer date
    (its earliest to latest day), sized by how many articles support it; entries that would
    overlap go to lower lanes."""
    spans = [(i, _parse(e.get("earliest")), _parse(e.get("latest"))) for i, e in enumerate(entries)]
    spans = [(i, a, b) for i, a, b in spans if a and b]
    if not spans:
        return None
    lo = min(a for _, a, _ in spans).toordinal()
    hi = max(b for _, _, b in spans).toordinal() + 1
    pad, usable = 24, width - 48

    def x(day: int) -> float:
        return round(pad + usable * (day - lo) / max(hi - lo, 1), 1)

    lanes: list[float] = []
    marks = []
    for i, a, b in sorted(spans, key=lambda s: (s[1], s[2])):
        support = len(entries[i].get("cites", ()))
        r = round(4 + 3 * math.sqrt(max(support, 1)), 1)
        x0, x1 = x(a.toordinal()), x(b.toordinal() + 1)
        ranged = a != b
        left, right = (x0, x1) if ranged else ((x0 + x1) / 2 - r, (x0 + x1) / 2 + r)
        lane = next((k for k, end in enumerate(lanes) if end + 4 <= left), len(lanes))
        if lane == len(lanes):
            lanes.append(right)
        else:
            lanes[lane] = right
        marks.append({"idx": i, "date": entries[i].get("date"), "ranged": ranged, "x": x0, "w": round(max(x1 - x0, 2), 1),
                      "cx": round((x0 + x1) / 2, 1), "r": r, "lane": lane, "support": support,
                      "text": entries[i].get("text", "")})
    lane_h = 26
    height = 40 + lane_h * len(lanes)
    for m in marks:
        m["y"] = 16 + lane_h * m["lane"] + lane_h / 2
    ticks = _ticks(lo, hi)
    return {"width": width, "height": height, "axis_y": height - 18, "marks": marks,
            "ticks": [{"x": x(t.toordinal()), "label": label} for t, label in ticks]}


def _ticks(lo: int, hi: int) -> list[tuple[date, str]]:
    """Year, month or day ticks, whichever gives a handful across the span."""
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    days = hi - lo
    if days > 3 * 366:
        step = max(1, (last.year - first.year) // 8 + 1)
        return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1, step)] or [(first, str(first.year))]
    if days > 62:
        months, (y, m) = [], (first.year, first.month)
        step = max(1, (days // 30) // 8 + 1)
        while True:
            m += step
            while m > 12:
                y, m = y + 1, m - 12
            d = date(y, m, 1)
            if d >= last:
                break
            months.append((d, d.strftime("%Y-%m")))
        return months or [(first, first.strftime("%Y-%m"))]
    step = max(1, days // 8)
    return [(date.fromordinal(t), date.fromordinal(t).isoformat()) for t in range(lo, hi, step)]


# A story page shows the most quoted speakers and the earliest dated events; the rest are on the
# article pages and in `storyline export quotes|events` (a 1,000-article story has thousands).
PAGE_SPEAKERS, PAGE_QUOTES_PER_SPEAKER, PAGE_EVENTS = 25, 8, 150


def story_page(store: Store, story_id: str, since: str | None = None) -> dict | None:
    """A story's page. With ``since`` (a store time) and a story changed since, ``change`` holds
    what is new: ``{"changed_at", "new_articles", "new_timeline"}`` (counts) and
    ``update_summary``; its new sources and timeline entries carry ``"new": true``."""
    stories = store.stories(story_id, annotations=False)
    if not stories:
        return None
    story = stories[0]
    # only the quotes and events the page shows are read (a big story has tens of thousands)
    # story.id, not story_id: an old id merged into this story finds it, and its quotes and events
    story.quotes, n_quotes = store.story_quotes(story.id, PAGE_SPEAKERS * 2, PAGE_QUOTES_PER_SPEAKER)
    story.events, n_events = store.story_events(story.id, PAGE_EVENTS)
    record = story_record(story)
    src = _Sources(store, list(story.article_ids))
    summary = [{"text": s.get("text", ""), "cites": src.cites(s.get("sources"))} for s in record.get("summary", [])]
    timeline = [dict(e, cites=src.cites(e.get("sources"))) for e in record.get("timeline", [])]
    developments = []
    for d in record.get("developments") or []:
        if isinstance(d, dict):
            claims = [dict(c, cites=src.cites(c.get("sources"))) for c in d.get("claims") or [] if isinstance(c, dict)]
            developments.append({"subject": _span_text(d.get("subject"), None), "kind": d.get("kind"), "claims": claims})
    flat = _flat_quotes(record)
    by_speaker: dict[str, list[dict]] = {}
    for q in flat:
        speaker = q.get("speaker") if isinstance(q.get("speaker"), dict) else {}
        by_speaker.setdefault(str(speaker.get("canonical") or speaker.get("text") or "unattributed"), []).append(q)
    speakers = sorted(by_speaker.items(), key=lambda kv: (kv[0] == "unattributed", -len(kv[1]), kv[0]))
    quote_groups = [{"speaker": k, "quotes": [_quote(q, src) for q in v[:PAGE_QUOTES_PER_SPEAKER]]}
                    for k, v in speakers[:PAGE_SPEAKERS]]
    all_events = [e for e in record.get("events") or [] if isinstance(e, dict)]
    all_events.sort(key=lambda e: (not isinstance(e.get("date"), str), str(e.get("date") or "")))
    events = [_event(e, src) for e in all_events[:PAGE_EVENTS]]
    sources = src.source_list()
    change = None
    found = reads.changed_stories(store, since, story.id).get(story.id) if since is not None else None
    if found:
        new = {a["id"] for a in found["new_articles"]}
        fresh = {i for i, _ in new_timeline(story, src.articles, new)}
        for i, e in enumerate(timeline):
            e["new"] = i in fresh
        for a in sources:
            a["new"] = a["id"] in new
        change = {"changed_at": found["changed_at"], "new_articles": len(new), "new_timeline": len(fresh),
                  "update_summary": [{"text": s.text, "cites": src.cites([c.as_dict() for c in s.citations])}
                                     for s in update_summary(store, story, new)]}
    return {
        "id": story.id, "title": story.title, "first_published": story.first_published,
        "last_published": story.last_published, "article_count": len(story.article_ids),
        "outlets": src.outlets(),
        "sources": sources,
        "summary": summary,
        "timeline": timeline,
        "timeline_chart": timeline_chart(timeline),
        "developments": developments,
        "quotes": quote_groups,
        "quotes_more": n_quotes - sum(len(g["quotes"]) for g in quote_groups),
        "events": events,
        "events_more": n_events - len(events),
        "entities": record.get("entities", []),
        "assignments": [dict(a, number=src.number.get(a.get("article"))) for a in record.get("assignments", [])],
        **({} if since is None else {"since": since, "change": change}),
    }


def _flat_quotes(record: dict) -> list[dict]:
    """The story's quotes, one dict each: ``export stories`` groups them by speaker
    (``[{"speaker", "entity", "quotes": [...]}]``); a group's speaker names quotes it holds."""
    out = []
    for item in record.get("quotes") or []:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("quotes"), list):
            for q in item["quotes"]:
                if isinstance(q, dict):
                    speaker = q.get("speaker") if isinstance(q.get("speaker"), dict) else {}
                    if item.get("speaker") and not speaker.get("canonical"):
                        q = dict(q, speaker=dict(speaker, canonical=item["speaker"]))
                    out.append(q)
        else:
            out.append(item)
    return out


def _quote(q: dict, src: _Sources) -> dict:
    aid = q.get("article")
    article = src.articles.get(aid)
    speaker = q.get("speaker") if isinstance(q.get("speaker"), dict) else {"text": q.get("speaker")}
    content = q.get("content") if isinstance(q.get("content"), dict) else {"text": q.get("content")}
    cite = src.cites([dict(content, article=aid)]) if isinstance(content.get("start"), int) else []
    return {"speaker": str(speaker.get("canonical") or _span_text(speaker, article) or ""),
            "speaker_text": _span_text(speaker, article), "cue": _span_text(q.get("cue"), article),
            "content": _span_text(content, article), "direct": bool(q.get("direct")), "article": aid,
            "cites": cite}


def _event(e: dict, src: _Sources) -> dict:
    aid = e.get("article")
    article = src.articles.get(aid)
    sentence = e.get("sentence")
    cite = (src.cites([dict(sentence, article=aid)])
            if isinstance(sentence, dict) and isinstance(sentence.get("start"), int) else [])
    return {"type": e.get("type"), "mode": e.get("mode"), "actor": _span_text(e.get("actor"), article),
            "target": _span_text(e.get("target"), article), "date": _span_text(e.get("date"), article),
            "place": _span_text(e.get("place"), article), "sentence": _span_text(sentence, article),
            "article": aid, "cites": cite}


# ---------------------------------------------------------------------------- article page

def _record(store: Store, story_id: str, cache: dict | None) -> tuple[dict, _Sources | None]:
    """A story's record and numbered sources, remembered in ``cache`` (the report asks for each many times)."""
    if cache is not None and story_id in cache:
        return cache[story_id]
    stories = store.stories(story_id)
    found = (story_record(stories[0]), _Sources(store, list(stories[0].article_ids))) if stories else ({}, None)
    if cache is not None:
        cache[story_id] = found
    return found


def article_page(store: Store, article_id: str, cache: dict | None = None) -> dict | None:
    article = store.article(article_id)  # an article's other id finds it too
    if article is None:
        return None
    marks = reads.article_marks(store, article.id)
    quotes, events = [], []
    if marks["story"]:
        record, _ = _record(store, marks["story"]["id"], cache)
        quotes = [q for q in _flat_quotes(record) if q.get("article") == article.id]
        events = [e for e in record.get("events") or [] if isinstance(e, dict) and e.get("article") == article.id]
    other_ids = _other_ids(store.article_aliases([article.id]).get(article.id, []))
    return dict(_article_meta(article), dateline=article.dateline, text=article.text, captions=article.captions,
                quotes=quotes, events=events, other_ids=other_ids, **marks)


# ---------------------------------------------------------------------------- entity page

def entity_page(store: Store, entity_id: str, cache: dict | None = None) -> dict | None:
    entity = reads.entity(store, entity_id)
    if entity is None:
        return None
    names = {entity["name"].casefold(), entity["id"]} | {a["alias"].casefold() for a in entity["aliases"]}
    quotes = []
    for s in entity["stories"]:
        record, src = _record(store, s["id"], cache)
        if src is None:
            continue
        for q in _flat_quotes(record):
            if not isinstance(q, dict) or not isinstance(q.get("speaker"), dict):
                continue
            sp = q["speaker"]
            said_by = {str(sp.get(k, "")).casefold() for k in ("canonical", "text", "entity")} | {sp.get("entity_id")}
            if said_by & names:
                quotes.append(dict(_quote(q, src), story=s["id"]))
    return dict(entity, quotes=quotes)


# ---------------------------------------------------------------------------- search

def _hits(snippet: str | None) -> list[dict]:
    """A snippet marked by FTS5 as ``[{"text", "hit"}]`` pieces, so templates escape every piece."""
    out, hit = [], False
    for part in (snippet or "").replace(reads.HIT_END, reads.HIT_START).split(reads.HIT_START):
        if part:
            out.append({"text": part, "hit": hit})
        hit = not hit
    return out


def search_page(store: Store, q: str, limit: int = 50) -> dict:
    """Articles and sentences that match ``q``, at most ``limit`` of each."""
    found = reads.search(store, q or "", limit)
    for a in found["articles"]:
        a["title_snippet"] = _hits(a["title_snippet"])
        a["snippet"] = _hits(a["snippet"])
    for s in found["sentences"]:
        s["snippet"] = _hits(s["snippet"])
        s["anchor"] = span_id(s["article"], s["field"], s["start"], s["end"])
    return dict(found, q=q or "")
