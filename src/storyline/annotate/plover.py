"""The words that signal each PLOVER event type, drawn from the CAMEO categories that
CAMEO2PLOVER-2021 maps to it (the code in the comment) and written as lemmas.

Types follow the PLOVER codebook's names: AGREE, CONSULT, SUPPORT, COOPERATE, AID, CONCEDE,
RETREAT, INVESTIGATE, DEMAND (CAMEO's "request", 10), DISAPPROVE (CAMEO's "accuse", 11), REJECT,
THREATEN, PROTEST, MOBILIZE, SANCTION, COERCE, ASSAULT, FIGHT.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

# Verbs that are events by themselves ("agreed", "invaded").
VERBS: dict[str, str] = {}
# Nouns that are events when a light verb carries them ("held talks", "imposed sanctions") or when
# they are cancelled ("the meeting was put off").
NOUNS: dict[str, str] = {}
# Verb + particle or preposition: "called for", "pulled out", "called off".
PHRASES: dict[tuple[str, str], str] = {}

_VERBS = {
    "AGREE": "agree consent pledge commit accede offer promise undertake volunteer accept",  # 03 express intent to cooperate
    "CONSULT": "meet visit host negotiate consult confer discuss telephone mediate talk",  # 04
    "SUPPORT": "praise endorse back defend apologize apologise forgive commend hail laud thank applaud sign ratify "
               "recognize recognise",  # 05
    "COOPERATE": "cooperate collaborate extradite partner share exchange",  # 06
    "AID": "aid donate assist shelter supply provide deliver",  # 07
    "CONCEDE": "concede yield relent ease relax resign",  # 08 yield
    "RETREAT": "withdraw retreat disarm demobilize demobilise surrender evacuate release free lift",  # 084-087
    "INVESTIGATE": "investigate probe inspect",  # 09
    "DEMAND": "demand urge request appeal seek",  # 10
    "DISAPPROVE": "accuse criticize criticise condemn denounce blame sue indict convict complain allege charge "
                  "censure deplore decry",  # 11
    "REJECT": "reject refuse decline deny dismiss veto oppose defy rebuff spurn",  # 12
    "THREATEN": "threaten warn",  # 13
    "PROTEST": "protest demonstrate rally march riot picket strike boycott block obstruct",  # 14
    "MOBILIZE": "mobilize mobilise deploy mass",  # 15 (PLOVER's military posture)
    "SANCTION": "sanction embargo expel suspend sever freeze prohibit reduce halt stop cut",  # 16
    "COERCE": "arrest detain seize kidnap abduct confiscate outlaw ban deport jail imprison raid "
              "censor sentence demolish repress",  # 17
    "ASSAULT": "kill assassinate bomb shoot torture massacre behead wound injure stab execute murder hijack "
               "detonate",  # 18
    "FIGHT": "fight clash shell invade battle bombard ambush occupy attack",  # 19
}
_NOUNS = {
    "AGREE": "agreement deal accord ceasefire truce pledge",
    "CONSULT": "talk talks meeting summit negotiation negotiations visit consultation dialogue welcome mediation",
    "SUPPORT": "support endorsement apology recognition ties relations",
    "COOPERATE": "cooperation",
    "AID": "aid assistance asylum donation relief arms weapons grant loan food supplies medicine",
    "INVESTIGATE": "investigation probe inquiry inspection hearing",
    "DEMAND": "demand appeal request",
    "DISAPPROVE": "accusation criticism condemnation lawsuit indictment",
    "REJECT": "veto rejection",
    "THREATEN": "threat ultimatum warning",
    "PROTEST": "protest demonstration rally strike riot march boycott sit-in",
    "MOBILIZE": "mobilization deployment",
    "SANCTION": "sanction sanctions embargo",
    "COERCE": "arrest curfew siege crackdown raid",
    "ASSAULT": "bombing assassination massacre killing",
    "FIGHT": "attack offensive invasion fighting clash airstrike assault battle fire shelling",
}
_PHRASES = {
    ("call", "for"): "DEMAND", ("call", "on"): "DEMAND", ("ask", "for"): "DEMAND",
    ("call", "off"): "CONCEDE", ("back", "down"): "CONCEDE", ("give", "in"): "CONCEDE",
    ("pull", "out"): "RETREAT", ("pull", "back"): "RETREAT", ("step", "down"): "RETREAT",
    ("turn", "down"): "REJECT", ("speak", "out"): "DISAPPROVE", ("open", "fire"): "FIGHT",
    ("crack", "down"): "COERCE", ("cut", "off"): "SANCTION", ("break", "off"): "SANCTION",
    ("press", "for"): "DEMAND", ("push", "for"): "DEMAND", ("appeal", "for"): "DEMAND",
    ("look", "into"): "INVESTIGATE", ("sit", "down"): "CONSULT",
}
# Verbs that only carry an event noun: "held talks", "launched an offensive", "imposed sanctions".
LIGHT_VERBS = frozenset(
    "hold have launch mount stage begin start impose conduct carry make reach give provide offer "
    "send deliver grant issue declare open resume renew announce organise organize join lead "
    "order call seek extend continue establish restore upgrade normalize normalise contribute".split())
# Modal verbs that make a reported clause a demand: "said Libya must hand over the suspects".
DEMAND_MODALS = frozenset({"must", "should"})
# Verbs too general to be events without an object: "sought refuge" is a request, "sought to meet" is
# an intent to meet; "provided arms" is aid, "provided that" is not.
NEEDS_OBJECT = frozenset("seek provide deliver supply share charge accept block obstruct reduce halt stop cut".split())
# Verbs that, governing an event, say it did not happen.
CANCEL = frozenset("cancel postpone delay scrap shelve suspend abandon scuttle drop".split())
CANCEL_PHRASES = frozenset({("put", "off"), ("call", "off")})
# Verbs under which an event is intended, not done: "hopes to organise a second summit".
INTENT = frozenset("hope plan intend want seek aim expect propose prepare wish try consider "
                   "offer promise vow pledge agree threaten decide due set schedule ready willing "
                   "likely poise".split())

for _type, _words in _VERBS.items():
    for _w in _words.split():
        VERBS[_w] = _type
for _type, _words in _NOUNS.items():
    for _w in _words.split():
        NOUNS[_w] = _type
PHRASES.update(_PHRASES)


@dataclass(frozen=True)
class Lexicon:
    """Which words are triggers of which type: the lists above, or a lexicon learned from coded
    records (benchmarks/events_cv.py learns one under record-level cross-validation)."""

    verbs: Mapping[str, str]
    nouns: Mapping[str, str]
    phrases: Mapping[tuple[str, str], str]


LEXICON = Lexicon(VERBS, NOUNS, PHRASES)


def lemma_in(token, vocabulary) -> str | None:
    """The token's lemma if ``vocabulary`` has it, trying the plain inflections when the small
    model's lemmatizer slips ("hopes" -> "hop"); None when no form is there."""
    return word_in(token.lemma_.lower(), token.lower_, vocabulary)


