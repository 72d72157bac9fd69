"""Entity mentions from spaCy's NER, as spans of the stored text."""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Mention

# Named things storyline resolves into entities; numbers, money and dates are handled elsewhere.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})

_STRIP = " \t\n'\"“”‘’.,;:()[]"


def mentions_from_doc(doc: Doc, article_id: str, field: str = "text", offset: int = 0) -> list[Mention]:
    """Named-entity mentions, trimmed of quotes, punctuation and a possessive "'s"; ``offset`` is
    where ``doc`` starts in the article's text."""
    out: list[Mention] = []
    text = doc.text
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end = ent.start_char, ent.end_char
        while start < end and text[start] in _STRIP:
            start += 1
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
        while end > start and text[end - 1] in _STRIP:
            end -= 1
        # a name starts with a capital or a digit; "un" (cut from "Kim Jong-un") or "dovish" is a slip
        if start < end and (text[start].isupper() or text[start].isdigit()) and any(ch.isalpha() for ch in text[start:end]):
            out.append(Mention(article_id, start + offset, end + offset, text[start:end], ent.label_, field))
    return out
