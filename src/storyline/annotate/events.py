"""Who did what to whom: PLOVER events from spaCy's parse, each drawn from one sentence.

A trigger is a verb of ``plover.VERBS`` ("invaded"), a verb with its particle ("called for"), or an
event noun carried by a light verb ("held talks", "imposed sanctions"). The actor is the noun of the
sentence that ``event_actor``'s model, learned from coded records, finds likeliest; the target the
subject of a passive, the one asked in a demand, else the object or the object of
with/against/to/on; the place a phrase with in/at/near on the trigger or the clause above it; the
date the time expression of the sentence closest to the trigger. An action governed by
another event ("agreed to cooperate", "threatened to launch an offensive") belongs to that event.
The mode keeps intent and negation: "hopes to organise a summit" is intended, "did not meet" and
"the meeting was put off" are negated; everything else is asserted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

from spacy.tokens import Doc, Span, Token

from ..model import Event, Mention, Participant, Timex
from . import event_actor, plover
from .referents import AGENTS, Referents, noun_phrase

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PHRASE_CUT = frozenset({"relcl", "acl", "appos", "prep"})
_TARGET_PREPS = frozenset({"with", "against", "to", "on", "at", "from", "for", "into"})
_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
_MODALS = frozenset({"will", "would", "shall", "could", "may", "might", "'ll"})
_NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_INNER_PREPS = frozenset({"by", "of", "on", "from", "against", "to", "for"})


def events_from_doc(doc: Doc, mentions: list[Mention], timexes: list[Timex], article_id: str,
                    field: str = "text", offset: int = 0, referents: Referents | None = None,
                    lexicon: plover.Lexicon = plover.LEXICON,
                    actor_model: event_actor.ActorModel | None = None) -> list[Event]:
    """The events of ``doc``. ``mentions`` have offsets into ``doc.text``; ``timexes`` are the
    article's, with offsets into the article text (``doc`` starts at ``offset`` in it); ``lexicon``
    says which words are triggers and ``actor_model`` who does them (others than storyline's own are
    for cross-validation)."""
    actor_model = actor_model or event_actor.load()
    text = doc.text  # Doc.text joins every token on each call: read it once
    if not text.strip():
        return []
    referents = referents or Referents(doc, mentions)
    places = [m for m in mentions if m.label in _PLACE_LABELS]
    found: list[tuple[Token, Token, str]] = []  # (trigger, last token of the trigger, type)
    for token in doc:
        t = _trigger(token, lexicon)
        if t is not None:
            found.append(t)
    demands = _demands(doc)
    demanded = {tok.i for tok, _, _ in demands}
    triggers = {tok.i for tok, _, _ in found} | demanded  # background ones too: they still govern
    found = [f for f in found if not _background(f[0])]
    found = sorted([f for f in found if f[0].i not in demanded] + demands, key=lambda f: f[0].i)
    sentences = list(doc.sents) if found else []  # Token.sent walks the doc each time: look up once
    starts = [s.start for s in sentences]
    events = []
    for tok, last, etype in found:
        if _governed_by_event(tok, triggers):
            continue
        sent = sentences[bisect_right(starts, tok.i) - 1]
        first, final = (tok, last) if tok.i <= last.i else (last, tok)  # "sanctions were imposed"
        actor, target = _participants(doc, tok, referents, lexicon.nouns, actor_model.choose(tok),
                                      asked=etype == "DEMAND" and tok.i in demanded)
        t_start, t_end = first.idx, final.idx + len(final.text)
        s_start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        s_end = sent.start_char + len(sent.text.rstrip())
        events.append(Event(
            article_id=article_id, type=etype, mode=_mode(tok),
            trigger_start=t_start + offset, trigger_end=t_end + offset, trigger=text[t_start:t_end],
            sentence_start=s_start + offset, sentence_end=s_end + offset,
            actor=_shift(actor, offset), target=_shift(target, offset),
            place=_shift(_place(doc, tok, places, referents), offset),
            date=_date(tok, sent, timexes, offset), field=field,
        ))
    return events


def _trigger(token: Token, lexicon: plover.Lexicon) -> tuple[Token, Token, str] | None:
    """(trigger, its last token, PLOVER type) if ``token`` starts an event."""
    verbs, nouns, phrases = lexicon.verbs, lexicon.nouns, lexicon.phrases
    if token.pos_ == "VERB":
        lemma = (plover.lemma_in(token, verbs) or plover.lemma_in(token, plover.LIGHT_VERBS)
                 or plover.lemma_in(token, plover.CANCEL) or token.lemma_.lower())
        for child in token.children:
            if child.dep_ in ("prt", "prep", "dobj") and (lemma, child.lower_) in phrases:
                if (lemma, child.lower_) in plover.CANCEL_PHRASES and _cancels(token, nouns):
                    return None
                return token, child if child.i > token.i else token, phrases[(lemma, child.lower_)]
        if lemma in plover.LIGHT_VERBS or lemma in verbs:
            obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is not None and lemma in plover.LIGHT_VERBS and obj.lemma_.lower() in nouns:
                return token, obj, nouns[obj.lemma_.lower()]
        if lemma in plover.CANCEL and _cancels(token, nouns):
            return None
        if lemma in verbs:
            if lemma in plover.NEEDS_OBJECT and not any(c.dep_ in ("dobj", "dative") for c in token.children):
                return None
            return token, token, verbs[lemma]
    elif token.pos_ == "NOUN" and token.lemma_.lower() in nouns:
        head = token.head
        # "the meeting was put off": a cancelled event, told by its noun
        if token.dep_ in ("nsubjpass", "dobj", "nsubj") and _is_cancel(head):
            return token, token, nouns[token.lemma_.lower()]
    return None


def _background(token: Token) -> bool:
    """An action told as a description ("the equipment seized last year", "forces occupying the
    town"), a circumstance or a condition ("after fighting", "if it is attacked") is not an event of
    the sentence."""
    if token.pos_ == "NOUN":
        return False
    if token.dep_ in ("acl", "relcl", "amod", "nsubj", "dobj", "pobj", "compound"):
        return True
    node = token
    while node.dep_ in ("conj", "xcomp") and node.head != node:
        node = node.head
    # circumstances, purposes and conditions: "after fighting", "to help defend", "if it is attacked"
    return node.dep_ in ("acl", "relcl", "advcl", "pcomp")


def _demands(doc: Doc) -> list[tuple[Token, Token, str]]:
    """"X said Y must do Z": X demands it of Y (CAMEO 10 codes such statements as requests)."""
    out = []
    for token in doc:
        if token.pos_ in ("VERB", "AUX") and token.dep_ == "ccomp" and any(
                c.dep_ == "aux" and c.lower_ in plover.DEMAND_MODALS for c in token.children):
            out.append((token, token, "DEMAND"))
    return out


def _is_cancel(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in plover.CANCEL:
        return True
    return any((lemma, c.lower_) in plover.CANCEL_PHRASES for c in verb.children if c.dep_ == "prt")


def _cancels(verb: Token, nouns: Mapping[str, str]) -> bool:
    """Whether a cancelling verb governs an event noun (then the noun is the event)."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in nouns for c in verb.children)


def _governed_by_event(token: Token, triggers: set[int]) -> bool:
    """Whether another trigger governs this one through a clausal complement ("agreed to cooperate",
    "refused to allow planes to land and evacuate"); events joined by "and" stand side by side."""
    node = token
    while node.dep_ in ("xcomp", "ccomp", "conj", "acomp") and node.head != node:
        sibling = node.dep_ == "conj"
        node = node.head
        if node.i in triggers:
            return not sibling  # "donated and delivered": two events
    return False


def _mode(token: Token) -> str:
    if token.pos_ == "NOUN":
        return "negated" if _is_cancel(token.head) else "asserted"
    if any(c.dep_ == "neg" for c in token.children):
        return "negated"
    node = token
    while node.dep_ in ("xcomp", "conj") and node.head != node:
        node = node.head
        if any(c.dep_ == "neg" for c in node.children):
            return "negated"
        if plover.lemma_in(node, plover.INTENT):
            return "intended"
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in token.children):
        return "intended"
    return "asserted"


