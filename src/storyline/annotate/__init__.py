"""Annotate: sentences, entity mentions and time expressions for each article (body and captions),
and quotations and events for its body.

``Annotator`` holds the one spaCy pipeline of a run; ``annotate`` streams articles through
``nlp.pipe(as_tuples=True)`` and yields one ``Annotations`` per article.
"""

from __future__ import annotations

import multiprocessing.pool
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from ..config import Config
from ..model import Article, Event, Mention, Quote, Sentence, Timex
from . import timex as timex_tagger
from .entities import mentions_from_doc
from .events import events_from_doc
from .nlp import load_pipeline, load_sentencizer, single_threaded_blas
from .quotes import quotes_from_doc
from .referents import Referents

# Bump when annotation output changes, so `build` re-annotates stored articles.
ANNOTATOR_VERSION = "15"
# Longer texts are annotated in pieces cut at line breaks (spaCy's limit is 1,000,000 characters).
CHUNK_CHARS = 100_000
SPACY_BATCH = 16  # texts spaCy runs at once...
SPACY_BATCH_CHARS = 120_000  # ...padded to the longest, at most this many characters (memory grows with it)
# A worker's task: at most this many characters of articles (one longer article alone).
BATCH_CHARS = 200_000


@dataclass
class Annotations:
    article_id: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[tuple[str, Timex]] = field(default_factory=list)  # (field, timex)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    failure: str | None = None  # why the article could not be annotated (its annotations stay empty)


class Annotator:
    """Runs spaCy and the temporal tagger over articles.

    With ``annotate_processes`` above one, whole articles go to forked worker processes, each
    running spaCy *and* storyline's own annotators (quotes, events, the temporal tagger, which are
    a third of the work) over its share, so both halves of the work use every core and only the
    small ``Annotations`` come back.

    ``entities=False`` swaps the statistical model for a rule-based sentence splitter: sentences and
    time expressions only, for the collection views that need no entities.
    """

    def __init__(self, config: Config | None = None, entities: bool = True):
        self.config = config or Config()
        self.entities = entities
        # Loaded before the workers fork, so they share the model's weights.
        self.nlp = load_pipeline(self.config.spacy_model) if entities else None

    def annotate(self, articles: Iterable[Article], total: int | None = None) -> Iterator[Annotations]:
        """One ``Annotations`` per article, in input order; ``total``: how many come (``balanced_batch``)."""
        for group in self.annotate_batches(articles, total):
            yield from group

    def annotate_batches(self, articles: Iterable[Article], total: int | None = None,
                         stop: threading.Event | None = None) -> Iterator[list[Annotations]]:
        """The ``Annotations`` of each batch as it comes back, in input order, so a caller can commit
        them as they come. Once ``stop`` is set no batch more is awaited or started: the batches in
        the workers' hands are abandoned (the workers ended) and the iteration ends."""
        work = _annotate_full_or_fail if self.entities else _annotate_light
        batch = self.config.annotate_batch_size if self.entities else 4
        processes = self.config.annotate_processes
        batch = balanced_batch(batch, processes, total)
        global _worker_nlp
        _worker_nlp = self.nlp
        batches = _batches(articles, batch)
        stop = stop or threading.Event()
        try:
            if processes == 1 or "fork" not in multiprocessing.get_all_start_methods():
                with single_threaded_blas():
                    for group in batches:
                        if stop.is_set():
                            return
                        yield work(group)
                return
            with multiprocessing.get_context("fork").Pool(processes, initializer=_start_worker) as pool:
                window: deque = deque()  # at most two batches per worker in flight: memory stays flat
                for group in batches:
                    if stop.is_set():
                        return
                    window.append(pool.apply_async(work, (group,)))
                    if len(window) >= 2 * processes:
                        if not _came_back(window[0], stop):
                            return
                        yield window.popleft().get()
                while window:
                    if not _came_back(window[0], stop):
                        return
                    yield window.popleft().get()
        finally:
            _worker_nlp = None  # the model stays the Annotator's, not the module's


_worker_nlp = None  # the spaCy pipeline a worker inherits from its parent


