"""Renderers shared by the report and the web app (HTML pages from one set of templates) and a terminal view."""

from .report import render_report, write_report
from .terminal import print_story

__all__ = ["render_report", "write_report", "print_story"]