def _participants(doc: Doc, trigger: Token, referents: Referents, nouns: Mapping[str, str], actor_tok: Token | None,
                  asked: bool) -> tuple[Participant | None, Participant | None]:
    """The actor, and the target: the subject of a passive verb ("the embassy was attacked"), the one
    asked in a demand ("said Sudan must return the helicopter"), else what ``_target`` finds."""
    verb = trigger.head if trigger.pos_ == "NOUN" else trigger
    subj = _subject(verb)
    target_tok = None
    if subj is not None and (asked or (subj.dep_ == "nsubjpass" and trigger.pos_ != "NOUN")):
        target_tok = subj
    if target_tok is None:
        target_tok = _target(trigger if trigger.pos_ == "NOUN" else verb, nouns)
    if actor_tok is not None and target_tok is not None and actor_tok.i == target_tok.i:
        target_tok = None
    return participant(doc, actor_tok, referents), participant(doc, target_tok, referents)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it is the complement, conjunct or adverbial of."""
    node = verb
    while True:
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None or node.dep_ not in ("xcomp", "conj", "advcl") or node.head == node:
            return subj
        node = node.head


def _target(head: Token, nouns: Mapping[str, str]) -> Token | None:
    """Who the act is done to: an actor (a person, group or place by name, or a pronoun), looked
    for in the object ("met Xi"), a with/against/to... phrase on the trigger or its event noun
    ("held talks with Xi"), the subject of the clause it governs ("demanded that the US match"),
    the action it governs ("offered to hand over the suspects to Britain"), then inside what is
    acted on ("lifted a ban on the FIS", "rejected North Korea's demand", "demanded the withdrawal
    of Serbian forces"). A thing is never the target: "halted missile tests" has none."""
    actions = [head, *(c for c in head.children if c.dep_ == "xcomp")]
    objects = [c for a in actions for c in a.children if c.dep_ in ("dobj", "dative")]
    preps = [pobj for holder in [*objects, *actions] for child in holder.children
             if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS
             for pobj in child.children if pobj.dep_ == "pobj"]
    clauses = [s for c in head.children if c.dep_ == "ccomp" and c.i > head.i
               for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    inside = [t for obj in objects for t in _inner_actors(obj)]
    direct = [t for t in objects if t.lemma_.lower() not in nouns]
    return next((t for t in [*direct, *preps, *clauses, *inside] if _is_actor(t)), None)


def _inner_actors(thing: Token) -> list[Token]:
    """The actors a thing acted on names: its possessor or qualifier ("a U.S. request") and the
    objects of its by/of/on/from/against/to/for phrases."""
    out = [c for c in thing.children if c.dep_ in ("poss", "compound", "amod")]
    for child in thing.children:
        if child.dep_ == "prep" and child.lower_ in _INNER_PREPS:
            out += [c for c in child.children if c.dep_ == "pobj"]
    return out


def _is_actor(token: Token) -> bool:
    """A person, group or place by name, or a noun one qualifies ("Serbian forces", "the Sudanese
    government"), or a personal pronoun; never a date or an amount."""
    if token.ent_type_ in _NOT_PARTICIPANTS:
        return False
    if token.ent_type_ in AGENTS or token.tag_ == "PRP":
        return True
    return any(c.ent_type_ in AGENTS for c in token.children if c.dep_ in ("amod", "compound", "poss"))


def participant(doc: Doc, head: Token | None, referents: Referents) -> Participant | None:
    """The actor or target a head word stands for: its phrase, resolved to a named mention."""
    if head is None:
        return None
    span = _phrase(doc, head)
    mention = referents.resolve(head, span)
    return Participant(span.start_char, span.end_char, span.text,
                       referents.canonical(mention) if mention is not None else None)


def _phrase(doc: Doc, head: Token) -> Span:
    """An actor, target or place: its noun phrase without clauses, appositions, prepositional
    phrases or a leading determiner ("Chinese President Xi Jinping", "Argentinian capital")."""
    return noun_phrase(doc, head, cut=_PHRASE_CUT, determiner=False)


def _place(doc: Doc, trigger: Token, places: list[Mention], referents: Referents) -> Participant | None:
    """A place phrase on the trigger or on a clause above it, in the same sentence."""
    node = trigger
    for _ in range(4):
        for holder in (node, *(c for c in node.children if c.dep_ == "dobj")):
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None and _is_place(pobj, places):
                        span = _phrase(doc, pobj)
                        mention = referents.mention_at(pobj)
                        return Participant(span.start_char, span.end_char, span.text,
                                           mention.text if mention is not None else None)
        if node.head == node:
            break
        node = node.head
    return None


def _is_place(token: Token, places: list[Mention]) -> bool:
    """A named place, or a noun that names one ("the Argentinian capital", "the border")."""
    if any(m.start <= token.idx < m.end for m in places):
        return True
    return token.lemma_.lower() in ("capital", "city", "town", "village", "border", "region", "province",
                                    "country", "camp", "port", "area", "district", "island")


def _date(trigger: Token, sent: Span, timexes: list[Timex], offset: int) -> str | None:
    """The value of the sentence's dated expression nearest to the trigger."""
    lo, hi = sent.start_char + offset, sent.end_char + offset
    at = trigger.idx + offset
    candidates = [t for t in timexes if lo <= t.start and t.end <= hi and t.type == "DATE" and t.date_value
                  and t.value not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF")]
    if not candidates:
        return None
    return min(candidates, key=lambda t: (abs(t.start - at), t.start)).date_value


def _shift(p: Participant | None, offset: int) -> Participant | None:
    if p is None or not offset:
        return p
    return Participant(p.start + offset, p.end + offset, p.text, p.canonical)
