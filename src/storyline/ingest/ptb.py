"""Undo Penn Treebank tokenization: escapes (-LRB-, ``, '') back to their characters and, on a page
that is tokenizer output, the tokenizer's spacing ("here ?", "Wednesday , Apple", "do n't") re-joined.

Corpora such as Timeline17 ship articles as tokenizer output. Left as they are, the escapes become
story titles ("-LRB-") and the spacing leaks into every title, timeline entry and summary ("How
did we get here ?"); the temporal tagger and the sentence splitter also read "September 25, 2008"
better than "September 25 , 2008". Whether a page is tokenized is decided from the page alone, so
the same file always gives the same text.
"""

from __future__ import annotations

import re

from nltk.tokenize.treebank import TreebankWordDetokenizer

# The bracket escapes (upper or lower case, as CoreNLP and the PTB write them) and the escaped
# slash and asterisk; the quote escapes `` '' ` are handled with the spacing, or, on a page that is
# not tokenized, only where they stand as tokens.
_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET = re.compile(r"-(?:LRB|RRB|LSB|RSB|LCB|RCB)-", re.IGNORECASE)
_SLASH = re.compile(r"\\([/*])")
_QUOTE_TOKEN = re.compile(r"(?:(?<=\s)|^)(?:``|'')(?=\s|$)")
_BACKTICK = re.compile(r"`\s*")
_GLUED_DASH = re.compile(r"(?<=\S)--(?=\S)")  # the detokenizer glues "Ohio -- Determined"

# Punctuation standing alone as a token ("here ?"), and punctuation glued to its word ("here?").
_SPACED = re.compile(r"(?:^|\s)(?:[,.;:?!%]|n't|'s|'re|'ve|'ll|'d|'m|``|'')(?=\s|$)")
_GLUED = re.compile(r"\w[,;:?!](?=\s|$)|\wn't\b|\w's\b")
_MIN_SPACED = 3

_DETOKENIZER = TreebankWordDetokenizer()


def unescape(line: str) -> str:
    """Escapes back to characters, spacing left as it is (for text that is not tokenizer output)."""
    line = _BRACKET.sub(lambda m: _BRACKETS[m.group().upper()], line)
    line = _SLASH.sub(r"\1", line)
    return _QUOTE_TOKEN.sub('"', line)


def is_tokenized(lines: list[str]) -> bool:
    """Is this page tokenizer output? Punctuation standing alone as tokens must be common and far
    more common than punctuation glued to its word (a hand-typed "here ?" stays as it is)."""
    text = "\n".join(lines)
    spaced = len(_SPACED.findall(text))
    return spaced >= _MIN_SPACED and spaced > 3 * len(_GLUED.findall(text))


# The detokenizer runs once per page, lines joined by a word no rule touches (thirty regular
# expressions a call: once a line took 13 times as long).
_LINE_BREAK = "zzlinebreakzz"
_SPLIT_LINES = re.compile(rf"\s*{_LINE_BREAK}\s*")


def untokenize(text: str) -> str:
    """Tokenizer output as written text: escapes back to characters, spacing re-joined, line
    breaks kept."""
    text = _BRACKET.sub(lambda m: _BRACKETS[m.group().upper()], _SLASH.sub(r"\1", text))
    tokens = f"{_LINE_BREAK} {f' {_LINE_BREAK} '.join(text.split(chr(10)))} {_LINE_BREAK}".split()
    joined = _GLUED_DASH.sub(" -- ", _BACKTICK.sub("'", _DETOKENIZER.detokenize(tokens)))
    return "\n".join(_SPLIT_LINES.split(joined)[1:-1])


def restore(lines: list[str]) -> list[str]:
    """A page's lines with its tokenization undone: re-joined when the page is tokenized, else only
    the escapes replaced."""
    if is_tokenized(lines):
        return untokenize("\n".join(lines)).split("\n")
    return [unescape(line) for line in lines]


def restore_title(title: str) -> str:
    """A title with its tokenization undone: one escape is evidence enough in so short a text."""
    if _BRACKET.search(title) or _QUOTE_TOKEN.search(title) or is_tokenized([title]):
        return untokenize(title)
    return title
