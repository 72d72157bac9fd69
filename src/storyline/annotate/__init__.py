"""Annotate: sentences, entity mentions and time expressions for each article (body and captions),
and quotations and events for its body.

``Annotator`` holds the one spaCy pipeline of a run; ``annotate`` streams articles through
``nlp.pipe(as_tuples=True)`` and yields one ``Annotations`` per article.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..config import Config
from ..model import Article, Event, Mention, Quote, Sentence, Timex
from . import timex as timex_tagger
from .entities import mentions_from_doc
from .events import events_from_doc
from .nlp import load_pipeline, load_sentencizer
from .quotes import quotes_from_doc
from .referents import Referents

# Bump when annotation output changes, so `build` re-annotates stored articles.
ANNOTATOR_VERSION = "14"
# Longer texts are annotated in pieces cut at line breaks (spaCy's limit is 1,000,000 characters).
CHUNK_CHARS = 100_000


@dataclass
class Annotations:
    article_id: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[tuple[str, Timex]] = field(default_factory=list)  # (field, timex)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


class Annotator:
    """Runs spaCy and the temporal tagger over articles.

    ``entities=False`` swaps the statistical model for a rule-based sentence splitter: sentences and
    time expressions only, for the collection views that need no entities. That path hands whole
    articles to ``annotate_processes`` worker processes, since the temporal tagger, not spaCy, is
    then most of the work.
    """

    def __init__(self, config: Config | None = None, entities: bool = True):
        self.config = config or Config()
        self.entities = entities
        self.nlp = load_pipeline(self.config.spacy_model) if entities else None

    def annotate(self, articles: Iterable[Article]) -> Iterator[Annotations]:
        """One ``Annotations`` per article, in input order."""
        if not self.entities:  # sentences and dates: one article per task, in worker processes
            if self.config.annotate_processes == 1 or "fork" not in multiprocessing.get_all_start_methods():
                yield from map(_annotate_light, articles)
                return
            with multiprocessing.get_context("fork").Pool(self.config.annotate_processes) as pool:
                yield from pool.imap(_annotate_light, articles, chunksize=4)
            return

        def texts():
            for seq, a in enumerate(articles):
                for fld, text in (("text", a.text), ("captions", a.captions)):
                    pieces = list(_chunks(text, CHUNK_CHARS))
                    if not pieces and fld == "text":
                        pieces = [(0, "")]  # every article yields its (empty) annotations
                    for offset, chunk in pieces:
                        yield chunk, (seq, a, fld, offset)

        pending: Annotations | None = None
        pending_seq = -1
        n_process = self.config.annotate_processes
        for doc, (seq, article, fld, offset) in self.nlp.pipe(
            texts(), as_tuples=True, batch_size=self.config.annotate_batch_size, n_process=n_process
        ):
            if seq != pending_seq:  # by position: two inputs may share an id
                if pending is not None:
                    yield pending
                pending, pending_seq = Annotations(article.id), seq
            index = sum(1 for s in pending.sentences if s.field == fld)
            for start, end in _sentence_spans(doc):
                pending.sentences.append(Sentence(article.id, index, start + offset, end + offset, fld))
                index += 1
            local = mentions_from_doc(doc, article.id, fld)  # offsets into this piece
            pending.mentions.extend(replace(m, start=m.start + offset, end=m.end + offset) for m in local)
            if offset == 0:
                full = article.text if fld == "text" else article.captions
                pending.timexes.extend((fld, t) for t in timex_tagger.tag(full, article.published))
            if fld == "text":
                referents = Referents(doc, local)
                pending.quotes.extend(quotes_from_doc(doc, local, article.id, fld, offset, referents))
                timexes = [t for f, t in pending.timexes if f == "text"]
                pending.events.extend(events_from_doc(doc, local, timexes, article.id, fld, offset, referents))
        if pending is not None:
            yield pending


_sentencizer = None  # one per process, loaded on first use


def _annotate_light(article: Article) -> Annotations:
    """Sentences (rule-based splitter) and time expressions of one article."""
    global _sentencizer
    if _sentencizer is None:
        _sentencizer = load_sentencizer()
    ann = Annotations(article.id)
    for fld, text in (("text", article.text), ("captions", article.captions)):
        index = 0
        for offset, chunk in _chunks(text, CHUNK_CHARS):
            for start, end in _sentence_spans(_sentencizer(chunk)):
                ann.sentences.append(Sentence(article.id, index, start + offset, end + offset, fld))
                index += 1
        ann.timexes.extend((fld, t) for t in timex_tagger.tag(text, article.published))
    return ann


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) cuts of ``text`` of at most ``size`` characters, at line breaks where possible,
    so very long texts stay within spaCy's limits and memory."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def _sentence_spans(doc) -> Iterator[tuple[int, int]]:
    """spaCy's sentences, also cut at line breaks (a paragraph never ends mid-sentence), trimmed."""
    text = doc.text
    for sent in doc.sents:
        start = sent.start_char
        while start < sent.end_char:
            stop = text.find("\n", start, sent.end_char)
            stop = sent.end_char if stop == -1 else stop
            lo, hi = start, stop
            while lo < hi and text[lo].isspace():
                lo += 1
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
            if lo < hi:
                yield lo, hi
            start = stop + 1


__all__ = ["Annotator", "Annotations", "ANNOTATOR_VERSION"]
