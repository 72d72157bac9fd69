"""The two verbs of the library: ``add`` (ingest into the store) and ``build`` (run every stage
that has work to do). Both write in batches of transactions, so a killed run loses at most the
batch in flight and the next run completes it; asked to stop (``stop``, which the command line
sets on SIGINT or SIGTERM), they commit what is done and raise ``Interrupted``.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .annotate import ANNOTATOR_VERSION, Annotator
from .config import Config
from .ingest import MetadataSidecars, plan, read_source
from .model import Article, Rejection
from .stories import Corpus, DuplicateIndex, update_stories
from .store import Store

# progress(stage, done, total): the CLI draws bars with it; the library is silent by default.
Progress = Callable[[str, int, int], None]

STORIES_VERSION = "1"


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class AddReport:
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # the stored ids of what was already here
    # new id -> the stored article whose content it brought again: recorded as another id of it
    aliases: dict[str, str] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)
    files: int = 0
    files_read: int = 0  # of ``files``: fewer when the add was interrupted

    @property
    def ok(self) -> bool:
        return not self.rejected


@dataclass
class BuildReport:
    annotated: int = 0  # articles annotated and committed
    to_annotate: int = 0  # articles the build found to annotate
    stories: int | None = None  # stories made or changed; None when they were already up to date
    merged: int = 0  # stories folded into another (their ids kept as aliases)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # wall seconds of each stage that ran
    failed: list[Rejection] = field(default_factory=list)  # articles that could not be annotated


@dataclass(frozen=True)
class ReadComplete:
    """Marks that ``path`` was read to its end, finding the rejections ``keep`` ((line, code) pairs):
    its earlier rejections but these are cleared when it is stored."""

    path: str
    keep: frozenset[tuple[int, str]]


def read_to_end(path: str, items: Iterable[Article | Rejection]) -> Iterator[Article | Rejection | ReadComplete]:
    """What was read from the file ``path``, then, once it is all read, its ``ReadComplete``."""
    found: set[tuple[int, str]] = set()
    for item in items:
        if isinstance(item, Rejection) and item.path == path:
            found.add((item.line or 0, item.code))
        yield item
    yield ReadComplete(path, frozenset(found))


class Interrupted(Exception):
    """``add`` or ``build`` stopped because ``stop`` was set: raised between two transactions, once
    what was done is committed, so the next run goes on from there. ``report`` says what was kept."""

    def __init__(self, report: AddReport | BuildReport):
        super().__init__("interrupted")
        self.report = report


def add(store: Store, paths: Iterable[str | os.PathLike], config: Config | None = None,
        progress: Progress = _quiet, stop: threading.Event | None = None) -> AddReport:
    """Read every input under ``paths`` and store the new articles. Bad inputs are reported, not raised.
    Once ``stop`` is set, what was read is committed and ``Interrupted`` raised; an add of the same
    paths goes on (what is stored is not stored again)."""
    config = config or Config()
    stop = stop or threading.Event()
    report = AddReport()
    store.mark_dead_runs()
    sources = plan(paths, skip=store.files())
    report.files = len(sources)
    sidecars = MetadataSidecars()
    pending: list[Article | Rejection] = []

    def flush() -> None:
        with store.transaction():
            store_items(store, pending, report)
        pending.clear()

    if config.engine == "spark":  # read by Spark tasks, stored here in the same order
        from .spark import read_sources
        read = read_sources(sources, config, sidecars)
    else:
        read = (read_source(source, config, sidecars) for source in sources)
    try:
        for n, items in enumerate(read):
            for item in read_to_end(sources[n].path, items):  # a large file: stored as it is read
                pending.append(item)
                if len(pending) >= config.commit_every:
                    flush()
                if stop.is_set():
                    break
            else:
                report.files_read += 1
            progress("add", report.files_read, len(sources))
            if stop.is_set():
                flush()
                raise Interrupted(report)
    finally:
        read.close()  # Spark's jobs still running are cancelled
    pending.extend(sidecars.problems)
    flush()
    return report


def store_items(store: Store, items: Iterable[Article | Rejection | ReadComplete], report: AddReport) -> None:
    """Store articles and record rejections, noting each in ``report``: what `add` does with what it
    read, shared with `watch`. Call inside ``store.transaction()``. An id that arrives again with
    other content is reported as ``id_conflict``, never overwritten; stored content that arrives
    under a new id is recorded as another id of its article (``report.aliases``), so no id is lost.
    A ``ReadComplete`` clears what the file's earlier reads found wrong and this one did not."""
    for item in items:
        if isinstance(item, ReadComplete):
            store.clear_rejections(item.path, item.keep)
            continue
        if isinstance(item, Rejection):
            store.record_rejection(item)
            report.rejected.append(item)
            continue
        status, existing = store.add_article(item)
        if status == "stored":
            report.stored.append(item.id)
        elif status == "unchanged":
            report.unchanged.append(existing or item.id)
        elif status == "alias":
            report.aliases[item.id] = existing
        else:
            where = item.origin or item.id
            if item.format in ("jsonl", "feed", "warc", "trec", "newsml"):
                where = f"{where}#{item.id}"  # one file, many articles: one row each
            rejection = Rejection(
                where, "id_conflict",
                f"article {existing!r} is already stored with other content (kept; not overwritten)",
            )
            store.record_rejection(rejection)
            report.rejected.append(rejection)


