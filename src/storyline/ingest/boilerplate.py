"""Page furniture out of an article's body: reader comments, comment counts and comment forms,
newsletter and share promos, bylines, related-link lists.

Scraped pages keep what surrounds the article, and left in the body it becomes the story: a
comment thread outweighs the article it hangs under, so its lines win titles, timelines and
summaries. What is removed is found by the shape of the page, not by a list of one outlet's
phrases:

- a comment is signed: a time stamp next to a comment action ("September 19, 2008 4:19 PM |
  Report abuse", "May 4, 2011 at 10:40 am | Reply", "9:32 am ET February 11, 2013 RETWEET"), or
  "Posted by NAME |"; or it has a header ("kt says: March 3, 2010 at 4:19 pm", "kt • 3 hours
  ago") or a row of buttons ("Reply • Share ›"). Comments run to the end of a page, so the first signature starts the thread
  and everything from there on goes; the thread starts earlier where an opener stands above the
  first signature (the post's closing byline with its time stamp, a comment count or heading, a
  comment form), as long as some body stands above the opener.
- a comment form or policy ("Comments are closed", "(required, but will not be displayed)",
  "We welcome comments ...") also starts the comment section.
- single lines: a call to subscribe, share or follow; a copyright notice; a comment count; a
  byline or a blog post's footer ("Posted by NAME at 10:48 AM | Comments (2) | Permalink"), taken
  off the line it opens, the rest kept; a "Related"/"Read more" heading and the
  short headline lines under it.

Everything is decided from the page itself, so the same file always gives the same text
(repetition within a page is handled by ``clean``).
"""

from __future__ import annotations

import re

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
         rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\.?,?\s+\d{{4}}"
         r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})")
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?"
_AGO = r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
_STAMP = rf"(?:{_DATE}(?:\s*(?:at|,|;|-|\|)?\s*{_TIME})?|{_TIME}\s*(?:,|on)?\s*{_DATE}|{_AGO})"
_CLOCK_STAMP = rf"(?:{_DATE}\s*(?:at|,|;|-|\|)?\s*{_TIME}|{_TIME}\s*(?:,|on)?\s*{_DATE}|{_AGO})"
_ACTION = (r"(?:Report(?:\s+(?:as\s+)?abus(?:e|ive)|\s+(?:this\s+)?(?:comment|post))|Reply|Flag(?:\s+as\s+inappropriate)?"
           r"|Permalink|Retweet|RETWEET|Recommend)")
_SEP = r"\s*(?:--|[|·•–—-])?\s*"
_SIGNATURE = re.compile(
    rf"{_STAMP}{_SEP}{_ACTION}\b"
    rf"|\b(?:Posted|Written|Submitted|Commented)\s+by\s*:?\s*\S+(?:\s+\S+){{0,3}}?\s*(?:\||{_ACTION}\b|(?:at|on)\s+{_STAMP})"
)

# A comment's header line, the name and the time it was written, the text below it: "kt says:
# March 3, 2010 at 4:19 pm", "kt • 3 hours ago"; and a line of nothing but comment buttons
# ("Reply • Share ›", "Like Reply Report").
_COMMENT_HEADER = re.compile(
    rf"^\S+(?:\s+\S+){{0,3}}?\s+(?:says|said|wrote)\s*:?\s*(?:on\s+)?{_CLOCK_STAMP}\s*:?\s*$"
    rf"|^\S+(?:\s+\S+){{0,3}}?\s*[•·]\s*{_CLOCK_STAMP}\s*$"  # not "|": "LONDON | Thu Apr 29, 2010 11:29am EDT"
)
_BUTTON = r"(?:Reply|Share|Report(?:\s+abuse)?|Flag|Like|Recommend|Permalink|Retweet|Quote|Edit|Delete|\d+)"
_BUTTONS_ONLY = re.compile(rf"^(?=.*\b(?:Reply|Report|Flag)\b)(?:[^\w\s]*\s*{_BUTTON}\b\s*[^\w\s]*\s*){{1,8}}$")

