"""Stories as the design's JSON (``export stories``); the CLI and the notebook API go through it."""

from __future__ import annotations

from .model import Assignment, Citation, Development, Event, Participant, Quote, Story, SummarySentence, TimelineEntry
from .stories.link import name_key


def _sources(citations: tuple[Citation, ...]) -> list[dict]:
    return [c.as_dict() for c in citations]


def _assignment(a: Assignment) -> dict:
    out = {
        "article": a.article_id,
        "similarity": a.similarity,
        "shared_entities": list(a.shared_entities),
        "shared_terms": list(a.shared_terms),
    }
    if a.duplicate_of:
        out["duplicate_of"] = a.duplicate_of
    return out


def timeline_record(entries: list[TimelineEntry]) -> dict:
    """``storyline timeline``'s JSON: ``{"timeline": [{"date", "earliest", "latest", "sentences": [text],
    "sources": [citations], "entries": [{"text", "sources"}]}]}``, one item per date in date order;
    ``entries`` keeps which sources back which sentence."""
    by_date: dict[str, dict] = {}
    for e in entries:
        item = by_date.setdefault(e.date, {"date": e.date, "earliest": e.earliest, "latest": e.latest,
                                          "sentences": [], "sources": [], "entries": []})
        sources = _sources(e.citations)
        item["sentences"].append(e.text)
        item["entries"].append({"text": e.text, "sources": sources})
        for c in sources:
            if c not in item["sources"]:
                item["sources"].append(c)
    return {"timeline": list(by_date.values())}


def summary_record(sentences: list[SummarySentence]) -> dict:
    """``storyline summarize``'s JSON: ``{"summary": [{"text", "sources"}]}``."""
    return {"summary": [{"text": s.text, "sources": _sources(s.citations)} for s in sentences]}


def development_record(d: Development) -> dict:
    """``{"kind", "subject", "changed", "summary", "claims": [{"text", "date", "source", "sentence", "sources"}]}``."""
    return {
        "kind": d.kind,
        "subject": d.subject,
        "changed": d.changed,
        "summary": d.summary,
        "claims": [
            {"text": c.value, "date": c.published, "source": c.source, "sentence": c.sentence,
             "sources": _sources((c.citation,))}
            for c in d.claims
        ],
    }


def story_record(story: Story) -> dict:
    """``{"id", "title", "articles", "summary", "timeline", "entities", "assignments", "quotes" (by
    speaker), "events", "developments", "article_aliases"}``; ``article_aliases`` maps the other ids
    its articles arrived under to theirs, so an id kept only as an alias still finds its story."""
    return {
        "id": story.id,
        "title": story.title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "articles": list(story.article_ids),
        "summary": summary_record(story.summary)["summary"],
        "timeline": [
            {"date": e.date, "earliest": e.earliest, "latest": e.latest, "text": e.text,
             "sources": _sources(e.citations)}
            for e in story.timeline
        ],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "mentions": e.mentions}
            for e in story.entities
        ],
        "assignments": [_assignment(a) for a in story.assignments],
        "quotes": quotes_by_speaker(story),
        "events": [event_record(e, with_article=True) for e in story.events],
        "developments": [development_record(d) for d in story.developments],
        "article_aliases": dict(story.article_aliases),
    }


def _span(start: int, end: int, text: str) -> dict:
    return {"start": start, "end": end, "text": text}


def _participant(p: Participant | None) -> dict | None:
    return None if p is None else {**_span(p.start, p.end, p.text), "canonical": p.canonical}


def _provenance(record: dict, article_id: str, fld: str) -> dict:
    out = {"article": article_id}
    if fld != "text":
        out["field"] = fld
    return {**out, **record}


def quote_record(q: Quote, with_article: bool = False) -> dict:
    """``{"speaker": span + "canonical", "cue": span, "content": span, "direct"}`` (DESIGN.md)."""
    speaker = None
    if q.speaker_start is not None:
        speaker = {**_span(q.speaker_start, q.speaker_end, q.speaker or ""), "canonical": q.canonical}
    record = {"speaker": speaker, "cue": _span(q.cue_start, q.cue_end, q.cue),
              "content": _span(q.start, q.end, q.text), "direct": q.direct}
    return _provenance(record, q.article_id, q.field) if with_article else record


def event_record(e: Event, with_article: bool = False) -> dict:
    """``{"type", "mode", "trigger", "actor", "target", "date", "place", "sentence"}`` (DESIGN.md)."""
    record = {"type": e.type, "mode": e.mode, "trigger": _span(e.trigger_start, e.trigger_end, e.trigger),
              "actor": _participant(e.actor), "target": _participant(e.target), "date": e.date,
              "place": _participant(e.place), "sentence": {"start": e.sentence_start, "end": e.sentence_end}}
    return _provenance(record, e.article_id, e.field) if with_article else record


EVENT_COLUMNS = ["article", "field", "type", "mode", "date", "trigger", "trigger_start", "trigger_end",
                 "actor", "actor_canonical", "actor_start", "actor_end", "target", "target_canonical",
                 "target_start", "target_end", "place", "place_canonical", "place_start", "place_end",
                 "sentence_start", "sentence_end"]


def event_row(e: Event) -> dict:
    """One flat row per event for tables (CSV): every span as text, canonical name and offsets."""
    row = {"article": e.article_id, "field": e.field, "type": e.type, "mode": e.mode, "date": e.date,
           "trigger": e.trigger, "trigger_start": e.trigger_start, "trigger_end": e.trigger_end,
           "sentence_start": e.sentence_start, "sentence_end": e.sentence_end}
    for role in ("actor", "target", "place"):
        p = getattr(e, role)
        row.update({role: p.text if p else None, f"{role}_canonical": p.canonical if p else None,
                    f"{role}_start": p.start if p else None, f"{role}_end": p.end if p else None})
    return {k: row[k] for k in EVENT_COLUMNS}


def quotes_by_speaker(story: Story) -> list[dict]:
    """The story's quotes grouped by speaker: ``[{"speaker", "entity", "quotes": [...]}]``, the most
    quoted first. A speaker is the story entity its resolved name belongs to when there is one
    ("Trump" and "Donald Trump" are one speaker); quotes with no resolved speaker come last."""
    entity_of: dict[str, tuple[str, str]] = {}
    for ent in story.entities:
        for alias in (ent.name, *ent.aliases):
            entity_of.setdefault(name_key(alias), (ent.id, ent.name))
    groups: dict[str, dict] = {}
    for q in story.quotes:
        key, name, eid = "", None, None
        if q.canonical:
            key = name_key(q.canonical)
            eid, name = entity_of.get(key, (None, q.canonical))
            key = eid or key
        group = groups.setdefault(key, {"speaker": name, "entity": eid, "quotes": []})
        group["quotes"].append(quote_record(q, with_article=True))
    return sorted(groups.values(), key=lambda g: (g["speaker"] is None, -len(g["quotes"]), g["speaker"] or ""))
