"""Stories as the design's JSON (``export stories``); the CLI and the notebook API go through it."""

from __future__ import annotations

from .model import Assignment, Citation, Development, Story, SummarySentence, TimelineEntry


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
        item["sentences"].append(e.text)
        item["entries"].append({"text": e.text, "sources": _sources(e.citations)})
        for c in _sources(e.citations):
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
    """``{"id", "title", "articles", "summary", "timeline", "entities", "assignments", "developments"}``."""
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
        "developments": [development_record(d) for d in story.developments],
    }
