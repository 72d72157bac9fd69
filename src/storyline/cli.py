"""The storyline command. Each command parses its options, calls one library function and prints
the result; no SQL and no NLP happen here."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import pipeline
from .config import Config
from .errors import StorylineError
from .export import EVENT_COLUMNS, event_record, event_row, story_record
from .store import Store, default_db_path

app = typer.Typer(
    name="storyline",
    help="Turn news articles into stories: timelines, cited summaries and developments, with provenance.\n\n"
    "Start with: storyline add ARTICLES/ && storyline build && storyline report",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export what the store holds, one JSON object per line.", no_args_is_help=True)
app.add_typer(export_app, name="export")

out = Console()
err = Console(stderr=True)

# `add` exits with this when any input was rejected (everything else was still stored).
EXIT_REJECTED = 3

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="The store (SQLite file). Default: $STORYLINE_DB or ./storyline.db.", show_default=False),
]


class ExportFormat(str, Enum):
    jsonl = "jsonl"


class TableFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def say(message: str) -> None:
    """One line to stderr, never wrapped, so each message stays one line in logs."""
    err.print(message, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> None:
    say(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(code)


def _db(db: Path | None) -> str:
    return str(db) if db else default_db_path()


def _open(db: Path | None, must_exist: bool = False) -> Store:
    path = _db(db)
    if must_exist and not Path(path).exists():
        fail(f"no store at {path}: run `storyline add PATH` and `storyline build` first, or pass --db")
    try:
        return Store(path)
    except StorylineError as exc:
        fail(str(exc))


@contextmanager
def _progress_bars(enabled: bool = True):
    """A rich progress bar per stage; yields a ``pipeline.Progress`` callback."""
    bars = Progress(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, disable=not enabled, transient=False)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bars.add_task(stage, total=total)
        bars.update(tasks[stage], completed=done, total=total)

    with bars:
        yield update


def _parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", text.lower())
    if not m:
        raise typer.BadParameter(f"{text!r} is not a size; use bytes or a unit, e.g. 20MB or 500kB")
    return int(float(m[1]) * {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m[2]])


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively): .txt, .jsonl, .html, RSS/Atom, .warc(.gz).", show_default=False)],
    db: DbOption = None,
    max_size: Annotated[str, typer.Option(help="Reject files larger than this.")] = "20MB",
    encoding_errors: Annotated[str, typer.Option(help="Invalid UTF-8: 'reject' the file, or 'replace' bad bytes with U+FFFD.")] = "reject",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest articles: clean them, date them and store each once.

    A file's id is its path relative to the folder given. A YYYY-MM-DD folder name dates the
    articles in it when they carry no date; a meta.jsonl beside text files ({"file", "source",
    "url", "published", "title"}) gives their metadata. Adding the same article again changes
    nothing. Every bad input is reported on one line naming the file and the reason, and the rest
    of the batch goes on.

    Exit status: 0 when every input was stored (or already was), 3 when any input was rejected.

    Example: storyline add ../shared/seeds articles.jsonl feed.xml
    """
    if encoding_errors not in ("reject", "replace"):
        fail("--encoding-errors must be 'reject' or 'replace'", 2)
    config = Config(max_file_bytes=_parse_size(max_size), encoding_errors=encoding_errors)
    store = _open(db)
    with _progress_bars(not quiet) as progress:
        report = pipeline.add(store, [str(p) for p in paths], config, progress)
    for rejection in report.rejected:
        say(f"[red]rejected[/red] {escape(str(rejection))}")
    say(f"{len(report.stored)} stored, {len(report.unchanged)} already stored, {len(report.rejected)} rejected "
        f"({report.files} files) in {escape(store.path)}")
    store.close()
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def build(
    db: DbOption = None,
    processes: Annotated[int, typer.Option(help="spaCy worker processes for annotation.", min=1)] = 1,
    commit_every: Annotated[int, typer.Option(help="Articles annotated per transaction (what a killed build can lose).", min=1)] = 64,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run every stage that has work to do: annotate new articles, then rebuild the stories.

    Incremental: articles already annotated are not annotated again, and stories are rebuilt only
    when an article changed. A build that was killed resumes where it stopped.

    Example: storyline build --db news.db --processes 2
    """
    store = _open(db, must_exist=True)
    with _progress_bars(not quiet) as progress:
        try:
            report = pipeline.build(store, Config(annotate_processes=processes, commit_every=commit_every), progress)
        except StorylineError as exc:
            fail(str(exc))
    counts = store.counts()
    state = "rebuilt" if report.stories is not None else "up to date"
    say(f"annotated {report.annotated} articles; {counts['stories']} stories ({state}) "
        f"from {counts['articles']} articles in {report.seconds:.1f}s")
    store.close()


@export_app.command("stories")
def export_stories(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.jsonl,
    db: DbOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """One JSON line per story, every fact with its sources.

    Each line has the story's id, title, articles, summary and timeline with their sources (article
    id and character offsets), entities with aliases, and why each article belongs.

    Example: storyline export stories --format jsonl > stories.jsonl
    """
    store = _open(db, must_exist=True)
    lines = [json.dumps(story_record(s), ensure_ascii=False) for s in store.stories()]
    store.close()
    text = "".join(line + "\n" for line in lines)
    if output:
        output.write_text(text, encoding="utf-8")
        say(f"wrote {len(lines)} stories to {escape(str(output))}")
    else:
        sys.stdout.write(text)


@export_app.command("events")
def export_events(
    format: Annotated[TableFormat, typer.Option("--format", help="Output format: one JSON object per line, or CSV.")] = TableFormat.jsonl,
    db: DbOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """One row per event (who did what to whom), with its provenance.

    Each event has its PLOVER type, mode (asserted, intended, negated), trigger, actor and target
    (text, canonical name, offsets), date and place, drawn from one sentence, and the article id
    with character offsets. JSONL rows have the `storyline annotate` event shape plus "article";
    CSV rows are flat, one column per field.

    Example: storyline export events --format csv > events.csv
    """
    store = _open(db, must_exist=True)
    events = store.events()
    store.close()
    buffer = io.StringIO()
    if format == TableFormat.csv:
        writer = csv.DictWriter(buffer, fieldnames=EVENT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(event_row(e) for e in events)
    else:
        for e in events:
            buffer.write(json.dumps(event_record(e, with_article=True), ensure_ascii=False) + "\n")
    if output:
        output.write_text(buffer.getvalue(), encoding="utf-8")
        say(f"wrote {len(events)} events to {escape(str(output))}")
    else:
        sys.stdout.write(buffer.getvalue())


@app.command()
def annotate(
    file: Annotated[str, typer.Argument(help="A JSONL file of {\"id\", \"text\", \"published\"?} lines, or - for stdin.")] = "-",
) -> None:
    """Annotate JSONL without a store: sentences, entities, time expressions, quotes and events per line.

    One JSON line out per line in, with character offsets into that line's text as given. Time
    expressions are resolved against the line's "published" date when it has one.

    Example: echo '{"id": "a", "text": "Trump spoke on Tuesday.", "published": "2018-10-10"}' | storyline annotate
    """
    from .annotate.records import annotate_lines

    if file != "-" and not os.path.isfile(file):
        fail(f"{file}: no such file")
    errors: list = []
    stream = (io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace") if file == "-"
              else open(file, encoding="utf-8", errors="replace"))
    try:
        with stream:
            for record in annotate_lines(stream, errors=errors):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    except StorylineError as exc:
        fail(str(exc))
    for exc in errors:
        say(f"[red]rejected[/red] {escape(file if file != '-' else '<stdin>')}:{exc.line}: {escape(exc.message)}")
    if errors:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def report(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("storyline-report.html"),
) -> None:
    """Write the self-contained HTML report (one file, no network request).

    Every story with its cited summary, timeline, entities, sources and why each article belongs.

    Example: storyline report --output report.html
    """
    from .render import write_report

    store = _open(db, must_exist=True)
    path = write_report(store, output)
    store.close()
    say(f"wrote {escape(str(path))}")


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="Where to put the demo store and report.")] = Path("storyline-demo"),
) -> None:
    """Run the whole pipeline on the bundled examples and write the report.

    The examples are the two seed articles on a second Trump-Kim summit and 39 Wikinews articles;
    the seed story is shown in the terminal.

    Example: storyline demo --dir /tmp/demo
    """
    from .demo import example_inputs
    from .render import print_story, write_report

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
        print_story(seed, out)
    out.print(f"\n{len(stories)} stories from {store.counts()['articles']} articles. "
              f"Report: [bold]{path.resolve()}[/bold]", highlight=False)
    store.close()
