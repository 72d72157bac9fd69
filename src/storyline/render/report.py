"""The self-contained HTML report: one file, inline CSS, no network request."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..store import Store
from .context import story_views


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("storyline.render", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(store: Store) -> str:
    template = _environment().get_template("report.html.j2")
    views = story_views(store)
    counts = store.counts()
    return template.render(views=views, counts=counts, rejections=store.rejections())


def write_report(store: Store, output: str | Path) -> Path:
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(store), encoding="utf-8")
    return path
