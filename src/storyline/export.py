"""Stories as the design's JSON (``export stories``); the CLI and the notebook API go through it."""

from __future__ import annotations

from .model import Assignment, Citation, Story


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


def story_record(story: Story) -> dict:
    """``{"id", "title", "articles", "summary", "timeline", "entities", "assignments", "developments"}``."""
    return {
        "id": story.id,
        "title": story.title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "articles": list(story.article_ids),
        "summary": [{"text": s.text, "sources": _sources(s.citations)} for s in story.summary],
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
        # Developments (what changed between reports) are not built yet; the key is kept so
        # consumers can rely on the shape.
        "developments": [],
    }
