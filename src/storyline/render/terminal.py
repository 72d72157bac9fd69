"""The terminal views (rich): the story list, one story and search results, drawn from the same
page dicts as the web app's pages (``render.context``), so the terminal shows what the app shows.

A citation is ``[N:START-END]``: source N of the story's numbered sources, characters START to
END of that article's text (``[N:captions:START-END]`` in its captions), the offsets every export
and the article pages use.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def cite(c: dict) -> str:
    field = "" if c.get("field", "text") == "text" else f"{c['field']}:"
    return f"[{c['number']}:{field}{c['start']}-{c['end']}]"


def _cites(cites: list[dict]) -> str:
    """Citations as rich markup, dimmed, brackets escaped."""
    return f" [dim]{escape(' '.join(cite(c) for c in cites))}[/dim]" if cites else ""


def _span(first: str | None, last: str | None) -> str:
    if first and last and first != last:
        return f"{first} to {last}"
    return first or last or "undated"


def print_story_list(stories: list[dict], console: Console) -> None:
    """The story list as a table: what ``storyline stories`` shows."""
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, collapse_padding=True)
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("articles", justify="right")
    table.add_column("first", no_wrap=True)
    table.add_column("last", no_wrap=True)
    table.add_column("changed (UTC)", no_wrap=True)
    for s in stories:
        changed = (s.get("changed_at") or "")[:16].replace("T", " ")
        table.add_row(escape(s["id"]), escape(s["title"] or ""), str(s["article_count"]),
                      s["first_published"] or "", s["last_published"] or "", changed)
    console.print(table)


def _heading(console: Console, name: str, shown: int, total: int, rest: str = "") -> None:
    console.print()
    more = f" [dim](first {shown} of {total}{escape(rest)})[/dim]" if shown < total else ""
    console.print(f"[bold]{escape(name)}[/bold]{more}")


def _rows(console: Console, rows: list[tuple[str, str]], left_style: str | None = None) -> None:
    """Two columns, the right one wrapping under itself (a hanging indent): bullets or dates."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=left_style)
    grid.add_column(ratio=1)
    for left, right in rows:
        grid.add_row(left, right)
    console.print(grid)


def _quote(q: dict) -> str:
    content = q["content"].strip().strip('“”"')
    return f"“{escape(content)}”" if q["direct"] else f"{escape(content)} [dim](reported)[/dim]"


def print_story_page(page: dict, console: Console, limit: int | None = None) -> None:
    """One story, as the web app's story page has it: heading, timeline, summary, quotes by
    speaker, developments and the numbered sources; ``limit`` entries per section (all when None)."""

    def first(items: list) -> list:
        return items if limit is None else items[:limit]

    n = page["article_count"]
    meta = f"{n} article{'' if n == 1 else 's'} · {_span(page['first_published'], page['last_published'])}"
    outlets = f"\n{escape(', '.join(page['outlets']))}" if page["outlets"] else ""
    console.print(Panel.fit(f"[bold]{escape(page['title'] or '')}[/bold]\n{escape(meta)}{outlets}",
                            title=escape(page["id"])))
    timeline = page["timeline"]
    _heading(console, "Timeline", len(first(timeline)), len(timeline))
    if timeline:
        _rows(console, [(escape(e["date"]), escape(e["text"]) + _cites(e["cites"])) for e in first(timeline)], "bold")
    else:
        console.print("  [dim]No dated events.[/dim]")
    if page["summary"]:
        _heading(console, "Summary", len(page["summary"]), len(page["summary"]))
        _rows(console, [("  •", escape(s["text"]) + _cites(s["cites"])) for s in page["summary"]])
    quotes = [(g["speaker"], q) for g in page["quotes"] for q in g["quotes"]]
    if quotes:
        _heading(console, "Quotes", len(first(quotes)), len(quotes) + page.get("quotes_more", 0),
                 "; all of them: storyline export quotes")
        rows, speaker = [], None
        for who, q in first(quotes):
            if who != speaker:
                rows.append(("  •", f"[bold]{escape(who)}[/bold]"))
                speaker = who
            rows.append(("   ", f"{_quote(q)}{_cites(q['cites'])}"))
        _rows(console, rows)
    if page["developments"]:
        _heading(console, "Developments", len(first(page["developments"])), len(page["developments"]))
        rows = []
        for d in first(page["developments"]):
            rows.append(("  •", f"[bold]{escape(d['subject'])}[/bold] [dim]{escape(d.get('kind') or '')}[/dim]"))
            rows += [("   ", f"{escape(c.get('date') or 'undated')}: {escape(c.get('text') or '')}{_cites(c['cites'])}")
                     for c in d["claims"]]
        _rows(console, rows)
    _heading(console, "Sources", len(page["sources"]), len(page["sources"]))
    rows = []
    for a in page["sources"]:
        about = " · ".join(x for x in (a["source"], a["published"], a["title"]) if x)
        rows.append((f"  \\[{a['number']}]", escape(a["id"]) + (f" [dim]{escape(about)}[/dim]" if about else "")))
    _rows(console, rows)


def _snippet(pieces: list[dict]) -> Text:
    """A search snippet with its hits in bold."""
    text = Text()
    for p in pieces:
        text.append(p["text"], style="bold" if p["hit"] else None)
    return text


def print_search(found: dict, console: Console) -> None:
    """Search results: the matching articles, then the matching sentences with their offsets."""
    if found["articles"]:
        console.print(f"[bold]Articles[/bold] [dim]({len(found['articles'])})[/dim]")
        for a in found["articles"]:
            about = " · ".join(x for x in (a["source"], a["published"]) if x)
            head = Text("  ")
            head.append(a["id"], style="cyan")
            if about:
                head.append(f"  {about}", style="dim")
            console.print(head)
            title = _snippet(a["title_snippet"]) if a["title_snippet"] else Text(a["title"] or "")
            if title.plain:
                console.print(Text("    ").append(title))
            console.print(Text("    ").append(_snippet(a["snippet"])))
    if found["sentences"]:
        if found["articles"]:
            console.print()
        console.print(f"[bold]Sentences[/bold] [dim]({len(found['sentences'])})[/dim]")
        for s in found["sentences"]:
            field = "" if s["field"] == "text" else f"{s['field']}:"
            line = Text("  ")
            line.append(f"{s['article']}:{field}{s['start']}-{s['end']}", style="cyan")
            console.print(line)
            console.print(Text("    ").append(_snippet(s["snippet"])))
