"""Help that reads well at any width. Typer's rich help keeps each line break of a docstring and
then wraps the lines again to the terminal, which leaves orphan fragments ("dates the" alone on a
line); it reads square brackets as markup (``storyline[spark]`` loses ``[spark]``); and it shows a
flag's type (``<bool>``) as if the flag took a value. The command classes here hand rich whole
paragraphs of plain text, and show a flag as a flag."""

from __future__ import annotations

import inspect
import re

import typer
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup


def plain_paragraphs(text: str | None) -> str | None:
    """A docstring as rich should get it: each paragraph (blank-line separated) on one line, for
    rich to wrap to the terminal, and brackets escaped so that they are shown, not read as styles."""
    if not text:
        return text
    paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(text))
    return "\n\n".join(escape(" ".join(p.split())) for p in paragraphs if p.strip())


class _PlainHelp:
    """What the command and the group share: plain help, flags without a value type."""

    def _plain_help(self) -> None:
        self.help = plain_paragraphs(self.help)
        for param in self.params:
            if getattr(param, "help", None):
                param.help = escape(param.help)

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:  # --help included: click adds it here
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""  # rich then shows no type; a flag takes no value
        return params


class Command(_PlainHelp, TyperCommand):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._plain_help()


class Group(_PlainHelp, TyperGroup):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._plain_help()


class App(typer.Typer):
    """A Typer whose commands and groups use the classes above."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(*args, **kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
