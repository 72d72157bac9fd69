"""Who said what: direct, indirect and mixed quotations with their cue and speaker, from spaCy's parse.

A cue is a verb of saying, thinking or stance ("said", "told reporters", "insisting", "believes",
"criticized") or "according to". Its content is the clause it governs (``ccomp``; ``xcomp`` for
wanting and planning; the object for stance verbs), or the quoted clause it interrupts ("..., he
said"); its source is its subject ("quoted X as saying": the object of "quoted"). Quotation marks
then widen a content to the whole quoted passage (which may run over several sentences of one
paragraph), and a quoted passage no cue reached takes a cue in its sentence or, when it only
continues a quote, the speaker of the quote just before it. A CRF trained on PolNeAR
(``attribution_model``) then tags sources, cues and contents with the rules' output among its
features; its attributions are merged with the rules' (``_merge``). Speakers are resolved to named
mentions by ``referents.Referents``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..model import Mention, Quote
from .attribution_model import Tagged, attributions, features, role_tags, tag
from .nlp import doc_text
from .plover import lemma_in
from .referents import AGENTS, Referents, noun_phrase

SPEECH = frozenset("""
say tell add ask write tweet note report announce explain declare state insist argue claim warn reply
respond remark comment answer acknowledge admit confirm deny stress emphasize emphasise reiterate
suggest recall mention predict promise pledge vow repeat observe complain joke quip concede contend
assert allege maintain testify conclude indicate reveal disclose caution boast brag counter retort
shout yell post blog email text recount estimate hint signal speculate wonder question assure
inform advise urge recommend propose demand order instruct lament muse concur agree
bark shout yell cry scream chant crack continue read exclaim whisper mutter plead snap sigh
""".split())
COGNITION = frozenset("""
think believe know fear hope expect worry doubt suspect assume consider figure guess imagine
realize realise find show learn anticipate reckon bet trust presume recognize recognise acknowledge
prove determine
""".split())
# Verbs whose content is the infinitive they govern: "wants to run", "refused to comment".
INTENT = frozenset("""
want wish plan seek refuse decline agree promise pledge vow threaten hope aim expect prefer like
love hate offer choose urge
""".split())
# Verbs whose content is their object: "criticized the plan", "called for a ban".
STANCE = frozenset("""
criticize criticise praise support endorse oppose accuse blame condemn denounce reject dismiss
mock slam blast welcome back applaud decry deride ridicule fault question cite describe call dispute
challenge laud hail commend chide scold rebuke attack
""".split())
# Verbs whose content is the object of a preposition: "lashed out at the nominee", "pointed to".
TOPIC: dict[str, frozenset[str]] = {w: frozenset(p.split("/")) for w, p in (
    ("talk", "about/on"), ("speak", "about/on/of/against/out"), ("point", "to"), ("lash", "at"),
    ("rail", "against"), ("hint", "at"), ("touch", "on"), ("focus", "on"), ("comment", "on"),
    ("complain", "about/of"), ("warn", "of/about/against"), ("push", "for"), ("argue", "for/against"),
    ("advocate", "for"), ("campaign", "for/against/on"), ("call", "for/on"), ("ask", "about/for"),
    ("say", "about/of"), ("write", "about/of"), ("tweet", "about"), ("joke", "about"), ("boast", "about/of"),
    ("brag", "about"), ("worry", "about"), ("know", "about/of"), ("think", "about/of"), ("hope", "for"),
    ("testify", "about/on"), ("insist", "on"), ("object", "to"), ("respond", "to"),
    ("react", "to"), ("refer", "to"), ("express", "about"), ("weigh", "on"),
)}
# Verbs whose object and its complement are the content: "calling Christmas a sham".
NAMING = frozenset({"call", "label", "brand", "dub", "deem", "consider", "cast", "describe", "portray", "paint"})
# Verbs of telling, whose object is who was told: "told reporters", "assured the board".
ADDRESSED = frozenset({"tell", "inform", "assure", "advise", "remind", "notify", "brief", "ask", "warn", "reassure"})
AUDIENCES = frozenset({"reporter", "journalist", "audience", "crowd", "supporter", "voter", "lawmaker", "listener", "viewer"})
# Nouns that attribute when a possessor says whose they are: "Trump's call for a ban".
NOUN_CUES = frozenset("""
call proposal criticism support opposition message promise pledge claim argument demand plea warning
statement comment remark endorsement praise view belief hope fear plan vow threat insistence accusation
suggestion assertion contention denial admission position stance objection concern complaint request
""".split())


def read_cues(text: str) -> dict[str, tuple[str, ...]]:
    """A learned cue lexicon (``tools/polnear_cues.py``'s output: lemma, cues, seen, complements) as
    lemma -> the complements it takes when it is a cue."""
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            lemma, _, _, complements = line.split("\t")
            out[lemma] = tuple(complements.split(","))
    return out


def _learned_cues(name: str = "polnear_cues.tsv") -> dict[str, tuple[str, ...]]:
    """Verbs (``polnear_cues.tsv``) or nouns (``polnear_noun_cues.tsv``) that PolNeAR's train split
    attributes with, and the complements they take then (``ccomp``, ``xcomp``, ``acl``, ``dobj``,
    ``prep:for``...): made by ``tools/polnear_cues.py``."""
    return read_cues(resources.files("storyline.annotate").joinpath(name).read_text(encoding="utf-8"))


LEARNED = _learned_cues()
LEARNED_NOUNS = _learned_cues("polnear_noun_cues.tsv")
# Prepositions that name whose a noun cue is ("criticism from Democrats", "a suggestion by Trump").
_NOUN_SOURCE_PREPS = ("from", "by")
_POLLS = frozenset({"poll", "survey", "polling", "ranking"})  # "in a CNN poll", "in the polls"
_VIEWS = frozenset({"word", "view", "opinion", "eye", "estimate", "estimation"})  # "in his words", "in the eyes of"
_RAISING = frozenset({"seem", "appear"})  # and "expect" in the passive: "X is expected to ..."


@dataclass(frozen=True)
class Lexicons:
    """The cue lexicons learned from data (``verbs``, ``nouns``: ``read_cues``) with the cue sets the
    rules (``cues``) and the CRF's features (``feature_cues``) read from them."""

    verbs: dict[str, tuple[str, ...]]
    nouns: dict[str, tuple[str, ...]]
    cues: frozenset[str]
    feature_cues: frozenset[str]


def lexicons(verbs: dict[str, tuple[str, ...]], nouns: dict[str, tuple[str, ...]]) -> Lexicons:
    """The hand lists joined with learned ``verbs`` and ``nouns``."""
    cues = SPEECH | COGNITION | INTENT | STANCE | frozenset(TOPIC) | NAMING | frozenset(verbs)
    return Lexicons(verbs, nouns, cues, cues | NOUN_CUES | frozenset(nouns))


SHIPPED = lexicons(LEARNED, LEARNED_NOUNS)
FEATURE_CUES = SHIPPED.feature_cues
_IN_USE: ContextVar[Lexicons] = ContextVar("lexicons", default=SHIPPED)


@contextmanager
def lexicons_in_use(lex: Lexicons) -> Iterator[None]:
    """Annotate with ``lex`` meanwhile instead of the shipped lexicons: a cross-validation fold's
    lexicons, learned without its held-out articles, are measured without writing them into the
    package."""
    token = _IN_USE.set(lex)
    try:
        yield
    finally:
        _IN_USE.reset(token)


def lexicons_now() -> Lexicons:
    """The lexicons annotation uses now (``SHIPPED`` unless ``lexicons_in_use`` swapped them)."""
    return _IN_USE.get()

_OPEN = {"“": "”", '"': '"', "«": "»", "''": "''"}
_DOUBLE = frozenset({"“", '"'})
_DOUBLE_CLOSE = ("”", '"')
_MAX_QUOTE_CHARS = 3000
_TRAILING_CUE_TOKENS = 4  # '"Why?" the senator demanded': how far into its sentence the cue may stand
_LIKELY = 0.5  # how sure the CRF must be to move a rule's content boundary
_SURE = 0.8  # ... to undo a cut the rules made on purpose (a trailing aside, another quote's cue)
_UNCONFIRMED_WORDS = 4  # an unquoted rule content this short that no CRF content overlaps is dropped


@dataclass(frozen=True)
class _Found:
    content: tuple[int, int]
    cue: tuple[int, int]
    source: Span | None
    source_head: Token | None
    speech: bool = True  # a verb of saying (not thinking, wanting or judging)


def quote_passages(text: str) -> list[tuple[int, int]]:
    """Quoted passages as (start, end) including their marks (“…”, "…", «…», ''…'' as some papers
    write it, and ”…” as some web pages do). A passage never crosses a paragraph break; one left
    open runs to the end of its paragraph (as news does for multi-paragraph quotes)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        mark = "''" if text.startswith("''", i) else text[i]
        close = _OPEN.get(mark)
        if mark == "”" and (i == 0 or text[i - 1].isspace()) and text[i + 1:i + 2].isalnum():
            mark, close = '"', '"'  # a closing mark typed to open: '”Fear. I am truly afraid ...”'
        if close is None:
            i += 1
            continue
        para_end = text.find("\n", i)
        para_end = n if para_end == -1 else para_end
        j = text.find(close, i + len(mark), para_end)
        if mark in _DOUBLE:  # typed quotes get mixed: “...", "...”
            j = min((k for k in (text.find(c, i + 1, para_end) for c in _DOUBLE_CLOSE) if k != -1), default=-1)
        if mark == "“" and j != -1 and text.find("“", i + 1, j) != -1:
            j = _nested_close(text, i, para_end, j)
        end = para_end if j == -1 else j + len(close)
        if end - i > 2 and end - i <= _MAX_QUOTE_CHARS:
            out.append((i, end))
        i = max(end, i + 1)
    return out


def _nested_close(text: str, i: int, para_end: int, first: int) -> int:
    """Where the “ at ``i`` closes when another “…” opens inside it ('“I would rather live in what he
    calls “hell” than here.”'): each “ opens one more level, each ” or " closes one. ``first`` (the
    first close) when the levels never come back to none (an inner quote left open)."""
    depth = 0
    for k in range(i, para_end):
        if text[k] == "“":
            depth += 1
        elif text[k] in _DOUBLE_CLOSE:
            depth -= 1
            if depth == 0:
                return k
    return first


def quotes_from_doc(doc: Doc, mentions: list[Mention], article_id: str, field: str = "text",
                    offset: int = 0, referents: Referents | None = None) -> list[Quote]:
    """The quotations of ``doc``; ``mentions`` are its named mentions with offsets into ``doc.text``,
    and ``offset`` is where ``doc`` starts in the article's text."""
    text = doc_text(doc)
    if not text.strip():
        return []
    referents = referents or Referents(doc, mentions)
    passages = quote_passages(text)
    turns = _transcript_turns(doc)
    found = _outside_turn_labels(_with_tagged(doc, rule_attributions(doc, passages, turns), passages), turns)
    quotes = []
    for f in found:
        s, e = f.content
        mention = referents.resolve(f.source_head, f.source) if f.source_head is not None else None
        direct = any(ps <= s and e <= pe and (s - ps) <= 2 and (pe - e) <= 2 for ps, pe in passages)
        sp = (f.source.start_char, f.source.end_char) if f.source is not None else None
        quotes.append(Quote(
            article_id=article_id,
            start=s + offset, end=e + offset, text=text[s:e],
            cue_start=f.cue[0] + offset, cue_end=f.cue[1] + offset, cue=text[f.cue[0]:f.cue[1]],
            speaker_start=sp[0] + offset if sp else None, speaker_end=sp[1] + offset if sp else None,
            speaker=text[sp[0]:sp[1]] if sp else None,
            canonical=referents.canonical(mention) if mention is not None else None,
            direct=direct, field=field,
        ))
    return quotes


def rule_attributions(doc: Doc, passages, turns: list[_Found] | None = None) -> list[_Found]:
    """What the rules find: quotations governed by a known cue, transcript turns (``turns``, when
    the caller has them already), headline colons and signed passages ('"..." ― Pamela Padilla'),
    then the quoted passages no cue reached, in text order."""
    found: list[_Found] = []
    for token in doc:
        raised = _raised(doc, token)
        if raised:
            found += raised
            continue
        f = _from_cue(doc, token, passages)
        if f is not None:
            found.append(f)
    found = _drop_nested_self_reports(found, passages)
    turns = _transcript_turns(doc) if turns is None else turns
    found = _outside_turn_labels(found, turns)
    lines = turns + _headline_colons(doc)
    found += [f for f in lines if not any(_covers_half(g.content, f.content) for g in found)]
    signed = [_Found(p, *s) for p in passages if (s := _signature(doc, p[1])) is not None]
    # a signed passage is the signer's, not that of a cue inside it ('"Trump said X. ..." ― Ann Lee')
    found = [g for g in found
             if not any(_shares_half(g.content, f.content) and _cue_in(g, f.content) for f in signed)]
    found += [f for f in signed if not any(_shares_half(g.content, f.content) for g in found)]
    return _unreached_passages(doc, passages, found)


def rule_tags(doc: Doc, found: list[_Found]) -> list[str]:
    """The rules' output as token tags, the CRF's features (``attribution_model.role_tags``)."""
    spans = []
    for f in found:
        spans.append(("CON", f.content))
        spans.append(("CUE", f.cue))
        if f.source is not None:
            spans.append(("SRC", (f.source.start_char, f.source.end_char)))
    return role_tags(doc, spans)


def quoted_tokens(doc: Doc, passages) -> list[bool]:
    """Whether each token lies inside a quoted passage."""
    starts = [s for s, _ in passages]
    out = []
    for t in doc:
        n = bisect_right(starts, t.idx) - 1
        out.append(n >= 0 and t.idx < passages[n][1])
    return out


def _with_tagged(doc: Doc, found: list[_Found], passages) -> list[_Found]:
    """The rules' attributions merged with the CRF's."""
    quoted = quoted_tokens(doc, passages)
    items = features(doc, rule_tags(doc, found), quoted, lexicons_now().feature_cues)
    tags, sure = tag(items)
    return _merge(doc, found, attributions(doc, tags), sure, quoted)


def _merge(doc: Doc, found: list[_Found], tagged: list[Tagged], sure: list[float],
           quoted: list[bool]) -> list[_Found]:
    """The CRF's contents, each with the cue and source of the rule attribution whose content it
    shares half of (the rules know "who said ...", "quoted X as saying") unless that cue lies inside
    it (a quote within the quote, kept beside it), else with its own cue and source (the cue's
    subject when it tagged none, unless that is the content); then the rules' attributions that no
    CRF content overlaps, unless ``_unconfirmed`` (``quoted``: each token's ``quoted_tokens``), or
    that are quoted inside one, cue and all."""
    out: list[_Found] = []
    for t in tagged:
        source = t.source
        head = source.root if source is not None else None
        cue = doc.char_span(*t.cue, alignment_mode="expand")
        if source is None and cue is not None:
            source, head, _ = _source(doc, cue.root)
        for content in t.contents:
            rule = next((f for f in found
                         if _shares_half(f.content, content) and not _cue_in(f, content)), None)
            said_by_itself = source is not None and _overlap(content, (source.start_char, source.end_char))
            if rule is None and said_by_itself:
                continue  # the cue's subject is the content itself: no token is both (PolNeAR)
            if rule is None:
                f = _Found(content, t.cue, source, head, False)
            elif _crf_boundary_wins(doc, content, rule.content, sure, [g.cue for g in found if g is not rule]):
                f = _Found(content, rule.cue, rule.source, rule.source_head, rule.speech)
            else:
                f = rule
            if f not in out:
                out.append(f)
    contents = [c for t in tagged for c in t.contents]
    for f in found:
        overlapped = [c for c in contents if _overlap(f.content, c)]
        stands = overlapped or not _unconfirmed(doc, f, quoted)
        if f not in out and stands and all(_nested(f, c) for c in overlapped):
            out.append(f)
    return sorted(out, key=lambda f: f.content)


def _unconfirmed(doc: Doc, f: _Found, quoted: list[bool]) -> bool:
    """Whether a rule attribution that no CRF content overlaps is too weak to stand alone: an
    unquoted content of at most ``_UNCONFIRMED_WORDS`` words. These are mostly objects of stance
    verbs that PolNeAR does not count as attributions ("pledged to ban all Muslims", "support Reagan
    and Bush"): 29% of them were right on PolNeAR train, scored out of fold."""
    span = doc.char_span(*f.content, alignment_mode="expand")
    words = [t for t in span or () if not (t.is_punct or t.is_space)]
    return len(words) <= _UNCONFIRMED_WORDS and not any(quoted[t.i] for t in words)


def _crf_boundary_wins(doc: Doc, crf: tuple[int, int], rule: tuple[int, int], sure: list[float],
                       other_cues: list[tuple[int, int]]) -> bool:
    """Whether the CRF's content boundary replaces the rule's: the mean marginal of the CRF's tags on
    the tokens where they differ is at least ``_LIKELY`` (the CRF's reading is the likelier one), or
    ``_SURE`` where it would undo a cut the rules made on purpose: carry the content past a comma or
    dash at its end ("... Mayor Ann Lee, the leader of the council") or over another quote's cue
    ("said that X and warned that Y")."""
    both = doc.char_span(min(crf[0], rule[0]), max(crf[1], rule[1]), alignment_mode="expand")
    differ = [t for t in both or ()
              if not t.is_space and (crf[0] <= t.idx < crf[1]) != (rule[0] <= t.idx < rule[1])]
    if not differ:
        return True
    added = [t for t in differ if not rule[0] <= t.idx < rule[1]]
    past_end = next((t for t in added if t.idx >= rule[1]), None)
    undoes_cut = (past_end is not None and _sets_off(doc, past_end.i)) or any(
        cs <= t.idx < ce for t in added for cs, ce in other_cues)
    return sum(sure[t.i] for t in differ) / len(differ) >= (_SURE if undoes_cut else _LIKELY)


def _nested(f: _Found, content: tuple[int, int]) -> bool:
    """Whether ``f`` is quoted inside ``content``, cue and all ("Jones said Smith told him X"): kept
    beside it, as ``_drop_nested_self_reports`` decided."""
    return content[0] < f.cue[0] < content[1] and content[0] <= f.content[0] and f.content[1] <= content[1]


def _from_cue(doc: Doc, token: Token, passages) -> _Found | None:
    """A quotation governed by ``token`` if it is a cue with content."""
    if token.lower_ == "according":
        return _according(doc, token)
    if token.lower_ == "in":
        return _in_view(doc, token)
    if token.pos_ == "NOUN":
        return _noun_cue(doc, token, passages)
    if token.pos_ != "VERB":
        return None
    lemma = lemma_in(token, lexicons_now().cues)
    if lemma is None:  # any verb that reports a that-clause: "made clear that", "showed that"
        return _that_clause(doc, token, passages)
    content = _content(doc, token, lemma)
    if content is None:
        return None
    source, head, cue = _source(doc, token)
    if source is None:  # "to say nothing of", "asked whether": no one is quoted
        return None
    return _Found(_widen(content, passages, cue, doc_text(doc)), cue, source, head, lemma in SPEECH)


def _raised(doc: Doc, verb: Token) -> list[_Found]:
    """"Trump is expected to speak", "the plan seems to work": what is expected or seems is the
    subject with its infinitive, one content in two pieces, and no one is named as expecting it (the
    subject is no source)."""
    if verb.pos_ != "VERB":
        return []
    lemma = verb.lemma_.lower()
    if not (lemma in _RAISING or (lemma == "expect" and any(c.dep_ == "auxpass" for c in verb.children))):
        return []
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i), None)
    infinitive = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i
                       and any(a.lower_ == "to" for a in c.children)), None)
    if subject is None or infinitive is None:
        return []
    start = verb.i
    while start > subject.right_edge.i + 1 and doc[start - 1].dep_ in ("auxpass", "aux", "neg", "advmod"):
        start -= 1
    cue = (doc[start].idx, verb.idx + len(verb))
    pieces = [_span(doc, subject.subtree), _span(doc, infinitive.subtree)]
    return [_Found(p, cue, None, None, False) for p in pieces if p is not None]


