"""Entity mentions from spaCy's NER, as spans of the stored text, with the small model's known
slips repaired: names cut at a hyphen ("Moon Jae" for "Moon Jae-in"), places tagged as people
("Yongbyon nuclear complex") or as facilities ("Buenos Aires"), "G-20" as a product and
"Group of 20" cut to "Group of"."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..model import Mention

# Named things storyline resolves into entities; numbers, money and dates are handled elsewhere.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})

_STRIP = " \t\n'\"“”‘’.,;:()[]"
_HYPHEN_TAIL = re.compile(r"-[a-z]{1,6}\b")  # "-in" of "Moon Jae-in", "-un" of "Kim Jong-un"
_GROUP_OF = re.compile(r"\s*\d{1,3}\b")  # the "20" that spaCy leaves off "Group of 20"
_BLOC = re.compile(r"^(?:G|E|P)-?\d{1,2}$")  # G-20, G7, E3, P5
_PLACE_AFTER = re.compile(
    r"\s+(?:nuclear\s+)?(?:complex|facility|facilities|site|plant|reactor|base|province|region|county|district|"
    r"city|town|village|valley|river|peninsula|island|border|airport|port)\b", re.I)
_FACILITY_WORDS = re.compile(
    r"\b(?:airport|bridge|stadium|arena|hospital|building|tower|towers|street|road|avenue|square|hall|cent(?:er|re)|"
    r"palace|prison|jail|base|station|house|court|museum|park|plant|complex|reactor|dam|canal|highway|mall|"
    r"hotel|church|mosque|temple|cathedral|school|college|university|camp|port|pipeline|well|rig|platform)\b", re.I)


def repair(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """Fix one mention's span and label where the small English model is known to slip."""
    if label in ("PERSON", "ORG", "GPE", "NORP") and _HYPHEN_TAIL.match(text, end):
        end = _HYPHEN_TAIL.match(text, end).end()
    surface = text[start:end]
    if surface.lower().endswith("group of") and _GROUP_OF.match(text, end):
        end = _GROUP_OF.match(text, end).end()
        return start, end, "ORG"
    if _BLOC.match(surface):
        return start, end, "ORG"
    if label == "PERSON" and " " not in surface and _PLACE_AFTER.match(text, end):
        return start, end, "FAC" if re.match(r"\s+(?:nuclear\s+)?(?:complex|facility|site|plant|reactor|base|airport|port)", text[end:end + 30], re.I) else "GPE"
    if label == "FAC" and not _FACILITY_WORDS.search(surface):
        return start, end, "GPE"
    return start, end, label


def mentions_from_doc(doc: Doc, article_id: str, field: str = "text", offset: int = 0) -> list[Mention]:
    """Named-entity mentions, repaired, trimmed of quotes, punctuation and a possessive "'s";
    ``offset`` is where ``doc`` starts in the article's text."""
    out: list[Mention] = []
    text = doc.text
    for ent in doc.ents:
        label = ent.label_
        if label not in ENTITY_LABELS and not (label in ("CARDINAL", "MONEY") and _BLOC.match(ent.text)):
            continue
        start, end, label = repair(text, ent.start_char, ent.end_char, label)
        while start < end and text[start] in _STRIP:
            start += 1
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
        while end > start and text[end - 1] in _STRIP:
            end -= 1
        # a name starts with a capital or a digit; "un" (cut from "Kim Jong-un") or "dovish" is a slip
        if start < end and (text[start].isupper() or text[start].isdigit()) and any(ch.isalpha() for ch in text[start:end]):
            out.append(Mention(article_id, start + offset, end + offset, text[start:end], label, field))
    return out