# Words that every signature, and every comment form or policy line, holds: the cheap test that
# spares most lines the full patterns (which try a time stamp at every position).
_SIGNATURE_CUE = re.compile(r"Report|Reply|Flag|Permalink|Retweet|RETWEET|Recommend|(?:Posted|Written|Submitted|Commented) by")
_FORM_CUE = re.compile(r"comment|required|discussion", re.IGNORECASE)

# A byline: "By" and two to eight name words, ending the line or before a "|", a dash, a capitals
# dateline or a time stamp ("By Shailagh Murray and Paul Kane TOLEDO, Ohio -- ...").
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|and|de|da|van|von|der|la|le|bin)"
_BYLINE = re.compile(
    rf"^By\s+(?P<name>{_NAME_WORD}(?:,?\s+{_NAME_WORD}){{1,7}}?)\s*"
    rf"(?P<stamp>\|\s*{_STAMP}(?:\s*(?:ET|EST|EDT|GMT|UTC))?)?"
    r"(?(stamp)|(?=\s*$|\s*(?:\||--|—|–)|\s+[A-Z]{2,}\b))"
)

# A blog post's footer: "Posted by Keith Stuart at 10:48 AM | Comments (2) | Permalink" (the
# author's, not a reader's: what follows on the line is the next post, and stays).
_POST_FOOTER = re.compile(
    rf"^(?:Posted|Written) by\s*:?\s*[^|]{{1,60}}?(?:\s+(?:at|on)\s+(?:{_STAMP}|{_TIME}))?\s*"
    r"(?:\|\s*(?:Comments?\s*\(\d[\d,]*\)|\d[\d,]*\s+comments?|Permalink|Trackbacks?(?:\s*\(\d+\))?|Link)\s*)+",
    re.IGNORECASE,
)
_COMMENT_FORM = re.compile(
    r"\(?required,? but (?:will )?not (?:be )?(?:displayed|published|shown)\)?"
    r"|\b(?:comments?|discussion) (?:are|is) (?:now )?(?:closed|not pre-?screened|moderated)\b"
    r"|\bcomments to this (?:entry|post|article|story|thread) (?:are|is) closed\b"
    r"|\bnotify me of (?:follow-up|new) (?:comments|posts|replies)\b"
    r"|\bwe welcome (?:your )?comments\b"
    r"|\b(?:your|reader'?s'?) comments? (?:may|will|must|should) (?:be )?(?:\w+ )?(?:published|edited|moderated|reviewed|displayed)\b"
    r"|\bviews expressed in the comments\b"
    r"|\b(?:comment|discussion)s? .{0,60}\b(?:terms of (?:service|use)|rules of conduct|house rules|community (?:standards|guidelines))\b",
    re.IGNORECASE,
)
# An invitation to comment: often a link at the top of a post too, so it only opens a signed thread.
_COMMENT_INVITE = re.compile(r"^(?:please )?(?:leave|post|add|write|submit|send us) (?:a|your) (?:comments?|reply)\b",
                             re.IGNORECASE)
_COMMENT_COUNT = re.compile(
    r"^(?:\(?\d[\d,]*\)?\s+(?:comments?|replies|responses)|comments?\s*\(\d[\d,]*\)|(?:view|show|read|see)\s+(?:all\s+)?"
    r"(?:\d[\d,]*\s+)?comments?|(?:reader\s+)?comments?:?)\W*$",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"\bdelivered (?:straight |right )?to your (?:inbox|e-?mail|mobile|phone|device)"
    r"|\b(?:sign up|subscribe|register)\b.{0,60}\b(?:newsletters?|e-?mails?|alerts?|updates|feeds?|inbox)\b"
    r"|\benter your e-?mail(?: address)?\b"
    r"|\bfollow (?:us|@\w+|\w+(?: \w+)?) on (?:twitter|facebook|instagram|linkedin)\b"
    r"|\blike us on facebook\b|\b(?:is|are) on (?:twitter|facebook)\s*\W*$"
    r"|\bclick here\b"
    r"|^(?:share|tweet|e-?mail|print)(?: this)?(?: (?:article|story|page|post))?(?: (?:on|via) \w+)?\W*$"
    r"|^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b"
    r"|\bmay not be (?:published|reproduced|broadcast|rewritten|redistributed)\b",
    re.IGNORECASE,
)
# A word every promo pattern holds, looked for in the lower-cased line: the cheap test first.
_PROMO_CUE = re.compile(r"deliver|mail|sign up|subscri|regist|follow|like us|twitter|facebook|click here|share|tweet|"
                        r"print|copyright|©|\(c\)|rights reserved|may not be")
