"""Who a phrase in an article refers to: a named mention of the same article, with its canonical name.

Speakers and actors are often named by a pronoun ("he said"), a title ("the US leader"), a short
name ("Trump") or a phrase around a name ("Trump's spokeswoman Sarah Sanders"). ``Referents``
resolves such a phrase to the nearest compatible PERSON/ORG/GPE mention of the article, looking only
backwards, and gives the article's fullest form of that name ("Donald Trump"). What it cannot
resolve with confidence ("the pair", "officials") stays unresolved rather than guessed.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from ..model import Mention
from ..stories.link import article_keys

AGENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_GROUP = frozenset({"they", "them", "their", "we", "our"})
_THING = frozenset({"it", "its"})
# Titles naming a head of state or government: "the US leader" may be "US President Donald Trump".
_LEADERS = frozenset({"president", "leader", "premier", "chancellor", "minister", "king", "queen",
                      "emperor", "chairman", "dictator", "head", "monarch", "prime"})
TITLES = _LEADERS | frozenset({
    "spokesman", "spokeswoman", "spokesperson", "secretary", "senator", "governor", "ambassador",
    "envoy", "diplomat", "general", "commander", "official", "candidate", "nominee", "director",
    "adviser", "advisor", "aide", "lawmaker", "congressman", "congresswoman", "representative",
    "mayor", "judge", "justice", "attorney", "lawyer", "chief", "negotiator", "founder", "executive",
    "ceo", "rep", "sen", "gov", "businessman", "billionaire", "mogul", "star", "host", "anchor",
})


class Referents:
    """Named mentions of one doc (offsets into ``doc.text``) and what phrases refer to them."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = sorted((m for m in mentions if m.label in AGENTS), key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        keyed = article_keys(self.mentions)
        self._key = {(m.start, m.end): key for m, _, key in keyed}
        fullest: dict[str, str] = {}
        for m, _, key in keyed:
            if len(m.text) > len(fullest.get(key, "")):
                fullest[key] = m.text
        self._fullest = fullest
        # a surname the model tagged as an organisation ("Trump" as ORG) is the one person it ends
        persons = [k for m, group, k in keyed if group == "PERSON" and " " in k]
        self._surname = {}
        for k in set(persons):
            self._surname.setdefault(k.split()[-1], set()).add(k)
        self._titles = {(m.start, m.end): self._context_words(m) for m in self.mentions}

    def canonical(self, m: Mention) -> str:
        """The article's fullest form of the mention's name ("Trump" -> "Donald Trump")."""
        key = self._key.get((m.start, m.end))
        if not key:
            return m.text
        owners = self._surname.get(key, ()) if m.label != "PERSON" and " " not in key else ()
        if len(owners) == 1:
            key = next(iter(owners))
        return self._fullest.get(key, m.text)

    def mention_at(self, token: Token) -> Mention | None:
        """The mention that contains ``token``."""
        i = bisect_left(self._starts, token.idx + 1) - 1
        if i >= 0:
            m = self.mentions[i]
            if m.start <= token.idx < m.end:
                return m
        return None

    def resolve(self, head: Token, span: Span | None = None) -> Mention | None:
        """The mention that the phrase headed by ``head`` refers to, or None."""
        m = self.mention_at(head)
        if m is not None:
            return m
        for child in head.children:  # "spokesman Kim Eui-kyeom", "the president, Donald Trump"
            if child.dep_ in ("appos", "compound", "npadvmod") and child.i > head.i:
                m = self.mention_at(child)
                if m is not None and m.label == "PERSON":
                    return m
        if head.dep_ == "compound" or (head.dep_ == "appos" and head.head.i < head.i):
            return None
        lower = head.lower_
        before = span.start_char if span is not None else head.idx
        if lower in _MALE or lower in _FEMALE:
            return self._last(before, {"PERSON"}, subject_first=True)
        if lower in _GROUP:  # a group named just before: "the union ... they"
            return self._last(before, {"ORG", "NORP"}, subject_first=True, window=250, subject_only=True)
        if lower in _THING:
            return self._last(before, {"ORG", "GPE"}, subject_first=True, window=250, subject_only=True)
        if head.pos_ in ("NOUN", "PROPN") and lower in TITLES:
            modifiers = {t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")}
            return self._titled(before, lower, modifiers)
        if head.is_upper and len(head.text) > 1:  # a transcript's "PENCE:", a headline's "WARREN SAYS"
            return self._by_surname(lower)
        return None

    def _by_surname(self, surname: str) -> Mention | None:
        """The first mention of the one person of the article with this surname, if only one has it."""
        owners = self._surname.get(surname, ())
        if len(owners) != 1:
            return None
        key = next(iter(owners))
        return next((m for m in self.mentions if self._key.get((m.start, m.end)) == key), None)

    def _last(self, before: int, labels: set[str], subject_first: bool, window: int = 2000,
              subject_only: bool = False) -> Mention | None:
        """The last mention with one of ``labels`` before ``before``; a subject one if any is close
        (only a subject one with ``subject_only``)."""
        i = bisect_left(self._starts, before) - 1
        fallback = None
        while i >= 0:
            m = self.mentions[i]
            if before - m.end > window:
                break
            if m.label in labels and not self._is_person_slip(m):
                if not subject_first:
                    return m
                token = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if token is not None and token.root.dep_ in ("nsubj", "nsubjpass"):
                    return m
                fallback = fallback or m
            i -= 1
        return None if subject_only else fallback

    def _is_person_slip(self, m: Mention) -> bool:
        """A person's surname that the model tagged as an organisation ("Trump" as ORG)."""
        key = self._key.get((m.start, m.end), "")
        return m.label != "PERSON" and len(self._surname.get(key, ())) == 1

    def _titled(self, before: int, title: str, modifiers: set[str]) -> Mention | None:
        """The last person introduced with a compatible title and the same modifiers ("US")."""
        i = bisect_left(self._starts, before) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.label == "PERSON":
                words = self._titles[(m.start, m.end)]
                fits = title in words or (title in _LEADERS and words & _LEADERS)
                names = {w for w in modifiers if w[:1].isalpha()} - {"top", "senior", "former", "new"}
                if fits and names <= words:
                    return m
            i -= 1
        return None

    def _context_words(self, m: Mention) -> set[str]:
        """Lower-cased words that introduce a mention: "US President" of "US President Donald Trump"."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return set()
        words = set()
        i = span.start - 1
        while i >= 0 and i >= span.start - 4:
            t = self.doc[i]
            if t.is_punct or t.pos_ in ("DET", "VERB", "AUX", "ADP", "PRON", "CCONJ", "SCONJ"):
                break
            words.add(t.lower_)
            i -= 1
        head = span.root.head
        if span.root.dep_ == "appos" and head.i < span.start:
            words.add(head.lower_)
            words.update(t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod"))
        return words


def noun_phrase(doc: Doc, head: Token, cut: frozenset[str] = frozenset({"relcl", "acl"}),
                determiner: bool = True) -> Span:
    """The phrase headed by ``head``, cut before its dependents of the kinds in ``cut`` (a relative
    clause: "Trump, who flew home") and before punctuation after the head, trimmed of spaces and
    punctuation (and of a leading determiner unless ``determiner``)."""
    end = head.right_edge.i
    for child in head.rights:
        if child.dep_ in cut or child.is_punct:
            end = min(end, child.left_edge.i - 1)
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or doc[start].is_space
                              or (not determiner and doc[start].pos_ == "DET")):
        start += 1
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return doc[start:max(end, head.i) + 1]