def word_in(lemma: str, lower: str, vocabulary) -> str | None:
    """``lemma_in`` for a token's lower-cased lemma and form, read already."""
    if lemma in vocabulary:
        return lemma
    for form in _forms(lower):
        if form in vocabulary:
            return form
    return None


@lru_cache(maxsize=65536)
def _forms(word: str) -> tuple[str, ...]:
    """The word and its plain de-inflections, those longer than two letters (made once per word: a
    news text repeats its words, and every token asks)."""
    forms = [word]
    for suffix, endings in (("ing", ("", "e")), ("ies", ("y",)), ("ied", ("y",)), ("es", ("",)), ("ed", ("", "e")),
                            ("s", ("",))):
        if word.endswith(suffix):
            forms.extend(word[:-len(suffix)] + e for e in endings)
    return tuple(f for f in forms if len(f) > 2)


# PLOVER codes an intention by its sign: to cooperate is AGREE, to act with hostility is THREATEN.
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "AGREE"})
HOSTILE = frozenset({"SANCTION", "COERCE", "ASSAULT", "FIGHT", "PROTEST", "MOBILIZE"})


def plover_code(event_type: str, mode: str) -> str:
    """The PLOVER event code of a storyline event: storyline keeps what is intended ("will meet" is an
    intended CONSULT), PLOVER codes the statement of intent itself (an AGREE; "will impose
    sanctions" a THREATEN)."""
    if mode == "intended":
        if event_type in COOPERATIVE:
            return "AGREE"
        if event_type in HOSTILE:
            return "THREATEN"
    return event_type
