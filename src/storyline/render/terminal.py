"""A short text view of a story for the terminal (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from ..model import Story


def print_story(story: Story, console: Console | None = None, max_entries: int = 8) -> None:
    console = console or Console()
    number = {a: i for i, a in enumerate(story.article_ids, start=1)}

    def refs(citations) -> str:
        return "".join(f"[{n}]" for n in sorted({number[c.article_id] for c in citations if c.article_id in number}))

    span = " to ".join(d for d in (story.first_published, story.last_published) if d)
    n = len(story.article_ids)
    articles = f"{n} article" + ("" if n == 1 else "s")
    console.print(Panel.fit(f"[bold]{escape(story.title)}[/bold]\n{articles} · {span}", title=story.id))
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("what happened")
    for entry in story.timeline[:max_entries]:
        text = entry.text if len(entry.text) < 160 else entry.text[:157] + "..."
        table.add_row(entry.date, f"{escape(text)} [dim]{escape(refs(entry.citations))}[/dim]")
    if story.timeline:
        console.print(table)
    if story.summary:
        console.print("[bold]Summary[/bold]")
        for s in story.summary:
            console.print(f"  • {escape(s.text)} [dim]{escape(refs(s.citations))}[/dim]")
    if story.developments:
        console.print("[bold]Developments[/bold]")
        for d in story.developments[:max_entries]:
            steps = " -> ".join(f"{c.value} ({c.published or 'undated'}) {refs((c.citation,))}" for c in d.claims)
            console.print(f"  • [bold]{escape(d.subject)}[/bold]: {escape(steps)}")
    console.print("[bold]Sources[/bold] " + escape("  ".join(f"[{n}] {a}" for a, n in number.items())))
