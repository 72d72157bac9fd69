"""The Spark engine: the per-article work of `add` (reading and cleaning inputs) and of `build`
(annotation) as Spark jobs, for a cluster or more cores than one machine has.

The driver keeps the store: it plans the inputs and reads the articles to annotate, Spark tasks
do the work, and the results come back in input order to be written through the same ``Store``
calls and commits as the local engine, so either engine leaves the same store. pyspark is
imported here only, on first use, so the core never needs it.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from itertools import islice
from pathlib import Path

from .annotate import Annotations, Annotator
from .config import Config
from .errors import StorylineError
from .ingest import MetadataSidecars, Source, read_source
from .model import Article, Rejection

# `add`: inputs per Spark job; small files cost little to read, so a job holds many of them.
ADD_JOB_SOURCES = 256
LOG_CONFIG = Path(__file__).with_name("spark-log4j2.properties")


def context(master: str):
    """The process's SparkContext, started on first use at ``master`` (later calls share it).

    Workers run this interpreter (the venv's, with spaCy and its model); logs are kept to errors."""
    try:
        from pyspark import SparkConf, SparkContext
    except ImportError:
        raise StorylineError("--engine spark needs pyspark: pip install storyline[spark]") from None
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        raise StorylineError(f"--engine spark needs Java 17+: none at {java}" if java else
                             "--engine spark needs Java 17+: no java on PATH (or set JAVA_HOME)")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    conf = (SparkConf().setMaster(master).setAppName("storyline")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.ui.enabled", "false")
            .set("spark.driver.maxResultSize", "0")  # a batch's results come back whole
            .set("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{LOG_CONFIG}"))
    try:
        sc = SparkContext.getOrCreate(conf)
    except Exception as exc:  # no Java, a master that does not answer, ...
        first = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() else type(exc).__name__
        raise StorylineError(f"Spark did not start at {master}: {first}") from None
    sc.setLogLevel("ERROR")
    return sc


def _in_order(sc, jobs: Iterable[tuple[list, int]], work, ahead: int) -> Iterator[list]:
    """Run ``work`` over each job's items as one Spark job in ``slices`` tasks, with up to
    ``ahead`` jobs running at once (so no core waits for the driver), and yield each job's
    results, in order, as soon as it and every job before it are done."""
    pool = ThreadPoolExecutor(max_workers=ahead)
    pending = []
    try:
        for items, slices in jobs:
            rdd = sc.parallelize(items, slices).mapPartitions(work)
            pending.append(pool.submit(rdd.collect))
            if len(pending) >= ahead:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()
    finally:
        if pending:
            sc.cancelAllJobs()
        pool.shutdown(wait=True, cancel_futures=True)


def read_sources(sources: list[Source], config: Config, sidecars: MetadataSidecars) -> Iterator[list[Article | Rejection]]:
    """Each source's articles and rejections, read and cleaned by Spark tasks, in the order of
    ``sources``. The ``meta.jsonl`` files are read here first, in the order the local engine reads
    them, so their problems land in ``sidecars`` alike and every task gets their metadata."""
    for source in sources:
        if source.kind in ("text", "html"):
            sidecars.for_file(source.path)
    sc = context(config.spark_master)
    parallelism = sc.defaultParallelism

    def jobs():
        it = iter(sources)
        while group := list(islice(it, ADD_JOB_SOURCES)):
            yield group, min(len(group), 4 * parallelism)

    for results in _in_order(sc, jobs(), partial(_read_partition, config, sidecars), 2):
        yield from results


def _read_partition(config: Config, sidecars: MetadataSidecars, sources: Iterable[Source]) -> list[list]:
    """A Spark task: each source's articles and rejections, as a list per source."""
    return [list(read_source(source, config, sidecars)) for source in sources]


_annotator: Annotator | None = None  # this worker's spaCy pipeline and annotators, loaded once


def _annotate_partition(config: Config, articles: Iterable[Article]) -> list[Annotations]:
    """A Spark task: one worker's share, through the worker's own ``Annotator``, made on its first task."""
    global _annotator
    if _annotator is None or _annotator.config != config:
        _annotator = Annotator(config)
    return list(_annotator.annotate(articles))


def annotate_batches(articles: Iterable[Article], config: Config) -> Iterator[list[Annotations]]:
    """The ``Annotations`` of each ``commit_every`` articles, in order, annotated by Spark tasks:
    each such batch is one Spark job, cut into tasks of a few articles, so every batch the driver
    commits is one job's result and jobs run ahead to keep every core busy."""
    sc = context(config.spark_master)
    parallelism = sc.defaultParallelism
    worker_config = replace(config, annotate_processes=1)  # a task is one core's work
    per_task = max(1, min(config.annotate_batch_size, -(-config.commit_every // (4 * parallelism))))
    slices = -(-config.commit_every // per_task)
    ahead = max(2, -(-2 * parallelism // slices))

    def jobs():
        it = iter(articles)
        while batch := list(islice(it, config.commit_every)):
            yield batch, -(-len(batch) // per_task)

    yield from _in_order(sc, jobs(), partial(_annotate_partition, worker_config), ahead)


__all__ = ["context", "read_sources", "annotate_batches"]
