"""Clean article text: tokenizer escapes and spacing, page furniture (reader comments, promos,
bylines, related links), whitespace, image captions and photo credits, repeated lines, datelines.

The cleaned body is what storyline stores and what every offset points into; captions are kept
aside (without their credits) because they often carry the one exact date of an event, and the
dateline is kept as metadata rather than body text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .boilerplate import strip_furniture
from .ptb import restore

_SPACES = re.compile(r"[ \t\x0b\x0c\x85\u00a0\u2000-\u200a\u202f\u205f\u3000]+")  # a form feed or NEL too
# Zero-width characters, and control characters (NUL, ESC, DEL, C1...): no text, and PostgreSQL refuses NUL.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

# "... Picture: REUTERS/JONATHAN ERNST", "... Image: iStock", "Photo: Jane Doe/AP"
_CREDIT_LABEL = (
    r"(?:Pictures?|Pics?|Images?|Photos?|Photographs?|Photo credit|Image credit|Credits?|"
    r"Illustration|Graphic|Video|Footage)"
)
_TRAILING_CREDIT = re.compile(
    rf"(?:^|(?<=[\s.,;|(\[–—-]))\(?{_CREDIT_LABEL}\s*:\s*(?P<credit>[^:.!?]{{1,80}}?)\)?\s*$",
    re.IGNORECASE,
)
# "(AP Photo/Evan Vucci)", "(Reuters)", "AFP PHOTO / ...", "Getty Images", "AFP via Getty Images"
_AGENCY_CREDIT = re.compile(
    r"(?:\((?:AP|AFP|Reuters|EPA|Getty)[^()]{0,60}\)\s*$)"
    r"|(?:\b(?:Getty Images|Shutterstock|iStock(?:photo)?|AFP PHOTO|AP Photo|REUTERS/[A-Z]|EPA-EFE|PA Wire|Alamy)\b)",
)
_CAPTION_MAX_WORDS = 60
# A caption's credit glued to the paragraph after it, as scraped pages often have it:
# "Rescuers at work Photograph: Jane Doe/AFP/Getty Images The quake struck ..."
_GLUED_CREDIT = re.compile(
    r"(?:^|(?<=\s))(?:Pictures?|Photos?|Photographs?|Images?)\s*:\s*"
    r"[^\s/:]+(?:\s+[^\s/:]+){0,4}?\s*\\?/\s*[A-Z][\w.&-]*(?:\s*\\?/\s*[A-Z][\w.&-]*)*(?:\s+Images)?\s+(?=\S)"
)

# "Washington —", "WASHINGTON (Reuters) -", "SEOUL, Dec 2 (AFP) -", "LONDON:"
_PLACE = r"(?:[A-Z][A-Za-z.'’]*(?:[-/][A-Z][A-Za-z.'’]*)?)"
_DATELINE = re.compile(
    rf"^(?P<dateline>{_PLACE}(?:,?\s{_PLACE}){{0,3}}"
    r"(?:,\s[A-Z][a-z]{2,8}\.?\s\d{1,2})?"
    r"(?:\s\((?:[A-Z][A-Za-z.]*)(?:\s[A-Z][A-Za-z.]*){0,2}\))?)"
    r"(?:\s+(?:—|–|--)\s*|\s+-\s+|\s*—\s*)(?=\S)"
)
_DATE_ONLY = re.compile(
    r"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})\.?$"
)
# A web page's time stamp before the dateline: "LONDON | Thu Apr 29, 2010 11:29am EDT LONDON (Reuters) -"
_STAMP = re.compile(
    r"^(?P<stamp>[A-Z][^|\n]{1,60}?\s*\|\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}(?:,?\s+\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?)?)\s+(?=\S)"
)
_CAPS_DATELINE = re.compile(r"^(?P<dateline>[A-Z][A-Z .'-]{2,40}(?:,\s[A-Z][a-z]{2,8}\.?\s\d{1,2})?):\s+(?=\S)")


@dataclass
class Cleaned:
    text: str
    dateline: str | None = None
    captions: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, line)


def normalize_line(line: str) -> str:
    """NFC, no invisible or control characters, single spaces, no surrounding blanks."""
    line = _INVISIBLE.sub("", unicodedata.normalize("NFC", line))
    return _SPACES.sub(" ", line).strip()


def split_caption(line: str) -> tuple[bool, str]:
    """Is this line an image caption or a photo credit? Returns (is_caption, caption_without_credit)."""
    if len(line.split()) > _CAPTION_MAX_WORDS:
        return False, line
    m = _TRAILING_CREDIT.search(line)
    if m and len(m["credit"].split()) <= 8:
        return True, line[: m.start()].rstrip(" .,;|([–—-") + ("." if m.start() > 0 else "")
    m = _AGENCY_CREDIT.search(line)
    if m:
        caption = _AGENCY_CREDIT.sub("", line).strip(" .,;|/()[]–—-")
        return True, (caption + ".") if caption else ""
    return False, line


def split_glued_credit(line: str) -> tuple[str, str] | None:
    """A caption and credit glued before a paragraph: (the caption without its credit, the
    paragraph), or None when the line has no such credit."""
    m = _GLUED_CREDIT.search(line)
    if not m or len(line[:m.start()].split()) > _CAPTION_MAX_WORDS or len(line[m.end():].split()) < 4:
        return None  # (a short tail is the rest of the credit: "Picture: REUTERS/JONATHAN ERNST")
    caption = line[:m.start()].rstrip(" .,;|([–—-")
    return (caption + "." if caption else ""), line[m.end():]


def _caption_and_rest(line: str) -> tuple[str | None, str]:
    """The caption a line carries without its credit ("" for a bare credit, None for no caption)
    and the body text left of the line ("" when the whole line is a caption)."""
    glued = split_glued_credit(line)
    if glued:
        return glued
    is_caption, caption = split_caption(line)
    return (caption, "") if is_caption else (None, line)


def split_dateline(line: str) -> tuple[str | None, str]:
    """Split a leading dateline ("Washington — ...", with a page's time stamp before it or not)
    from the first paragraph."""
    stamp = _STAMP.match(line)
    rest = line[stamp.end():] if stamp else line
    for pattern in (_DATELINE, _CAPS_DATELINE):
        m = pattern.match(rest)
        if m and len(m["dateline"]) <= 60:
            dateline = m["dateline"].strip()
            return (f"{stamp['stamp']} {dateline}" if stamp else dateline), rest[m.end():]
    return (stamp["stamp"], rest) if stamp else (None, line)


def clean_text(raw: str, find_dateline: bool = True) -> Cleaned:
    """Clean one article body. Paragraph breaks are kept (a blank line stays one blank line).
    Tokenization is undone first, so every later rule, and every offset, sees the written text."""
    out = Cleaned(text="")
    kept: list[str] = []
    seen: set[str] = set()
    lines = restore([normalize_line(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
    lines, out.removed = strip_furniture(lines)
    for line in lines:
        if not line:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        caption, rest = _caption_and_rest(line)
        if caption is not None:
            out.removed.append(("caption", line[: len(line) - len(rest)].strip()))
            if caption and caption not in out.captions:
                out.captions.append(caption)
            if not rest:
                continue
            line = rest
        key = line.casefold()
        if key in seen:
            out.removed.append(("repeated", line))
            continue
        seen.add(key)
        if find_dateline and out.dateline is None and not any(kept):
            if _DATE_ONLY.match(line):  # a first line that is only a date ("November 24, 2004")
                out.dateline = line
                continue
            dateline, rest = split_dateline(line)
            if dateline and rest.strip():
                out.dateline = dateline
                line = rest.strip()
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    out.text = "\n".join(kept)
    return out