def _clause(head: Token) -> list[Token]:
    """A reported clause without a trailing cue of its own (", adding that ...", ", saying ...",
    ", calling them ...", "and warned that ...")."""
    cut = [c for c in head.rights if c.dep_ in ("advcl", "conj") and (
        (c.tag_ == "VBG" and lemma_in(c, lexicons_now().cues))
        or (c.dep_ == "conj" and lemma_in(c, SPEECH) and any(k.dep_ == "ccomp" for k in c.children)))]
    tokens = list(head.subtree)
    if cut:
        stop = min(c.left_edge.i for c in cut)
        tokens = [t for t in tokens if t.i < stop]
        while tokens and (tokens[-1].dep_ == "cc" or tokens[-1].is_punct):
            tokens.pop()  # "said that X and warned that Y": X without its "and"
    return _without_trailing_aside(tokens)


def _without_trailing_aside(tokens: Iterable[Token]) -> list[Token]:
    """A clause or object less the appositive or relative clause set off by a comma or dash at its
    end ("... than Clinton, the former secretary of state", "a big win - a landslide based on ..."):
    the reported words rarely include the writer's aside. What is left keeps two words at least
    ("praised Obama, the former president" keeps it all: one word is no content)."""
    tokens = list(tokens)
    while len(tokens) > 2:
        last = tokens[-1] if not tokens[-1].is_punct else tokens[-2]
        aside = next((a for a in (last, *last.ancestors) if a.dep_ in ("appos", "relcl")
                      and a.right_edge.i >= last.i and a.left_edge.i > tokens[0].i
                      and _sets_off(a.doc, a.left_edge.i - 1)), None)
        if aside is None:
            return tokens
        kept = [t for t in tokens if t.i < aside.left_edge.i - 1]
        if sum(1 for t in kept if not t.is_punct and not t.is_space) < 2:
            return tokens
        tokens = kept
    return tokens


