"""``storyline annotate``: JSONL in, one annotation record per line out, no store involved."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..config import Config
from ..errors import InputRejected
from ..export import event_record, quote_record
from ..ingest.article import content_hash
from ..ingest.published import parse_published
from ..model import Article, PublishedDate
from ..stories.corpus import Corpus
from ..stories.link import link_entities
from . import Annotator


def _parse_line(lineno: int, line: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputRejected("<input>", "malformed_json", f"malformed JSON ({exc.msg})", lineno) from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputRejected("<input>", "no_text", 'line has no "text"', lineno)
    published = parse_published(record.get("published")) or PublishedDate.unknown()
    rid = record.get("id")
    return Article(id=str(rid) if rid not in (None, "") else str(lineno), text=record["text"],
                   content_hash=content_hash(record["text"]), published=published)


def annotate_lines(lines: Iterable[str], config: Config | None = None, errors: list | None = None) -> Iterator[dict]:
    """One record per good input line, offsets into that line's ``text`` exactly as given
    (the text is not cleaned, so offsets stay valid for the caller). Bad lines go to ``errors``."""
    annotator = Annotator(config)

    def articles() -> Iterator[Article]:
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield _parse_line(lineno, line)
            except InputRejected as exc:
                if errors is not None:
                    errors.append(exc)

    for article, ann in _zip_annotations(annotator, articles()):
        text_timexes = [t for f, t in ann.timexes if f == "text"]
        linking = link_entities(Corpus.build([article], [], ann.mentions, []))
        names = {e.id: e.name for e in linking.entities}
        canonical = {(m.field, m.start, m.end): names[eid] for m, eid in linking.mention_entities}
        yield {
            "id": article.id,
            "published": article.published.value,
            "published_precision": article.published.precision,
            "sentences": [{"start": s.start, "end": s.end} for s in ann.sentences if s.field == "text"],
            "entities": [
                {"start": m.start, "end": m.end, "text": m.text, "label": m.label,
                 "canonical": canonical.get((m.field, m.start, m.end))}
                for m in ann.mentions if m.field == "text"
            ],
            "timexes": [
                {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
                 "earliest": t.earliest, "latest": t.latest, "mod": t.mod}
                for t in text_timexes
            ],
            "quotes": [quote_record(q) for q in ann.quotes],
            "events": [event_record(e) for e in ann.events],
        }


def _zip_annotations(annotator: Annotator, articles: Iterator[Article]):
    """Pairs (article, annotations); annotate() sees the text uncleaned and without captions."""
    buffered: list[Article] = []

    def feed():
        for a in articles:
            buffered.append(a)
            yield a

    for ann in annotator.annotate(feed()):
        article = buffered.pop(0)
        yield article, ann


__all__ = ["annotate_lines"]