_PROMO_MAX_WORDS = 40
_RELATED = re.compile(
    r"^(?:related(?: (?:stories|articles|links|content|coverage))?|more on this(?: story)?|see also|read more|"
    r"most (?:popular|read|viewed)|recommended(?: for you)?|you (?:may|might) also like)\s*:?\s*$",
    re.IGNORECASE,
)
_HEADLINE_MAX_WORDS = 15
_RELATED_MAX_ITEMS = 12


def is_signature(line: str) -> bool:
    """Does the line carry a comment's signature (a time stamp next to a comment action, or
    "Posted by NAME |"), or is it a comment's header or its row of buttons?"""
    if _POST_FOOTER.match(line):  # the author's "Posted by NAME at TIME | 2 comments": a post ends
        return False
    return ((_SIGNATURE_CUE.search(line) is not None and _SIGNATURE.search(line) is not None)
            or _COMMENT_HEADER.match(line) is not None or _BUTTONS_ONLY.match(line) is not None)


def _is_comment_form(line: str) -> bool:
    return _FORM_CUE.search(line) is not None and _COMMENT_FORM.search(line) is not None


def _opens_thread(line: str) -> bool:
    """A line that stands where a comment section begins: the post's closing byline with its time
    stamp, a comment count or heading, a comment form or policy."""
    byline = _BYLINE.match(line)
    return bool((byline and byline["stamp"]) or _COMMENT_COUNT.match(line) or _COMMENT_INVITE.match(line)
                or _is_comment_form(line))


def _thread_start(lines: list[str]) -> int | None:
    """Where the comment section begins, or None. Something of the body must stand above it; a
    comment form without a signature before it starts the section only in the page's second half
    (a form or policy line near the top is a link to the comments, not the comments)."""
    first_body = next((i for i, line in enumerate(lines) if line), None)
    if first_body is None:
        return None
    sizes = [len(line) for line in lines]
    total, before = sum(sizes), 0
    for i, line in enumerate(lines):
        if is_signature(line):
            start = next((j for j in range(i - 1, first_body, -1) if lines[j] and _opens_thread(lines[j])), i)
            return start if start > first_body else None
        if line and _is_comment_form(line) and i > first_body and 2 * before >= total:
            return i
        before += sizes[i]
    return None


def _line_furniture(line: str) -> tuple[str | None, str]:
    """(reason, rest): why the line is furniture (None when it is not) and what is left of it."""
    footer = _POST_FOOTER.match(line)
    if footer:
        return "byline", line[footer.end():].strip()
    if _COMMENT_COUNT.match(line) or _COMMENT_INVITE.match(line) or _is_comment_form(line) or is_signature(line):
        return "comments", ""
    if len(line.split()) <= _PROMO_MAX_WORDS and _PROMO_CUE.search(line.lower()) and _PROMO.search(line):
        return "promo", ""
    byline = _BYLINE.match(line)
    if byline:
        return "byline", line[byline.end():].lstrip(" |–—-").strip()
    return None, line


def strip_furniture(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The page's lines without its furniture, and what was removed as (reason, line)."""
    removed: list[tuple[str, str]] = []
    start = _thread_start(lines)
    if start is not None:
        removed.extend(("comments", line) for line in lines[start:] if line)
        lines = lines[:start]
    kept: list[str] = []
    related_left = 0
    for line in lines:
        if not line:
            related_left = 0
            kept.append(line)
            continue
        if _RELATED.match(line):
            removed.append(("related", line))
            related_left = _RELATED_MAX_ITEMS
            continue
        if related_left and len(line.split()) <= _HEADLINE_MAX_WORDS:
            removed.append(("related", line))
            related_left -= 1
            continue
        related_left = 0
        reason, rest = _line_furniture(line)
        if reason:
            removed.append((reason, line[: len(line) - len(rest)].strip() if rest else line))
        if rest:
            kept.append(rest)
    return kept, removed