def balanced_batch(size: int, processes: int, total: int | None) -> int:
    """The batch size that gives each of ``processes`` workers at least four batches of ``total``
    articles, ``size`` at most: with one large batch too many, a worker waits at the end for
    another's (100 articles in batches of 32 gave one of two workers 64 of them)."""
    if not total or processes < 2:
        return size
    return max(1, min(size, -(-total // (4 * processes))))


def _came_back(result: multiprocessing.pool.AsyncResult, stop: threading.Event) -> bool:
    """Wait for a worker's batch; False as soon as ``stop`` is set before it is back."""
    while not result.ready():
        if stop.is_set():
            return False
        result.wait(0.1)
    return True


def _start_worker() -> None:
    """A worker is one core's worth of work: its linear algebra must not start threads of its own.
    Ctrl-C reaches the whole process group: a worker ignores it (its parent decides what stops, and
    no worker prints a traceback), and dies quietly of the SIGTERM its pool ends it with."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threadpool_limits(limits=1, user_api="blas")


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Lists of at most ``size`` articles and, past the first, ``BATCH_CHARS`` characters. The
    first lists are smaller (1, 2, 4, ... articles), so the first results, and a build's first
    commit, come after the time of one article, not of a whole batch."""
    batch: list[Article] = []
    chars = 0
    limit = 1
    for article in articles:
        length = len(article.text) + len(article.captions)
        if batch and (len(batch) >= limit or chars + length > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
            limit = min(size, 2 * limit)
        batch.append(article)
        chars += length
    if batch:
        yield batch


def _annotate_full_or_fail(articles: list[Article]) -> list[Annotations]:
    """``_annotate_full``; when a batch runs out of memory, its articles one by one, and an article
    that fails alone comes back empty with the reason, so the others are still annotated."""
    try:
        return _annotate_full(articles)
    except MemoryError:
        if len(articles) > 1:
            return [ann for article in articles for ann in _annotate_full_or_fail([article])]
        article = articles[0]
        return [Annotations(article.id, failure=f"out of memory annotating its {len(article.text):,} characters "
                                                "(split it, or add it with a lower --max-size)")]


def _annotate_full(articles: list[Article]) -> list[Annotations]:
    """Sentences, mentions, time expressions, quotes and events of each article, in order."""

    def texts():
        for seq, a in enumerate(articles):
            for fld, text in (("text", a.text), ("captions", a.captions)):
                pieces = list(_chunks(text, CHUNK_CHARS))
                if not pieces and fld == "text":
                    pieces = [(0, "")]  # every article yields its (empty) annotations
                for offset, chunk in pieces:
                    yield chunk, (seq, fld, offset)

    done = [Annotations(a.id) for a in articles]
    for doc, (seq, fld, offset) in _parsed(texts()):
        article, ann = articles[seq], done[seq]  # by position: two inputs may share an id
        index = sum(1 for s in ann.sentences if s.field == fld)
        for start, end in _sentence_spans(doc):
            ann.sentences.append(Sentence(article.id, index, start + offset, end + offset, fld))
            index += 1
        local = mentions_from_doc(doc, article.id, fld)  # offsets into this piece
        ann.mentions.extend(replace(m, start=m.start + offset, end=m.end + offset) for m in local)
        if offset == 0:
            full = article.text if fld == "text" else article.captions
            ann.timexes.extend((fld, t) for t in timex_tagger.tag(full, article.published))
        if fld == "text":
            referents = Referents(doc, local)
            ann.quotes.extend(quotes_from_doc(doc, local, article.id, fld, offset, referents))
            timexes = [t for f, t in ann.timexes if f == "text"]
            ann.events.extend(events_from_doc(doc, local, timexes, article.id, fld, offset, referents))
    return done


def _parsed(texts: Iterable[tuple[str, tuple]]) -> Iterator[tuple[Doc, tuple]]:
    """spaCy's docs of (text, context) pairs, in order, parsed in batches of at most ``SPACY_BATCH``
    texts whose padded size (texts times the longest) stays within ``SPACY_BATCH_CHARS``: spaCy pads
    a batch to its longest text, so one long piece among short ones would cost as many long ones."""
    group: list[tuple[str, tuple]] = []
    longest = 0
    for text, context in texts:
        if group and (len(group) >= SPACY_BATCH or (len(group) + 1) * max(longest, len(text)) > SPACY_BATCH_CHARS):
            yield from _worker_nlp.pipe(group, as_tuples=True, batch_size=len(group))
            group, longest = [], 0
        group.append((text, context))
        longest = max(longest, len(text))
    if group:
        yield from _worker_nlp.pipe(group, as_tuples=True, batch_size=len(group))


_sentencizer = None  # one per process, loaded on first use


def _annotate_light(articles: list[Article]) -> list[Annotations]:
    """Sentences (rule-based splitter) and time expressions of each article."""
    global _sentencizer
    if _sentencizer is None:
        _sentencizer = load_sentencizer()
    return [_annotate_light_one(a) for a in articles]


def _annotate_light_one(article: Article) -> Annotations:
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
