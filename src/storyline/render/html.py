"""The HTML side shared by the report and the web app: one Jinja environment, the links of each
(paths in the app, in-page anchors in the report), and an article's text with its annotations
marked up. Every piece of article text goes through ``escape``; only http(s) URLs become links.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .context import article_key, span_id


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storyline.render", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["article_html"] = article_html
    return env


def script_hash(env: Environment) -> str:
    """The CSP source that allows exactly our inline script and nothing else."""
    source = env.get_template("list.js").render()
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


class AppLinks:
    """Links between the web app's pages."""

    report = False

    def home(self) -> str:
        return "/"

    def story(self, story_id: str, since: str | None = None) -> str:
        """The story's page; with ``since``, its "new since" view."""
        return f"/stories/{quote(story_id, safe='')}" + (f"?since={quote(since, safe='')}" if since else "")

    def article(self, article_id: str, anchor: str | None = None) -> str:
        return f"/articles/{quote(article_id, safe='/')}" + (f"#{anchor}" if anchor else "")

    def entity(self, entity_id: str) -> str:
        return f"/entities/{quote(entity_id, safe='')}"


class ReportLinks:
    """Links inside the one-file report: every page is a section reached by its anchor."""

    report = True

    def home(self) -> str:
        return "#stories"

    def story(self, story_id: str, since: str | None = None) -> str:
        """The story's section (a report made with ``--since`` shows every page as of that time)."""
        return f"#story-{story_id}"

    def article(self, article_id: str, anchor: str | None = None) -> str:
        return f"#{anchor or article_key(article_id)}"

    def entity(self, entity_id: str) -> str:
        return f"#entity-{entity_id}"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    rank: int  # outer spans first when two start together
    open: Markup
    close: Markup


def _spans(page: dict, field: str, links) -> list[_Span]:
    aid = page["id"]
    spans: list[_Span] = []
    targets: dict[tuple[int, int], set[str]] = {}
    for s in page["sentences"]:
        if s["field"] == field:
            targets.setdefault((s["start"], s["end"]), set()).add("sent")
    for c in page["citations"]:
        if c["field"] == field:
            targets.setdefault((c["start"], c["end"]), set()).add("cited")
    for q in page.get("quotes", ()):  # quotes and event sentences are cited from the story page
        content = q.get("content")
        if isinstance(content, dict) and content.get("field", "text") == field and isinstance(content.get("start"), int):
            targets.setdefault((content["start"], content["end"]), set()).add("quoted")
    for e in page.get("events", ()):
        sentence = e.get("sentence")
        if e.get("field", "text") == field and isinstance(sentence, dict) and isinstance(sentence.get("start"), int):
            targets.setdefault((sentence["start"], sentence["end"]), set()).add("event")
    for (start, end), classes in targets.items():
        spans.append(_Span(start, end, 0, Markup('<span id="{}" class="{}">').format(
            span_id(aid, field, start, end), " ".join(sorted(classes))), Markup("</span>")))
    for q in page.get("quotes", ()):
        content = q.get("content")
        if isinstance(content, dict) and content.get("field", "text") == field and isinstance(content.get("start"), int):
            speaker = q.get("speaker") or {}
            who = (speaker.get("canonical") or speaker.get("text") or "") if isinstance(speaker, dict) else str(speaker)
            spans.append(_Span(content["start"], content["end"], 1, Markup('<span class="quote" title="{}">').format(
                f"quote: {who}"), Markup("</span>")))
    for m in page["mentions"]:
        if m["field"] == field:
            title = f"{m['label']}: {m['entity'] or m['text']}"
            if m["entity_id"]:
                opening = Markup('<a class="ent ent-{}" href="{}" title="{}">').format(
                    m["label"], links.entity(m["entity_id"]), title)
                spans.append(_Span(m["start"], m["end"], 2, opening, Markup("</a>")))
            else:
                spans.append(_Span(m["start"], m["end"], 2, Markup('<span class="ent ent-{}" title="{}">').format(
                    m["label"], title), Markup("</span>")))
    for t in page["timexes"]:
        if t["field"] == field:
            title = f"{t['type']} {t['value'] or 'unresolved'}" + (
                f" ({t['earliest']} to {t['latest']})" if t["earliest"] and t["earliest"] != t["latest"] else "")
            spans.append(_Span(t["start"], t["end"], 2, Markup('<time class="timex" title="{}">').format(title),
                               Markup("</time>")))
    return spans


def article_html(page: dict, field: str, links) -> Markup:
    """The article's ``field`` text with its sentences (as link targets), citations, quotes,
    entity mentions and time expressions marked; a span that crosses its enclosing one is cut at
    the enclosing one's end, so the markup always nests."""
    text = page["text"] if field == "text" else page["captions"]
    spans = sorted((s for s in _spans(page, field, links) if 0 <= s.start < s.end <= len(text)),
                   key=lambda s: (s.start, s.rank, -s.end))
    out: list[str] = []
    stack: list[_Span] = []  # open spans, each with its (possibly cut) end
    ends: list[int] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and ends[-1] <= limit:
            out.append(escape(text[pos:ends[-1]]))
            pos = ends[-1]
            out.append(stack.pop().close)
            ends.pop()

    for s in spans:
        close_until(s.start)
        end = min(s.end, ends[-1]) if ends else s.end
        if end <= s.start:
            continue
        out.append(escape(text[pos:s.start]))
        pos = s.start
        out.append(s.open)
        stack.append(s)
        ends.append(end)
    close_until(len(text))
    out.append(escape(text[pos:]))
    return Markup("".join(out))