def annotate_pending(store: Store, config: Config | None = None, progress: Progress = _quiet,
                     failed: list[Rejection] | None = None, stop: threading.Event | None = None) -> int:
    """Annotate every article not yet annotated by this annotator version; returns how many. An
    article that cannot be annotated is stored with no annotations and a rejection (appended to
    ``failed``), so the build goes on and does not try it again. Once ``stop`` is set it returns
    with what was committed; the rest is left for the next build."""
    report = BuildReport(failed=failed if failed is not None else [])
    _annotate(store, config or Config(), progress, report, stop or threading.Event())
    return report.annotated


def _annotate(store: Store, config: Config, progress: Progress, report: BuildReport, stop: threading.Event) -> None:
    """``annotate_pending``, counting in ``report``. Each batch is committed as the workers return
    it (at most ``commit_every`` articles a transaction; the first batches are of one, two, four
    articles), so the progress moves from the first article and a killed build loses only what
    was not back yet."""
    version = annotation_version(config)
    todo = store.articles_to_annotate(version)
    report.to_annotate = len(todo)
    if not todo:
        return
    articles = (store.article(article_id) for article_id in todo)
    if config.engine == "spark":
        from .spark import annotate_batches
        batches = annotate_batches(articles, config)
    else:
        batches = Annotator(config).annotate_batches(articles, len(todo), stop)
    progress("annotate", 0, len(todo))
    try:
        for batch in batches:
            for start in range(0, len(batch), config.commit_every):
                part = batch[start:start + config.commit_every]
                report.failed.extend(_save(store, part, version))
                report.annotated += len(part)
                progress("annotate", report.annotated, len(todo))
            if stop.is_set():
                return
    finally:
        batches.close()  # the workers, or Spark's jobs, still running are ended


def build(store: Store, config: Config | None = None, progress: Progress = _quiet, rebuild: bool = False,
          waiting: Callable[[str], None] | None = None, stop: threading.Event | None = None) -> BuildReport:
    """Annotate what is new, then take the new articles into the stories: the persisted state
    (clusterer, entity linker, near-duplicate index) is updated and only the stories that changed
    are recomputed, so a build costs what is new. ``rebuild`` (or new story settings, or a new
    annotator) recomputes every story from the stored annotations instead. Builds of one shared
    (PostgreSQL) store run one at a time: ``waiting`` hears once why this one waits. Once ``stop``
    is set, the annotations committed are kept, the story stage (written in one transaction) is
    left to the next build, and ``Interrupted`` is raised."""
    with store.build_lock(waiting):
        return _build(store, config or Config(), progress, rebuild, stop or threading.Event())


def _build(store: Store, config: Config, progress: Progress, rebuild: bool, stop: threading.Event) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    store.mark_dead_runs()
    run_id = store.start_run("build", config.to_json())

    def stories_progress(done: int, total: int) -> None:
        progress("stories", done, total)
        if stop.is_set():  # nothing of the story stage is written yet
            raise Interrupted(report)

    try:
        _annotate(store, config, progress, report, stop)
        if stop.is_set():
            raise Interrupted(report)
        report.stages["annotate"] = time.perf_counter() - started
        fingerprint = hashlib.sha256(
            (STORIES_VERSION + annotation_version(config) + config.stories_json()).encode()
        ).hexdigest()
        loading = time.perf_counter()
        state = None if rebuild else store.story_state(fingerprint)
        seen = set(state["cluster_seen"]) if state else set()
        new_ids = [a for a in store.article_ids() if a not in seen]
        if new_ids or state is None:
            new = _corpus(store, new_ids)
            index = DuplicateIndex(config, store.dedupe_entries() if state else (),
                                   {a: v[0] for a, v in state["duplicates"].items()} if state else None,
                                   store.texts)
            report.stages["load"] = time.perf_counter() - loading
            built = update_stories(new, config, state, index, lambda ids: _corpus(store, ids), store.entity_counts,
                                   stories_progress)
            report.stages.update(built.seconds)
            built.state["cluster_seen"] = sorted(seen.union(new_ids))
            saving = time.perf_counter()
            store.apply_story_build(built, fingerprint, replace=state is None)
            report.stages["save"] = time.perf_counter() - saving
            report.stories = len(built.stories)
            report.merged = len(built.merged)
    except (Interrupted, KeyboardInterrupt):
        store.finish_run(run_id, "interrupted", {"annotated": report.annotated})
        raise
    except BaseException:
        store.finish_run(run_id, "failed", {"annotated": report.annotated})
        raise
    report.seconds = time.perf_counter() - started
    store.finish_run(run_id, "done", {"annotated": report.annotated, "stories_changed": report.stories,
                                      "seconds": round(report.seconds, 3),
                                      "stages": {k: round(v, 3) for k, v in report.stages.items()}})
    return report


def _corpus(store: Store, ids: list[str]) -> Corpus:
    """The stored articles ``ids`` with their annotations, in publication order."""
    return Corpus.build(store.articles(ids), store.sentences(ids), store.mentions(ids), store.timexes(ids))


def annotation_version(config: Config) -> str:
    """What an article's annotations were made with: a new annotator or another model redoes them."""
    return f"{ANNOTATOR_VERSION}:{config.spacy_model}"


def _save(store: Store, batch, version: str) -> list[Rejection]:
    """Store a batch's annotations, and a rejection for each article that could not be annotated,
    in one transaction; returns those rejections."""
    failed = [Rejection(ann.article_id, "annotation_failed", ann.failure) for ann in batch if ann.failure]
    with store.transaction():
        for rejection in failed:
            store.record_rejection(rejection)
        for ann in batch:
            store.save_annotations(ann.article_id, version, ann.sentences, ann.mentions, ann.timexes,
                                   ann.quotes, ann.events)
    return failed


__all__ = ["add", "build", "store_items", "read_to_end", "annotate_pending", "AddReport", "BuildReport", "ReadComplete",
           "Interrupted", "Progress"]
