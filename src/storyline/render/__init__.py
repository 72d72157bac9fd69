"""Renderers shared by the report and the web app (HTML pages from one set of templates) and the terminal views."""

from .report import render_report, write_report
from .terminal import print_search, print_story_list, print_story_page

__all__ = ["render_report", "write_report", "print_search", "print_story_list", "print_story_page"]