def _sets_off(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a comma or a dash standing apart ("win - a landslide"), not the hyphen
    inside a word ("well-known")."""
    text = doc[i].text
    return text in (",", "–", "—", "--") or (text == "-" and i > 0 and bool(doc[i - 1].whitespace_))


def _that_clause(doc: Doc, verb: Token, passages) -> _Found | None:
    """A verb outside the lexicon attributes a clause it governs with "that" to its subject."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"
                   and any(t.dep_ == "mark" and t.lower_ == "that" for t in c.children)), None)
    if clause is None:
        return None
    source, head, cue = _source(doc, verb)
    content = _span(doc, _clause(clause))
    if source is None or content is None:
        return None
    return _Found(_widen(content, passages, cue, doc_text(doc)), cue, source, head, False)


def _content(doc: Doc, verb: Token, lemma: str) -> tuple[int, int] | None:
    for child in verb.children:
        if child.dep_ == "ccomp" and (lemma in SPEECH or lemma in COGNITION or lemma in STANCE or lemma in INTENT):
            return _span(doc, _clause(child))
    for child in verb.children:
        if child.dep_ == "xcomp" and lemma in INTENT:
            return _span(doc, child.subtree)
    children = list(verb.children)
    if lemma in NAMING:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        complement = next((c for c in children if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")), None)
        if obj is not None and complement is not None:
            return _span(doc, [*obj.subtree, *complement.subtree])
    for child in children:
        if child.dep_ == "dobj" and lemma in STANCE and lemma not in NAMING:
            return _span(doc, _object(child))
    preps = TOPIC.get(lemma, ())
    for child in children:
        if child.dep_ == "prt" and child.lower_ in preps:  # "lashed out at": the particle's neighbour
            continue
        if child.dep_ == "prep" and child.lower_ in preps:
            return _span(doc, _without_trailing_aside(child.subtree), skip_first=True)
    for kind in lexicons_now().verbs.get(lemma, ()):
        dep, _, prep = kind.partition(":")
        for child in children:
            if child.dep_ == dep and not prep and not (dep == "dobj" and _addressee(child, lemma)):
                return _span(doc, _object(child) if dep == "dobj" else _without_trailing_aside(child.subtree))
            if child.dep_ == dep and child.lower_ == prep and _names_no_time(child):
                return _span(doc, _without_trailing_aside(child.subtree), skip_first=True)
    # "'...,' he said" and "The goal, he said, is peace": the reported clause heads the sentence
    # and the cue hangs from it, after it or set off by commas inside it
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and lemma in SPEECH:
        head = verb.head
        tokens = [t for t in head.subtree if not _within(t, verb)]
        words = [t.i for t in verb.subtree if not t.is_punct]
        lo, hi = words[0], words[-1]
        before = [t for t in tokens if t.i < lo]
        after = [t for t in tokens if t.i > hi and not t.is_punct]
        set_off = lo > 0 and doc[lo - 1].text == "," and hi + 1 < len(doc) and doc[hi + 1].text == ","
        if before and after and set_off:
            return _span(doc, [*before, *after])
        if before and head.i < verb.i:
            return _span(doc, _contiguous_before(before, verb))
    return None


def _addressee(obj: Token, lemma: str) -> bool:
    """Whether the object of a verb of telling is who was told, not what ("told Asia Times of his
    belief", "assured reporters"): a person, group or place, or a personal pronoun, with no
    infinitive saying what they were told to do."""
    if lemma not in ADDRESSED or any(c.dep_ == "xcomp" and c.i > obj.i for c in obj.head.children):
        return False
    return obj.ent_type_ in AGENTS or obj.tag_ == "PRP" or obj.lemma_.lower() in AUDIENCES


def _object(obj: Token) -> list[Token]:
    """An object with the infinitive that says what it is asked to do, or what it is praised or
    blamed as or for, without the writer's aside: "challenged Clinton to a debate" has the object
    only, "urged Congress to act" and "praised the Saudis for their help" have both."""
    siblings = list(obj.head.children)
    complement = next((c for c in siblings if c.dep_ == "xcomp" and c.i > obj.right_edge.i), None) or next(
        (c for c in siblings if c.dep_ == "prep" and c.lower_ in ("as", "for") and c.i == obj.right_edge.i + 1
         and _names_no_time(c)), None)
    tokens = [*obj.subtree, *complement.subtree] if complement is not None else list(obj.subtree)
    return _without_trailing_aside(sorted(tokens, key=lambda t: t.i))


def _names_no_time(prep: Token) -> bool:
    """Whether a preposition has an object and it is no date or time ("for their help", not "for
    years", "on Monday")."""
    pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    return pobj is not None and pobj.ent_type_ not in ("DATE", "TIME")


def _noun_cue(doc: Doc, noun: Token, passages) -> _Found | None:
    """"Trump's call for a ban", "her claim that ...", "criticism from Democrats of the plan": content
    from the noun's clause or preposition, source its possessor or the object of "from"/"by"."""
    nouns = lexicons_now().nouns
    lemma = lemma_in(noun, NOUN_CUES) or lemma_in(noun, nouns)
    if lemma is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in _NOUN_SOURCE_PREPS), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None:
        return None
    preps = {"for", "of", "to", "on", "about", "against"}
    preps.update(k[5:] for k in nouns.get(lemma, ()) if k.startswith("prep:"))
    preps.difference_update(_NOUN_SOURCE_PREPS)
    content = None
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and any(t.lower_ == "that" for t in child.lefts):
            content = _span(doc, child.subtree)
        elif child.dep_ == "prep" and child.lower_ in preps and content is None:
            content = _span(doc, child.subtree, skip_first=True)
    if content is None:
        return None
    cue = (noun.idx, noun.idx + len(noun.text))
    return _Found(_widen(content, passages, cue, doc_text(doc)), cue, noun_phrase(doc, owner), owner, False)


def _according(doc: Doc, according: Token) -> _Found | None:
    """"According to X, ..." or "..., according to X": the clause it modifies, said by X."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    head = according.head
    if lemma_in(head, SPEECH) or (head.dep_ == "ccomp" and lemma_in(head.head, SPEECH)):
        return None  # "X said ..., according to Reuters": X's quote, which Reuters reported
    if according.i > head.i:  # trailing: all the sentence says before it, not the last clause only
        while head.head != head and not lemma_in(head.head, SPEECH):
            head = head.head
    content = _modified_clause(doc, according, head)
    if content is None:
        return None
    source = doc[pobj.left_edge.i:pobj.right_edge.i + 1]
    return _Found(content, (according.idx, to.idx + len(to.text)), source, pobj)


def _in_view(doc: Doc, prep: Token) -> _Found | None:
    """"In a CNN poll, Clinton led by 5 points", "Trump is ahead in the polls", "in his view": the
    clause it modifies is what the poll (or the view) holds, unless a cue of its own reports it."""
    if prep.dep_ != "prep":
        return None
    clause = prep.head  # the verb of the clause it modifies: "is [well ahead] in", "continues to [lead] in"
    while clause.pos_ not in ("VERB", "AUX") or clause.dep_ == "xcomp":
        if clause.head == clause:
            return None
        clause = clause.head
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or lemma_in(clause, lexicons_now().cues):
        return None
    lemma = pobj.lemma_.lower()
    held = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in pobj.children)
    if not (lemma in _POLLS or (lemma in _VIEWS and held)):  # "in his words", never "in other words"
        return None
    content = _modified_clause(doc, prep, clause)
    if content is None:
        return None
    return _Found(content, (prep.idx, prep.idx + len(prep)), doc[pobj.left_edge.i:pobj.right_edge.i + 1], pobj, False)


def _modified_clause(doc: Doc, modifier: Token, head: Token | None = None) -> tuple[int, int] | None:
    """The clause (of ``head``, else of the modifier's head) a fronted or trailing phrase modifies,
    without that phrase: after it when it comes first ("According to X, ..."), before it when it
    trails ("... in the polls")."""
    head = head or modifier.head
    skip = {t.i for t in modifier.subtree}
    tokens = [t for t in head.subtree if t.i not in skip]
    if modifier.i < head.i:
        tokens = [t for t in tokens if t.i > modifier.right_edge.i]
    else:
        tokens = [t for t in tokens if t.i < modifier.i]
    return _span(doc, tokens) if tokens else None


def _source(doc: Doc, verb: Token) -> tuple[Span | None, Token | None, tuple[int, int]]:
    """The source of a cue and the cue's own span (with a particle: "pointed out")."""
    cue_start, cue_end = verb.idx, verb.idx + len(verb.text)
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            cue_end = child.idx + len(child.text)
    # "Yonhap quoted X as saying": the source is the object of "quoted"
    if verb.lemma_ == "say" and verb.head.lower_ == "as" and verb.head.head.lemma_ == "quote":
        quoted = verb.head.head
        obj = next((c for c in quoted.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None:
            return noun_phrase(doc, obj), obj, (quoted.idx, cue_end)
    subject_of = verb
    while True:
        subj = next((c for c in subject_of.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subj is not None and subj.lower_ in ("who", "that", "which") and subject_of.dep_ == "relcl":
            # "Trump, who said ...": the source as written is "who"; it names the noun it hangs from
            return doc[subj.i:subj.i + 1], subject_of.head, (cue_start, cue_end)
        if subj is not None:
            if subj.dep_ == "nsubjpass":
                agent = next((c for c in subject_of.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    return noun_phrase(doc, pobj), pobj, (cue_start, cue_end)
            return noun_phrase(doc, subj), subj, (cue_start, cue_end)
        # "he smiled and said", "refused to say", "spoke, saying": the governing verb's subject
        if subject_of.dep_ in ("conj", "xcomp", "advcl") and subject_of.head.pos_ in ("VERB", "AUX"):
            subject_of = subject_of.head
            continue
        # "Trump, who said ...": the noun the clause describes
        if subject_of.dep_ in ("relcl", "acl") and subject_of.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return noun_phrase(doc, subject_of.head), subject_of.head, (cue_start, cue_end)
        return None, None, (cue_start, cue_end)


def _named_near(doc: Doc, verb: Token, pe: int) -> tuple[Span | None, Token | None]:
    """The name between a quotation's end (``pe``) and its cue, else just after the cue ('"...,"
    Rep. Ann Lee said', '"...," said Rep. Ann Lee'), for when the parse made a phrase of the
    quotation the cue's subject."""
    if verb.idx < pe:
        return None, None
    first = verb.i
    while first > 0 and doc[first - 1].idx >= pe:
        first -= 1
    between = list(doc[first:verb.i])
    after = list(doc[verb.i + 1:verb.i + 5])
    name = next((t for t in [*between, *after] if t.pos_ in ("PROPN", "NOUN", "PRON")
                 and t.ent_type_ not in ("DATE", "TIME")), None)
    while name is not None and name.dep_ in ("compound", "amod", "det") and name.head.i > name.i:
        name = name.head  # "Rep." of "Rep. Ann Lee": the name it belongs to
    return (noun_phrase(doc, name), name) if name is not None else (None, None)


def _span(doc: Doc, tokens, skip_first: bool = False) -> tuple[int, int] | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    if skip_first:
        tokens = tokens[1:]
    while tokens and (tokens[0].is_space or tokens[0].is_punct and tokens[0].text not in _OPEN):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct and tokens[-1].text not in ("”", '"', "»", "''")):
        tokens = tokens[:-1]
    if not tokens or sum(1 for t in tokens if not t.is_punct) < 2:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _within(token: Token, ancestor: Token) -> bool:
    return ancestor.left_edge.i <= token.i <= ancestor.right_edge.i and (token == ancestor or ancestor in token.ancestors)


def _contiguous_before(tokens: list[Token], verb: Token) -> list[Token]:
    """The run of tokens that ends closest to ``verb`` without a gap."""
    tokens = sorted(tokens, key=lambda t: t.i)
    run = [tokens[-1]]
    for t in reversed(tokens[:-1]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
        else:
            break
    return run


def _widen(content: tuple[int, int], passages, cue: tuple[int, int], text: str) -> tuple[int, int]:
    """A content that starts a quoted passage takes the whole passage (not across its cue); one that
    starts inside a passage and runs to its end (but for punctuation: '“A. B,” he said'), before the
    cue, takes the passage's start."""
    s, e = content
    for ps, pe in passages:
        if ps <= s <= ps + 2 and pe > e and not (ps < cue[0] < pe):
            return ps, pe
        if ps < s < pe and cue[0] >= pe and not any(ch.isalnum() for ch in text[e:pe]):
            return ps, e
    return s, e


def _drop_nested_self_reports(found: list[_Found], passages) -> list[_Found]:
    """Inside a quotation, "I think", "we hope", "she wants" and "he told me" are part of what is
    quoted, not a second quotation; a named third party quoted inside a quote ("Jones said Smith told
    him X") keeps its own entry, with its own speaker."""
    spans = [f.content for f in found] + list(passages)
    out = []
    for f in found:
        inside = any(s < f.cue[0] < e and (s, e) != f.content for s, e in spans)
        if inside and (not f.speech or f.source_head is None or f.source_head.pos_ == "PRON"):
            continue
        out.append(f)
    return out


def _unreached_passages(doc: Doc, passages, found: list[_Found]) -> list[_Found]:
    """All quotations in text order, with the quoted passages that no cue governs added: a speech
    cue in the passage's sentence gives its speaker, else, when the passage continues a quote ('"A,"
    he said. "B."', a paragraph that only goes on quoting), the speaker and cue of that quote: the last
    one spoken (not thought or judged: '..., who has been challenging the industry. "I doubt it."')."""
    text = doc.text
    out = sorted(found, key=lambda f: f.content)
    sentences: list[Span] | None = None
    quoted: list[bool] = []
    spoken = [(ps, pe) for ps, pe in passages if len(text[ps:pe].split()) >= 3]  # shorter: scare quotes
    for ps, pe in spoken:
        if any(_shares_half((ps, pe), f.content) and not _cue_in(f, (ps, pe)) for f in out):
            continue  # reached by a cue outside it: one inside governs a quote within the quote
        earlier = [f for f in out if f.content[1] <= ps + 1 and f.source is not None and f.speech]
        previous = earlier[-1] if earlier else None
        if sentences is None:
            sentences = list(doc.sents)
            quoted = quoted_tokens(doc, spoken)  # a word in scare quotes may still be the cue ('He "said" ...')
        cue = _sentence_cue(doc, sentences, ps, pe, quoted)
        source, head, cue_span = _source(doc, cue) if cue is not None else (None, None, None)
        if source is not None and ps <= source.start_char < pe:  # '"... One of the best," said Rep. Lee'
            source, head = _named_near(doc, cue, pe)
        if source is not None:
            out.append(_Found((ps, pe), cue_span, source, head))
        elif previous is not None and _continues(text, previous, ps, passages):
            out.append(_Found((ps, pe), previous.cue, previous.source, previous.source_head))
        else:
            colon = _colon_source(doc, ps, pe)
            if colon is not None:
                out.append(colon)
        out.sort(key=lambda f: f.content)
    return out


_SIGNATURE = re.compile(r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*(?=\w)")
_MAX_SIGNATURE_TOKENS = 6


def _signature(doc: Doc, pe: int) -> tuple[tuple[int, int], Span, Token] | None:
    """The cue (the dash), name and name's head of a signed quotation: a dash after the passage's
    end on its line and then a name, up to a comma, full stop or the line's end ('"...” ― Pamela
    Padilla', '"..." — Jane Doe, 34, of Austin'), as testimonials and pull quotes are signed."""
    m = _SIGNATURE.match(doc_text(doc), pe)
    if m is None:
        return None
    first = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    if first is None:
        return None
    end = first.start
    while end < len(doc) and not (doc[end].is_space or doc[end].text in (",", ".", ";", "(")):
        end += 1
    name = doc[first.start:end]
    if not 0 < len(name) <= _MAX_SIGNATURE_TOKENS:
        return None
    if not all(t.is_title or t.pos_ == "PROPN" or t.is_punct for t in name):
        return None  # '"a disaster" — Smith disagreed': a sentence goes on, no one signs
    return (m.start(1), m.end(1)), name, name.root


def _continues(text: str, previous: _Found, ps: int, passages) -> bool:
    """Whether a passage at ``ps`` goes on with the quote ``previous``: in the same paragraph; or in
    the next one when nothing but quoted passages, or only the sentence of the quote's own cue, lies
    between."""
    between = text[previous.content[1]:ps]
    if "\n" not in between:
        return True
    if between.count("\n") > 2:
        return False
    if _only_quotes_between(text, previous.content[1], ps, passages):
        return True
    cue_inside = previous.content[1] <= previous.cue[0] < ps
    sentences = [x for x in re.split(r"[.!?]\s", between) if any(ch.isalnum() for ch in x)]
    return cue_inside and len(sentences) <= 1


def _sentence_cue(doc: Doc, sentences: list[Span], ps: int, pe: int, quoted: list[bool]) -> Token | None:
    """A speech verb outside every quoted passage (``quoted``: each token's flag; not the "says" in
    the first half of '"Trump says A," Lee said, "but B."') in the sentence that holds the passage's
    start, or its end when a "?" or "!" inside it ended a sentence ('"Do I think so? No," said
    Obama.'); in the sentence just before when the passage follows a colon ("He said:"); or at the
    start of the sentence just after when the passage's own "?" or "!" ended its sentence ('"Why?"
    Vitter demanded.')."""
    span = doc.char_span(ps, pe, alignment_mode="expand")
    if span is None:
        return None
    starts = [s.start for s in sentences]
    n = bisect_right(starts, span.start) - 1
    candidates = [sentences[n]]
    after = bisect_right(starts, span.end - 1)  # the sentence after the one that ends the passage
    if after - 1 != n:
        candidates.append(sentences[after - 1])
    if n > 0 and _colon_before(doc, span.start) is not None:
        candidates.append(sentences[n - 1])
    if after < len(sentences) and sentences[after].start == span.end:
        candidates.append(sentences[after][:_TRAILING_CUE_TOKENS])
    for sent in candidates:
        for t in sent:
            if quoted[t.i]:
                continue
            if t.pos_ in ("VERB", "AUX") and lemma_in(t, SPEECH):
                return t
    return None


def _colon_before(doc: Doc, i: int) -> Token | None:
    """The colon just before token ``i`` (across spaces and line breaks), if there is one."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 and doc[i].text == ":" else None


def _colon_source(doc: Doc, ps: int, pe: int) -> _Found | None:
    """'Rhimes declared the need for ambition: "Change the world."': a passage after a colon is
    said by the subject of the clause the colon ends."""
    span = doc.char_span(ps, pe, alignment_mode="expand")
    colon = _colon_before(doc, span.start) if span is not None else None
    if colon is None or colon.i == 0:
        return None
    head = doc[colon.i - 1]
    while head.head != head and head.dep_ not in ("ROOT",) and head.head.i < colon.i:
        head = head.head
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    return _Found((ps, pe), (colon.idx, colon.idx + 1), noun_phrase(doc, subj), subj)


# "WALLACE: If I may, sir, ...": a line that a speaker's name in capitals and a colon begin.
_TURN = re.compile(r"^[\"“]?([A-Z][A-Z.'’ -]{0,30}[A-Z.]): +(\S[^\n]*)$", re.MULTILINE)
# Labels that begin a line the way a speaker does but that no one speaks.
_NOT_SPEAKERS = frozenset({"UPDATE", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "WATCH", "RELATED", "READ MORE",
                           "CORRECTION", "CLARIFICATION", "SOURCE", "SOURCES", "PHOTO", "VIDEO", "CAPTION",
                           "FILE", "Q", "A", "ALSO", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION"})


def _transcript_turns(doc: Doc) -> list[_Found]:
    """An interview or debate transcript's turns ("PENCE: Well, look, ..."), each what its speaker
    said: lines that a name in capitals and a colon begin, when at least one speaker has two turns
    (a single "WASHINGTON: ..." is a dateline)."""
    turns = [m for m in _TURN.finditer(doc_text(doc))
             if m.group(1).strip(" .") not in _NOT_SPEAKERS and len(m.group(1).split()) <= 3]
    labels = [m.group(1) for m in turns]
    if not any(labels.count(label) > 1 for label in labels):
        return []
    out = []
    for m in turns:
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        content = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        span = _span(doc, content) if content is not None else None
        if name is None or span is None or name.root.ent_type_ in ("GPE", "LOC", "DATE", "TIME"):
            continue
        out.append(_Found(span, (m.end(1), m.end(1) + 1), name, name.root))
    return out


def _outside_turn_labels(found: list[_Found], turns: list[_Found]) -> list[_Found]:
    """``found`` less the contents that hold a transcript turn's "NAME:": they misread the
    transcript (a stray quotation mark before the name)."""
    return [f for f in found if not any(_cue_in(t, f.content) for t in turns)]


_HEADLINE_COLON = re.compile(r"^([^\n:]{2,40}): ([^\n]{8,})$", re.MULTILINE)


def _headline_colons(doc: Doc) -> list[_Found]:
    """'Sanders: It Is Not A Radical Idea': a line that a name (a few words, no verb) and a colon
    begin is what the name said."""
    out = []
    for m in _HEADLINE_COLON.finditer(doc_text(doc)):
        name = doc.char_span(m.start(1), m.end(1))
        if name is None or len(name) > 5 or not any(t.pos_ == "PROPN" for t in name):
            continue
        if any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in name) or name.text.isupper():
            continue  # "WASHINGTON: ..." is a dateline
        if name.text.upper() in _NOT_SPEAKERS:
            continue  # "Editor's note: ..." is the paper's own voice
        if name.root.ent_type_ in ("GPE", "LOC", "DATE", "TIME"):
            continue
        content = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        span = _span(doc, content) if content is not None else None
        if span is None:
            continue
        head = name.root
        out.append(_Found(span, (m.end(1), m.end(1) + 1), name, head))
    return out


def _only_quotes_between(text: str, a: int, b: int, passages) -> bool:
    """Whether nothing but punctuation, space and quoted passages lies between ``a`` and ``b``."""
    rest = list(text[a:b])
    for ps, pe in passages:
        for i in range(max(ps, a), min(pe, b)):
            rest[i - a] = " "
    return not any(ch.isalnum() for ch in rest)


def _covers_half(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether ``a`` covers at least half of ``b``."""
    return (min(a[1], b[1]) - max(a[0], b[0])) * 2 >= b[1] - b[0]


def _shares_half(a: tuple[int, int], b: tuple[int, int]) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0 and overlap * 2 >= min(a[1] - a[0], b[1] - b[0])


def _cue_in(f: _Found, span: tuple[int, int]) -> bool:
    """Whether ``f``'s cue starts inside ``span``: ``f`` is then a quote within that content."""
    return span[0] <= f.cue[0] < span[1]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
