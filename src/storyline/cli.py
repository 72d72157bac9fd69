"""The storyline command. Each command parses its options, calls one library function and prints
the result; no SQL and no NLP happen here."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from . import pipeline
from .config import Config, usable_cores
from .errors import StoreError, StorylineError
from .helptext import App
from .stopping import StopRequest, stop_on_signals
from .store import Store, default_db_path, is_url, open_store

LONG_BUILD_SECONDS = 10.0  # a build this long ends with its time per stage
DEMO_ENTRIES = 8  # the demo's story view: this many timeline entries, quotes and developments

app = App(
    name="storyline",
    help="Turn news articles into stories: timelines, cited summaries and developments, with provenance.\n\n"
    "Try it on the bundled examples: storyline demo. With your own articles: storyline add FOLDER, then "
    "storyline build; then storyline stories lists the stories, storyline show ID shows one, storyline search "
    "finds words, and storyline report or storyline serve gives the same pages in a browser.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = App(help="Export what the store holds as JSONL, CSV or Parquet (columns: docs/exports.md).",
                 no_args_is_help=True)
app.add_typer(export_app, name="export")

out = Console()
err = Console(stderr=True)

# `add` exits with this when any input was rejected (everything else was still stored).
EXIT_REJECTED = 3
# `add` and `build` stopped by SIGINT or SIGTERM (128 + SIGINT, as a shell reports Ctrl-C).
EXIT_INTERRUPTED = 130

# A string, not a Path: a Path would fold the // of a postgresql:// URL.
DbOption = Annotated[
    Optional[str],
    typer.Option("--db", help="The store: a SQLite file, or a PostgreSQL database by its URL, "
                              "postgresql://USER@HOST/DB (docs/cli.md). Default: $STORYLINE_DB or ./storyline.db.",
                 show_default=False),
]


class Engine(str, Enum):
    local = "local"
    spark = "spark"


EngineOption = Annotated[Engine, typer.Option(
    help="Where the per-article work runs: 'local' processes, or 'spark' jobs (pip install storyline[spark]).")]
SparkMasterOption = Annotated[str, typer.Option(
    help="The Spark master for --engine spark: local[N] (N cores here), spark://HOST:7077 or yarn.")]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def say(message: str) -> None:
    """One line to stderr, never wrapped, so each message stays one line in logs."""
    err.print(message, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> None:
    say(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(code)


def main() -> None:
    """The `storyline` command. A store lost in the middle of any command (a PostgreSQL server that
    stops) ends it with one error line, as a store that cannot be opened does."""
    try:
        app(prog_name="storyline")
    except StoreError as exc:
        say(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(1)


def _db(db: str | Path | None) -> str:
    return str(db) if db else default_db_path()


def _open(db: str | Path | None, must_exist: bool = False) -> Store:
    path = _db(db)
    if must_exist and not is_url(path) and not Path(path).exists():
        fail(f"no store at {path}: run `storyline add PATH` and `storyline build` first, or pass --db")
    try:
        return open_store(path)
    except StorylineError as exc:
        fail(str(exc))


@contextmanager
def _progress_bars(enabled: bool = True):
    """A rich progress bar per stage, with the time it took and the time left; yields a
    ``pipeline.Progress`` callback."""
    bars = Progress(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=err, disable=not enabled, transient=False)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total)
        bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield update


def _interrupted(stop: StopRequest, kept: str, again: str) -> None:
    """The line that says what an interrupted `add` or `build` kept and how to go on; exit 130."""
    say(f"[yellow]interrupted[/yellow] ({stop.name}): {escape(kept)}; run {escape(again)} to go on")
    raise typer.Exit(EXIT_INTERRUPTED)


# What an `add` or `build` stopped by a second signal kept.
AT_ONCE = "stopped at once (asked twice): the transaction in flight was rolled back, all before it kept"


def _parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", text.lower())
    if not m:
        raise typer.BadParameter(f"{text!r} is not a size; use bytes or a unit, e.g. 20MB or 500kB")
    return int(float(m[1]) * {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m[2]])


def _say_aliases(report: pipeline.AddReport) -> str:
    """One line per input recorded as another id of a stored article; the count for the summary line."""
    for alias, article_id in report.aliases.items():
        say(f"[cyan]known[/cyan] {escape(alias)}: the same content as article {escape(repr(article_id))}, "
            "recorded as another id of it")
    return f"{len(report.aliases)} known under another id, " if report.aliases else ""


def _refuse_nothing_to_add(paths: list[Path]) -> None:
    """`add` given only paths that do not exist stops before opening the store: a mistyped path
    must not leave an empty store behind."""
    if not any(os.path.lexists(p) for p in paths):
        fail(f"nothing to add: no such file or folder: {', '.join(str(p) for p in paths)} (nothing stored)",
             EXIT_REJECTED)


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively): .txt, .jsonl, .html, RSS/Atom, .warc(.gz), TREC/DUC SGML (<DOC>); any of them gzipped (.gz).", show_default=False)],
    db: DbOption = None,
    max_size: Annotated[str, typer.Option(help="Reject an article larger than this: a text or HTML file, one JSONL line, one TREC document, one WARC record (the file holding them may be any size).")] = "20MB",
    max_decompressed: Annotated[str, typer.Option(help="Stop reading a gzipped file once it has decompressed to this much (a gzip bomb); what was read before is kept.")] = "32GB",
    encoding_errors: Annotated[str, typer.Option(help="Invalid UTF-8: 'reject' the file, or 'replace' bad bytes with U+FFFD.")] = "reject",
    engine: EngineOption = Engine.local,
    spark_master: SparkMasterOption = "local[*]",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest articles: clean them, date them and store each once.

    A file's id is its path relative to the folder given. A YYYY-MM-DD folder name dates the
    articles in it when they carry no date; a meta.jsonl beside text files ({"file", "source",
    "url", "published", "title"}) gives their metadata. Adding the same article again changes
    nothing; the same content under a new id (a re-published copy, or the same text from another
    outlet) is not stored twice but recorded as another id of the stored article, which that id
    then finds everywhere ("known ID: ..."). Every bad input is reported on one line naming the
    file and the reason, and the rest of the batch goes on.

    Exit status: 0 when every input was stored (or already was), 3 when any input was rejected.

    Large files (JSONL, TREC, WARC, feeds; gzipped or not) are read one record at a time, so
    their size does not matter.

    Ctrl-C or SIGTERM stops the add once what was read is stored, and one line says what was stored and how many files were read (exit status 130; a second one stops at once). SIGKILL loses at most the last 64 inputs read. The same add again goes on: what is stored already is not stored twice.

    With --engine spark the files are read and cleaned by Spark tasks, and stored here in the
    same order, with the same rejections.

    These examples add the bundled examples: run them from the root of a checkout (storyline demo adds
    them too).

    Example: storyline add src/storyline/examples/seeds

    Example: storyline add src/storyline/examples/wikinews.jsonl
    """
    _refuse_nothing_to_add(paths)
    if encoding_errors not in ("reject", "replace"):
        fail("--encoding-errors must be 'reject' or 'replace'", 2)
    config = Config(max_file_bytes=_parse_size(max_size), max_decompressed_bytes=_parse_size(max_decompressed),
                    encoding_errors=encoding_errors, engine=engine.value, spark_master=spark_master)
    store = _open(db)
    interrupted = False
    try:
        with stop_on_signals() as stop, _progress_bars(not quiet) as progress:
            report = pipeline.add(store, [str(p) for p in paths], config, progress, stop.event)
    except StorylineError as exc:
        fail(str(exc))
    except pipeline.Interrupted as exc:
        report, interrupted = exc.report, True
    except KeyboardInterrupt:
        _interrupted(stop, AT_ONCE, "the same `storyline add`")
    known = _say_aliases(report)
    for rejection in report.rejected:
        say(f"[red]rejected[/red] {escape(str(rejection))}")
    files = f"{report.files_read} of {report.files} files read" if interrupted else f"{report.files} files"
    summary = (f"{len(report.stored)} stored, {known}{len(report.unchanged)} already stored, "
               f"{len(report.rejected)} rejected ({files}) in {store.path}")
    store.close()
    if interrupted:
        _interrupted(stop, summary, "the same `storyline add`")
    say(escape(summary))
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def build(
    db: DbOption = None,
    processes: Annotated[Optional[int], typer.Option(
        help="Worker processes for annotation (default: every core this process may use).", min=1,
        show_default=False)] = None,
    commit_every: Annotated[int, typer.Option(help="The most articles annotated per transaction (each batch the workers return is committed as it comes).", min=1)] = 64,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute every story from the stored annotations, as if the store were new (the reference the incremental build is tested against).")] = False,
    engine: EngineOption = Engine.local,
    spark_master: SparkMasterOption = "local[*]",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run every stage that has work to do: annotate new articles, then update the stories.

    Incremental: articles already annotated are not annotated again; each new article joins the
    story it fits best or starts one, and only the stories that changed get their title,
    timeline, summary and developments recomputed, so a build costs what is new. A story keeps
    its id as it grows; a story merged into another leaves its id behind as an alias.

    Ctrl-C or SIGTERM stops the build: in annotation within a second or two (with --processes 1, once the batch in hand is annotated), in the story stage at its next story, before its one transaction. The annotations committed are kept, the batches in the workers' hands are dropped, the story stage is left to the next build, and one line says how many articles were kept and how to go on (exit status 130; a second signal stops at once). Annotations are committed batch by batch from the first article (batches of 1, 2, 4, then up to 32 articles), so even SIGKILL loses only the batches in the workers' hands, two per worker; the next build goes on from there and marks the killed build's run as died.

    With --engine spark, annotation runs as Spark jobs (one per --commit-every articles; spaCy
    loaded once per worker) and the results are committed here as they come; the story stages
    run here either way, and give the same stories (--engine spark --spark-master local[8]: Spark on
    8 cores here).

    Example: storyline build --processes 2
    """
    store = _open(db, must_exist=True)
    again = "`storyline build" + (f" --db {shlex.quote(store.path)}" if db else "") + "`"  # a password masked
    config = Config(annotate_processes=processes or usable_cores(), commit_every=commit_every,
                    engine=engine.value, spark_master=spark_master)
    try:
        with stop_on_signals() as stop, _progress_bars(not quiet) as progress:
            report = pipeline.build(store, config, progress, rebuild=rebuild, waiting=lambda why: say(escape(why)),
                                    stop=stop.event)
    except StorylineError as exc:
        fail(str(exc))
    except pipeline.Interrupted as exc:
        for rejection in exc.report.failed:
            say(f"[red]rejected[/red] {escape(str(rejection))}")
        store.close()
        _interrupted(stop, _kept(exc.report), again)
    except KeyboardInterrupt:
        _interrupted(stop, AT_ONCE, again)
    for rejection in report.failed:
        say(f"[red]rejected[/red] {escape(str(rejection))}")
    counts = store.counts()
    if report.stories is None:
        state = "up to date"
    else:
        state = f"{report.stories} changed" + (f", {report.merged} merged" if report.merged else "")
    if report.seconds >= LONG_BUILD_SECONDS:  # where the time went, one line per stage
        for stage, seconds in report.stages.items():
            say(f"  {stage:<13}{seconds:8.1f}s  {seconds / report.seconds:4.0%}")
    say(f"annotated {report.annotated} articles; {counts['stories']} stories ({state}) "
        f"from {counts['articles']} articles in {report.seconds:.1f}s")
    store.close()


def _kept(report: pipeline.BuildReport) -> str:
    """What an interrupted build kept."""
    if report.annotated < report.to_annotate:
        return f"{report.annotated} of {report.to_annotate} articles annotated and kept"
    done = f"all {report.to_annotate} articles annotated and kept, " if report.to_annotate else ""
    return done + "the stories not updated yet"


def _parse_duration(text: str) -> float:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*", text.lower())
    if not m:
        raise typer.BadParameter(f"{text!r} is not a duration; use a number and a unit, e.g. 30s, 5m or 1h")
    return float(m[1]) * {"ms": 0.001, "s": 1, None: 1, "m": 60, "h": 3600, "d": 86400}[m[2]]


@app.command()
def watch(
    targets: Annotated[list[str], typer.Argument(
        metavar="PATH|URL",
        help="Folders (new and changed files), files such as feed files, and http(s) RSS/Atom feed URLs.",
        show_default=False)],
    db: DbOption = None,
    every: Annotated[str, typer.Option(help="Time from the start of one cycle to the next: 30s, 5m, 1h.")] = "5m",
    once: Annotated[bool, typer.Option("--once", help="Run one cycle, then exit.")] = False,
    cycles: Annotated[Optional[int], typer.Option(help="Stop after this many cycles.", min=1, show_default=False)] = None,
    delay: Annotated[str, typer.Option(help="Least time between two requests to one host.")] = "1s",
    timeout: Annotated[str, typer.Option(help="The longest a request may wait for the server, and a tenth of the longest it may take in all.")] = "20s",
    max_backoff: Annotated[str, typer.Option(help="The longest wait before a failing source is tried again (the wait doubles with each failure).")] = "1h",
    max_size: Annotated[str, typer.Option(help="Reject an article, or a download, larger than this.")] = "20MB",
    processes: Annotated[Optional[int], typer.Option(
        help="Worker processes for annotation (default: every core this process may use).", min=1,
        show_default=False)] = None,
) -> None:
    """Follow folders and feeds: each cycle adds what is new and builds the stories incrementally.

    Each cycle prints one line: new articles, stories changed, rejections, time. An http feed is
    fetched with ETag / Last-Modified; the article page behind an item that carries only a teaser
    is fetched (when the site's robots.txt allows it) and its text extracted. Requests name
    storyline in their User-Agent and wait --delay between two to one host. A source that fails
    (timeout, HTTP error, malformed feed, a page that is not HTML) is reported on one line and
    tried again later, each wait twice the last; the others go on.

    Ctrl-C or SIGTERM stops the watch after the transaction in flight (exit status 0). Started
    again, it resumes: nothing is fetched or added twice.

    Example: storyline watch src/storyline/examples/seeds --once
    """
    from .watch import FetchSettings, Watch, WatchSettings

    try:
        seconds, wait = _parse_duration(timeout), _parse_duration(every)
        fetch = FetchSettings(delay=_parse_duration(delay), connect_timeout=seconds, read_timeout=seconds,
                              deadline=10 * seconds, max_bytes=_parse_size(max_size))
        settings = WatchSettings(every=wait, max_backoff=_parse_duration(max_backoff), fetch=fetch)
    except typer.BadParameter as exc:
        fail(str(exc), 2)
    config = Config(max_file_bytes=fetch.max_bytes, annotate_processes=processes or usable_cores())
    store = _open(db)
    try:
        with stop_on_signals() as stop:  # a second signal stops at once; the transaction in flight is rolled back
            session = Watch(store, targets, config, settings, stop.event)
            for report in session.run(1 if once else cycles):
                for rejection in report.added.rejected + (report.build.failed if report.build else []):
                    say(f"[red]rejected[/red] {escape(str(rejection))}")
                for line in report.failures:
                    say(f"[red]failed[/red] {escape(line)}")
                for line in report.notes:
                    say(f"[yellow]note[/yellow] {escape(line)}")
                known = _say_aliases(report.added)
                say(f"cycle {report.number}: {len(report.added.stored)} new articles, {known}{report.stories_changed} "
                    f"stories changed, {len(report.added.rejected)} rejected, {report.seconds:.1f} s")
    except StorylineError as exc:
        fail(str(exc))
    finally:
        store.close()
    if stop.signals:
        say(f"stopped ({stop.name}); start the same watch again to resume")


SinceOption = Annotated[Optional[str], typer.Option(
    "--since", metavar="TIME", show_default=False,
    help="Only what changed since TIME: an ISO date or time (2024-05-01, 2024-05-01T09:30, "
         "2024-05-01T09:30+02:00; no zone means UTC, as the store's times) or an age (30m, 2h, 1d, 1w).")]


def _since(value: str | None) -> str | None:
    """``--since`` as a store time (UTC); a bad value is a usage error naming the option."""
    from .changes import parse_since

    if value is None:
        return None
    try:
        return parse_since(value, "--since")
    except ValueError as exc:
        fail(str(exc), 2)


def _export(table: str, format: ExportFormat, db: str | None, output: Path | None, since: str | None = None) -> None:
    from .export_tables import OutputNotEmpty, write

    if format is ExportFormat.parquet and output is None:
        fail("--format parquet writes binary files: give --output FILE.parquet or --output DIR", 2)
    store = _open(db, must_exist=True)
    try:
        n = write(store, table, format.value, output, since)
    except OutputNotEmpty as exc:
        fail(str(exc), 2)
    finally:
        store.close()
    if since is not None and not n:
        say(f"no story changed since {since}")
    elif output:
        say(f"wrote {n} {table} rows to {escape(str(output))}")


@export_app.command("stories")
def export_stories(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.jsonl,
    db: DbOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    since: SinceOption = None,
) -> None:
    """One row per story; as JSONL, the full story record (summary, timeline, entities and
    assignments, every fact with its sources: article id and character offsets).

    With --since TIME, only the stories a build changed since then, each with what is new:
    "changed_at", "new_articles" (those that joined it since), "new_timeline" (timeline entries
    only new articles tell, each with its "provenance") and "update_summary" (what the new
    articles add to the older ones, citing new articles only). Nothing changed: no line, and a
    note on stderr.

    Columns are listed in docs/exports.md.

    Example: storyline export stories --format jsonl > stories.jsonl

    Example: storyline export stories --since 2024-05-01T09:00 > changed.jsonl
    """
    _export("stories", format, db, output, _since(since))


def _export_command(table: str, summary: str, example: str) -> None:
    def command(
        format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.jsonl,
        db: DbOption = None,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    ) -> None:
        _export(table, format, db, output)

    command.__doc__ = f"{summary}\n\nColumns are listed in docs/exports.md.\n\nExample: {example}"
    export_app.command(table)(command)


_export_command("timeline", "One row per timeline entry, with its date range and sources.",
                "storyline export timeline --format csv > timeline.csv")
_export_command("entities", "One row per canonical entity, with its aliases and stories.",
                "storyline export entities --format parquet --output entities.parquet")
_export_command("quotes", "One row per quote: speaker, cue and content with offsets.",
                "storyline export quotes --format jsonl")
_export_command("events", "One row per event: type, mode, actor, target, date, place and sentence.",
                "storyline export events --format csv")
_export_command("articles", "One row per article: metadata, story, duplicate group and cleaned text.",
                "storyline export articles --format parquet --output articles.parquet")


@app.command()
def annotate(
    file: Annotated[str, typer.Argument(help="A JSONL file of {\"id\", \"text\", \"published\"?} lines, or - for stdin.")] = "-",
    processes: Annotated[Optional[int], typer.Option(
        help="Worker processes (default: every core this process may use).", min=1, show_default=False)] = None,
) -> None:
    """Annotate JSONL without a store: sentences, entities, time expressions, quotes and events per line.

    One JSON line out per line in, with character offsets into that line's text as given. Time
    expressions are resolved against the line's "published" date when it has one.

    Example: echo '{"id": "a", "text": "Kim spoke on Tuesday."}' | storyline annotate
    """
    from .annotate.records import annotate_lines

    if file != "-" and not os.path.isfile(file):
        fail(f"{file}: no such file")
    errors: list = []
    stream = (io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace") if file == "-"
              else open(file, encoding="utf-8", errors="replace"))
    try:
        with stream:
            for record in annotate_lines(stream, Config(annotate_processes=processes or usable_cores()), errors):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    except StorylineError as exc:
        fail(str(exc))
    for exc in errors:
        say(f"[red]rejected[/red] {escape(file if file != '-' else '<stdin>')}:{exc.line}: {escape(exc.message)}")
    if errors:
        raise typer.Exit(EXIT_REJECTED)


class ViewFormat(str, Enum):
    json = "json"
    text = "text"


PathsArgument = Annotated[
    list[Path],
    typer.Argument(help="Files or folders (read recursively), as for `add`. Nothing is stored.", show_default=False),
]
QueryOption = Annotated[
    Optional[str],
    typer.Option("--query", help="A topic or a question; sentences close to it are preferred.", show_default=False),
]


ProcessesOption = Annotated[
    int, typer.Option("--processes", help="Worker processes for annotation (default: every core this process may use).", min=1)
]


def _read_collection(paths: list[Path], quiet: bool, processes: int):
    """Read and annotate ``paths`` in memory, reporting each rejected input on one line."""
    from .collection import Collection

    with _progress_bars(not quiet) as progress:
        collection = Collection.read([str(p) for p in paths], Config(annotate_processes=processes), progress)
    for rejection in collection.rejections:
        say(f"[red]rejected[/red] {escape(str(rejection))}")
    if not collection.articles:
        fail("no articles to read in " + ", ".join(str(p) for p in paths), EXIT_REJECTED)
    return collection


@contextmanager
def _stdout_to_stderr():
    """Standard output goes to standard error meanwhile, C library buffers included. The summary's
    solver (HiGHS) prints a line of its own now and then even when asked to be silent
    (ERGO-Code/HiGHS#2783), and the JSON answer on standard output must not get it."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        saved = None  # no descriptor 1 to move (closed, or a stand-in stream)
    if saved is None:
        yield
        return
    libc = _c_library()
    _flush_c(libc)
    os.dup2(2, 1)
    try:
        yield
    finally:
        _flush_c(libc)
        os.dup2(saved, 1)
        os.close(saved)


def _c_library():
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(None) if os.name == "posix" else ctypes.CDLL(ctypes.util.find_library("ucrtbase") or "ucrtbase")
    except OSError:
        return None


def _flush_c(libc) -> None:
    if libc is not None:
        libc.fflush(None)


def _print_view(record: dict, format: ViewFormat, key: str) -> None:
    if format is ViewFormat.json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    for item in record[key]:
        if key == "timeline":
            for entry in item["entries"]:
                ids = ", ".join(sorted({c["article"] for c in entry["sources"]}))
                out.print(f"[bold]{escape(item['date'])}[/bold]  {escape(entry['text'])}  [dim]\\[{escape(ids)}][/dim]",
                          highlight=False)
        else:
            ids = ", ".join(sorted({c["article"] for c in item["sources"]}))
            out.print(f"{escape(item['text'])}  [dim]\\[{escape(ids)}][/dim]", highlight=False)


@app.command()
def timeline(
    paths: PathsArgument,
    dates: Annotated[int, typer.Option("--dates", "-n", help="How many dates.", min=1)] = 10,
    per_date: Annotated[int, typer.Option("--per-date", "-m", help="Sentences per date.", min=1)] = 1,
    query: QueryOption = None,
    since: Annotated[Optional[str], typer.Option(help="Only dates on or after this day (YYYY-MM-DD).", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option(help="Only dates on or before this day (YYYY-MM-DD).", show_default=False)] = None,
    days_only: Annotated[bool, typer.Option("--days-only", help="Only day-precise dates (no '2019-01' or '2019').")] = False,
    format: Annotated[ViewFormat, typer.Option("--format", help="json (one object) or text.")] = ViewFormat.json,
    processes: ProcessesOption = usable_cores(),
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """A dated timeline of one collection of articles, without a store or clustering.

    Picks the dates the articles refer to most (and publish most on), and for each the sentences
    that say what most reports say about it; near-identical sentences from several outlets become
    one entry citing them all. Vague dates stay at their precision ("2019-01"). Every sentence
    cites its article and character offsets. Inputs that cannot be read are reported on one line
    each and the rest goes on (exit status 3 if any was rejected).

    Output (json): {"timeline": [{"date", "earliest", "latest", "sentences": [...], "sources": [...],
    "entries": [{"text", "sources"}]}]}

    No timeline (no date named, none that can be placed, none in the window) prints an empty one,
    and one line on stderr that says why.

    Example: storyline timeline src/storyline/examples/seeds --query summit

    Example: storyline timeline src/storyline/examples/wikinews.jsonl -n 5 -m 2
    """
    from .collection import check_day
    from .export import timeline_record

    try:  # before reading anything: a bad window is a usage error
        check_day("--since", since)
        check_day("--until", until)
    except ValueError as exc:
        fail(str(exc), 2)

    collection = _read_collection(paths, quiet, processes)
    entries = collection.timeline(dates, per_date, query, day_only=days_only, since=since, until=until)
    if not entries:
        say(escape(collection.why_no_timeline(days_only, since, until)))
    _print_view(timeline_record(entries), format, "timeline")
    if collection.rejections:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def summarize(
    paths: PathsArgument,
    words: Annotated[Optional[int], typer.Option("--words", "-w", help="Word budget (default: 5 sentences).", min=1, show_default=False)] = None,
    sentences: Annotated[int, typer.Option("--sentences", "-s", help="Sentences, when no --words is given.", min=1)] = 5,
    query: QueryOption = None,
    seen: Annotated[Optional[list[Path]], typer.Option(
        "--seen", help="Files or folders the reader has already read (repeat for more): an update summary "
        "of what PATH adds to them.", show_default=False)] = None,
    format: Annotated[ViewFormat, typer.Option("--format", help="json (one object) or text.")] = ViewFormat.json,
    processes: ProcessesOption = usable_cores(),
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """A short extractive summary of one collection, in chronological order, every sentence cited.

    Takes the set of sentences, within --words (or --sentences), that covers most of what the
    articles say together: word pairs counted by how many articles use them, a pair that holds a
    word of --query (a topic statement or a question) counting more the rarer that word is in the
    articles. Each sentence cites every article that says the same. Sentences are never cut.

    With --seen OLD, an update summary: only what PATH adds to what the reader read in OLD. A word
    pair OLD uses counts as told already, a sentence that says again what an OLD sentence says is
    never taken, and only articles outside OLD are cited (an article read in both, by its id, the
    path under the folder given, counts as read). Nothing new gives an empty summary.

    Output (json): {"summary": [{"text", "sources": [{"article", "start", "end"}]}]}

    Example: storyline summarize src/storyline/examples/wikinews.jsonl --words 60

    Example: storyline summarize src/storyline/examples/seeds --query Yongbyon --format text

    Example: storyline summarize src/storyline/examples/wikinews.jsonl --seen src/storyline/examples/seeds
    """
    from .export import summary_record

    collection = _read_collection(paths, quiet, processes)
    read = _read_collection(seen, quiet, processes) if seen else None
    with _stdout_to_stderr():
        result = collection.summary(words=words, sentences=None if words else sentences, query=query, seen=read)
    if read is not None and not result:
        say("nothing new: every sentence of " + ", ".join(str(p) for p in paths) + " is in --seen or says what it says")
    _print_view(summary_record(result), format, "summary")
    if collection.rejections or (read is not None and read.rejections):
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def report(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("storyline-report.html"),
    since: SinceOption = None,
) -> None:
    """Write the self-contained HTML report (one file, no network request).

    Every story with its cited summary, timeline, entities, sources and why each article belongs.

    With --since TIME, what is new since then: the stories changed since come first in the list,
    each marked with its count of new articles, and their pages show the update summary (what
    the new articles add) and mark the new articles and the timeline entries only they tell.
    The other stories stay in the report, unmarked.

    Example: storyline report --output report.html

    Example: storyline report --since 1w --output this-week.html
    """
    from .render import write_report
    from .store.reads import changed_stories

    when = _since(since)
    store = _open(db, must_exist=True)
    path = write_report(store, output, since=when)
    n = 0 if when is None else len(changed_stories(store, when))
    changed = "" if when is None else f" ({n} stor{'y' if n == 1 else 'ies'} changed since {when})"
    store.close()
    say(f"wrote {escape(str(path))}{changed}")


# `stories`, `show` and `search` exit with this when there is nothing to show; the line on stderr says why.
EXIT_NOTHING = 1


class StorySort(str, Enum):  # store.reads.STORY_SORTS: the web app's sorts
    articles = "articles"
    newest = "newest"
    oldest = "oldest"
    title = "title"
    changed = "changed"


def _nothing(why: str) -> None:
    say(escape(why))
    raise typer.Exit(EXIT_NOTHING)


def _no_stories_yet(store: Store) -> str | None:
    """Why a store has no story to show, or None when it has some."""
    counts = store.counts()
    if not counts["articles"]:
        return f"no stories yet: {store.path} holds no articles; run `storyline add PATH`, then `storyline build`"
    if not counts["stories"]:
        return f"no stories yet: {counts['articles']} articles stored but not built; run `storyline build`"
    return None


@app.command()
def stories(
    db: DbOption = None,
    query: Annotated[Optional[str], typer.Option(
        "--query", help="Only stories whose title or leading entities' names hold every word of it (any case).",
        show_default=False)] = None,
    entity: Annotated[Optional[str], typer.Option(
        help="Only stories that name this entity (a name, an alias or an entity id).", show_default=False)] = None,
    outlet: Annotated[Optional[str], typer.Option(
        help="Only stories with an article from this outlet.", show_default=False)] = None,
    date_from: Annotated[Optional[str], typer.Option(
        "--from", metavar="DATE", help="Only stories that run on or after DATE (2018-11-01, or a month: 2018-11).",
        show_default=False)] = None,
    date_to: Annotated[Optional[str], typer.Option(
        "--to", metavar="DATE", help="Only stories that began on or before DATE (2018-12 takes in all of December).",
        show_default=False)] = None,
    since: SinceOption = None,
    sort: Annotated[StorySort, typer.Option(
        metavar="ORDER", help="articles (most first), newest or oldest (by last or first date), title, or changed "
        "(last changed first).")] = StorySort.articles,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", "-n", help="Show at most this many stories (default: all).", min=1, show_default=False)] = None,
    format: Annotated[ViewFormat, typer.Option("--format", help="text (a table) or json (one object).")] = ViewFormat.text,
) -> None:
    """List the stories: id, title, articles, first and last date, and when a build last changed each.

    The filters are those of the web app's story list, and combine: a story is listed when it passes
    every one given.

    Exit status: 0 when a story is listed; 1 when none is (a line on stderr says why: no store, no
    stories yet, or none passes the filters); 2 for a bad option.

    Output (json): {"stories": [{"id", "title", "article_count", "first_published", "last_published",
    "changed_at", "outlets", "entities"}]}

    Example: storyline stories --sort newest --limit 3

    Example: storyline stories --query summit
    """
    from .render.context import story_list_page
    from .render.terminal import print_story_list

    when = _since(since)
    for name, value in (("--from", date_from), ("--to", date_to)):
        if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            fail(f"{name} must be a day, a month or a year (2018-11-01, 2018-11, 2018), got {value!r}", 2)
    store = _open(db, must_exist=True)
    try:
        page = story_list_page(store, entity, outlet, date_from, date_to, sort.value, when, query)
        rows = [s for s in page["stories"] if when is None or s["changed"]][:limit]
        empty = _no_stories_yet(store) if not rows else None
        total = page["counts"]["stories"]
    finally:
        store.close()
    if empty:
        _nothing(empty)
    if not rows:
        given = {"--query": query, "--entity": entity, "--outlet": outlet, "--from": date_from, "--to": date_to,
                 "--since": since}
        _nothing(f"no story passes {' '.join(f'{k} {v!r}' for k, v in given.items() if v)} "
                 f"(of {total} stor{'y' if total == 1 else 'ies'} in the store)")
    if format is ViewFormat.json:
        sys.stdout.write(json.dumps({"stories": rows}, ensure_ascii=False) + "\n")
    else:
        print_story_list(rows, out)


@app.command()
def show(
    story: Annotated[str, typer.Argument(
        metavar="STORY", help="A story id, as `storyline stories` lists it; the id of a story since merged into "
        "another finds that one.", show_default=False)],
    db: DbOption = None,
    limit: Annotated[Optional[int], typer.Option(
        "--limit", "-n", help="At most this many timeline entries, quotes and developments (default: all).", min=1,
        show_default=False)] = None,
    format: Annotated[ViewFormat, typer.Option(
        "--format", help="text, or json: the web app's /api/stories/STORY object.")] = ViewFormat.text,
) -> None:
    """Show one story in the terminal: its timeline, summary, quotes and developments, each with its citations, and its numbered sources.

    A citation [N:START-END] is source N of the list at the end, characters START to END of its
    text: the offsets the exports and the web app's article pages use ([N:captions:START-END] for an
    image caption).

    Exit status: 0 when the story is shown; 1 when there is no story with that id (or no store); 2
    for a bad option.

    Example: storyline show s-3386320aae
    """
    from .render.context import story_page
    from .render.terminal import print_story_page

    store = _open(db, must_exist=True)
    try:
        page = story_page(store, story)
        why = None if page else (_no_stories_yet(store)
                                 or f"no story with id {story!r}: `storyline stories` lists them")
    finally:
        store.close()
    if why:
        _nothing(why)
    if page["id"] != story:
        say(escape(f"{story} was merged into {page['id']}: showing {page['id']}"))
    if format is ViewFormat.json:
        sys.stdout.write(json.dumps(page, ensure_ascii=False) + "\n")
    else:
        print_story_page(page, out, limit)


@app.command()
def search(
    query: Annotated[str, typer.Argument(
        metavar="QUERY", help="Words that must all occur (any case; \"quoted words\" as a phrase), or an article id.",
        show_default=False)],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", help="At most this many articles, and this many sentences.", min=1)] = 20,
    format: Annotated[ViewFormat, typer.Option(
        "--format", help="text, or json: the web app's /api/search object.")] = ViewFormat.text,
) -> None:
    """Search the stored articles and their sentences, as the web app's search does: best matches first, with the matching words marked.

    Each sentence is shown as ARTICLE:START-END, its place in that article's text.

    Exit status: 0 when something matches; 1 when nothing does (or there is no store); 2 for an empty query.

    Example: storyline search "Kim Jong Un"

    Example: storyline search summit --limit 5 --format json
    """
    from .render.context import search_page
    from .render.terminal import print_search

    if not query.strip(' "'):
        fail("give the words to search for, e.g. storyline search \"Kim Jong Un\"", 2)
    store = _open(db, must_exist=True)
    try:
        found = search_page(store, query, limit)
        n = store.counts()["articles"]
    finally:
        store.close()
    if not found["articles"] and not found["sentences"]:
        _nothing(f"no match for {query!r} in {n} article{'' if n == 1 else 's'}"
                 if n else "no match: the store holds no articles yet; run `storyline add PATH`")
    if format is ViewFormat.json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
    else:
        print_search(found, out)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless --allow-remote).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Allow an address beyond loopback: anyone who can reach it reads the store.")] = False,
) -> None:
    """Serve the web app: story list, story, article and entity pages, search, and a JSON API under /api.

    Read-only; keeps serving while `storyline build` runs. Binds 127.0.0.1 unless told otherwise.

    Example: storyline serve --port 8000

    Then open http://127.0.0.1:8000/ in a browser.
    """
    from .web import check_host
    from .web import serve as run_server

    try:
        check_host(host, allow_remote)
    except StorylineError as exc:
        fail(str(exc), 2)
    path = _db(db)
    store = _open(db, must_exist=True)
    say(f"serving {escape(store.path)} on http://{escape(host)}:{port}/ (Ctrl-C to stop)")
    store.close()
    run_server(path, host, port, allow_remote)


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="Where to put the demo store and report.")] = Path("storyline-demo"),
) -> None:
    """Run the whole pipeline on the bundled examples and write the report.

    The examples (src/storyline/examples in a checkout) are the two seed articles on a second
    Trump-Kim summit and 39 Wikinews articles; the seed story is shown in the terminal, as
    `storyline show` shows it.

    Example: storyline demo --dir my-demo
    """
    from .demo import example_inputs
    from .render import print_story_page, write_report
    from .render.context import story_page

    directory.mkdir(parents=True, exist_ok=True)
    store = _open(directory / "storyline.db")
    with _progress_bars() as progress:
        added = pipeline.add(store, [str(p) for p in example_inputs()], Config(), progress)
        pipeline.build(store, Config(), progress)
    for rejection in added.rejected:
        say(f"[red]rejected[/red] {escape(str(rejection))}")
    path = write_report(store, directory / "storyline-report.html")
    stories = store.stories()
    seed = next((s for s in stories if any(a.startswith("000_") for a in s.article_ids)), stories[0] if stories else None)
    if seed:
        print_story_page(story_page(store, seed.id), out, limit=DEMO_ENTRIES)
    out.print(f"\n{len(stories)} stories from {store.counts()['articles']} articles. "
              f"Report: [bold]{path.resolve()}[/bold]", highlight=False)
    store.close()
