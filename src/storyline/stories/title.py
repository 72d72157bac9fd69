"""Story titles: a short headline taken from the story's most central article."""

from __future__ import annotations

import re

MAX_WORDS = 22


def headline(sentence: str, max_words: int = MAX_WORDS) -> str:
    """Shorten a lead sentence to a headline: cut at a clause break, drop the final period."""
    text = re.sub(r"\s+", " ", sentence).strip().rstrip(".")
    words = text.split(" ")
    if len(words) <= max_words:
        return text
    head = " ".join(words[:max_words])
    for mark in (", perhaps", ", after", ", as", ", which", ", but", ", while", ", and", " — ", " - ", "; ", ", "):
        cut = head.rfind(mark)
        if cut > 30:
            return head[:cut].rstrip(" ,;—-")
    return head + "…"
