"""`storyline watch`: follow folders, feed files and http(s) feeds; each cycle adds what is new
and runs an incremental `build`.

A source that fails (a timeout, an HTTP error, a feed that does not parse) is reported and
retried after a wait that doubles with each failure in a row, up to ``max_backoff``; the other
sources go on. Everything a watch must remember (validators, failures, items and files done) is
in the store, written in the same transaction as the articles, so a watch started again resumes
without fetching or adding anything twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..config import Config
from ..pipeline import AddReport, BuildReport, Interrupted, Progress, _quiet, build, store_items
from ..model import Article
from ..store import Store
from .fetch import USER_AGENT, Fetcher, FetchSettings
from .sources import Batch, HttpFeed, LocalSource, source_for


@dataclass(frozen=True)
class WatchSettings:
    every: float = 300.0  # seconds from the start of one cycle to the start of the next
    max_backoff: float = 3600.0  # the longest wait before a failing source is tried again
    fetch: FetchSettings = field(default_factory=FetchSettings)


@dataclass
class CycleReport:
    number: int
    added: AddReport = field(default_factory=AddReport)
    build: BuildReport | None = None
    stories_changed: int = 0  # stories the build made or changed
    failures: list[str] = field(default_factory=list)  # "SOURCE: reason (retry in ...)", one per source
    notes: list[str] = field(default_factory=list)
    stopped: bool = False  # a stop was asked for during this cycle
    seconds: float = 0.0


class Watch:
    """The sources of one watch and what it needs to poll them. ``stop`` (set from a signal
    handler) ends the watch after the transaction in flight."""

    def __init__(self, store: Store, targets: Iterable[str], config: Config | None = None,
                 settings: WatchSettings | None = None, stop: threading.Event | None = None):
        self.store = store
        self.config = config or Config()
        self.settings = settings or WatchSettings()
        self.stop = stop or threading.Event()
        self.sources = [source_for(t) for t in targets]
        self.fetcher = Fetcher(self.settings.fetch, self.stop)

    def run(self, cycles: int | None = None, progress: Progress = _quiet) -> Iterator[CycleReport]:
        """Run cycles, ``every`` seconds apart, until ``cycles`` have run or ``stop`` is set."""
        number = 0
        while not self.stop.is_set() and (cycles is None or number < cycles):
            number += 1
            started = time.monotonic()
            report = self.cycle(number, progress)
            yield report
            if report.stopped or (cycles is not None and number >= cycles):
                return
            self.stop.wait(max(0.0, started + self.settings.every - time.monotonic()))

    def cycle(self, number: int = 1, progress: Progress = _quiet) -> CycleReport:
        """Poll every source that is due, store what is new, then build."""
        started = time.perf_counter()
        report = CycleReport(number)
        for source in self.sources:
            if self.stop.is_set():
                break
            self._poll(source, report)
        if not self.stop.is_set():
            try:
                report.build = build(self.store, self.config, progress, stop=self.stop)
                report.stories_changed = report.build.stories or 0
            except Interrupted:
                pass  # what the build committed stays; the next start resumes it
        report.stopped = self.stop.is_set()
        report.seconds = time.perf_counter() - started
        return report

    def _poll(self, source: LocalSource | HttpFeed, report: CycleReport) -> None:
        state = self.store.watch_source(source.name)
        now = time.time()
        if state["retry_at"] is not None and now < state["retry_at"]:
            return
        problems: list[str] = []
        validators = (None, None)
        for batch in source.harvest(self.store, self.config, self.fetcher, self.stop):
            problems.extend(batch.problems)
            report.notes.extend(f"{source.name}: {n}" for n in batch.notes)
            if batch.validators is not None:
                validators = batch.validators
            self._commit(source, batch, report)
        failures = state["failures"] + 1 if problems else 0
        retry_at = None
        if problems:
            wait = min(self.settings.every * 2 ** (failures - 1), max(self.settings.every, self.settings.max_backoff))
            retry_at = time.time() + wait
            report.failures.append(f"{source.name}: {'; '.join(problems)} (failed {failures} "
                                   f"time{'s' if failures > 1 else ''} in a row; retry in {_span(wait)})")
        with self.store.transaction():
            self.store.save_watch_source(source.name, *validators, failures, retry_at,
                                         "; ".join(problems) or None)

    def _commit(self, source: LocalSource | HttpFeed, batch: Batch, report: CycleReport) -> None:
        if not (batch.items or batch.files):
            return
        with self.store.transaction():
            store_items(self.store, [item for _, item in batch.items], report.added)
            for key, item in batch.items:
                if key is not None:
                    self.store.mark_watch_item(source.name, key, item.id if isinstance(item, Article) else None)
            for path, size, mtime_ns in batch.files:
                self.store.mark_watch_file(path, size, mtime_ns)


def _span(seconds: float) -> str:
    """3 s, 5 min, 2 h: a wait as people say it."""
    if seconds < 120:
        return f"{seconds:.3g} s"
    if seconds < 7200:
        return f"{seconds / 60:.3g} min"
    return f"{seconds / 3600:.3g} h"


__all__ = ["Watch", "WatchSettings", "CycleReport", "FetchSettings", "USER_AGENT"]
