"""The attribution CRF: tags from spans, attributions from tags, and the trained model on sentences
written here."""

from __future__ import annotations

import pytest

from storyline.annotate.attribution_model import Tagged, attributions, features, role_tags, tag
from storyline.annotate.entities import mentions_from_doc
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.quotes import (FEATURE_CUES, quote_passages, quoted_tokens, quotes_from_doc,
                                       _merge, _crf_boundary_wins, rule_attributions, rule_tags)
from storyline.config import Config


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Config().spacy_model)


def span(text, piece):
    """The character span of ``piece``'s first occurrence in ``text``."""
    return text.index(piece), text.index(piece) + len(piece)


def spans_of(text, *pieces):
    """(role, character span) of each piece."""
    return [(role, span(text, p)) for role, p in pieces]


def test_role_tags_begin_each_span_and_first_span_wins(nlp):
    text = "Senator Ann Lee said the plan would fail."
    doc = nlp(text)
    tags = role_tags(doc, spans_of(text, ("SRC", "Senator Ann Lee"), ("CUE", "said"),
                                   ("CON", "the plan would fail"), ("CON", "Lee said")))
    assert tags == ["B-SRC", "I-SRC", "I-SRC", "B-CUE", "B-CON", "I-CON", "I-CON", "I-CON", "O"]


def test_contents_around_one_cue_are_one_attribution_with_the_cue_s_source(nlp):
    text = '"We will win," Senator Ann Lee said, "and soon." Officials said nothing.'
    doc = nlp(text)
    tags = role_tags(doc, spans_of(text, ("CON", '"We will win,"'), ("SRC", "Senator Ann Lee"),
                                   ("CUE", "said"), ("CON", '"and soon."')))
    found = attributions(doc, tags)
    assert len(found) == 1
    a = found[0]
    assert [text[s:e] for s, e in a.contents] == ['"We will win,"', '"and soon."']
    assert text[a.cue[0]:a.cue[1]] == "said" and a.source.text == "Senator Ann Lee"


def test_a_content_without_a_cue_nearby_is_no_attribution(nlp):
    text = "The plan would fail. Nobody knew why. The vote was on Monday."
    doc = nlp(text)
    tags = role_tags(doc, spans_of(text, ("CON", "The plan would fail")))
    assert attributions(doc, tags) == []


def _features(nlp, text):
    """The parse of ``text`` and the CRF's features for it, as ``quotes`` makes them."""
    doc = nlp(text)
    passages = quote_passages(text)
    return doc, features(doc, rule_tags(doc, rule_attributions(doc, passages)), quoted_tokens(doc, passages),
                         FEATURE_CUES)


def test_features_see_the_rules_and_the_governing_cue(nlp):
    doc, items = _features(nlp, "Senator Ann Lee said the plan would fail.")
    plan = items[[t.text for t in doc].index("plan")]
    assert "r=I-CON" in plan and "gl=say" in plan and "g=ccomp" in plan
    assert "cue" in items[3] and "r=B-CUE" in items[3]


def test_features_see_the_cue_words_around_a_token_in_its_sentence(nlp):
    doc, items = _features(nlp, "The plan will fail badly next year, the mayor said. Rain fell: heavy rain.")
    words = [t.text for t in doc]
    plan = items[words.index("plan")]
    assert "rc=say|4" in plan and not any(f.startswith("lc=") for f in plan)
    mayor = items[words.index("mayor")]
    assert "rc=say|1" in mayor and "sp0" not in mayor
    period = items[words.index(".")]
    assert "lc=say|1" in period and "se1" in period
    heavy = items[words.index("heavy")]  # the next sentence: no cue around it, a colon before it
    assert "aftercolon" in heavy and not any(f.startswith(("lc=", "rc=")) for f in heavy)


def test_quoted_tokens_follow_the_marks(nlp):
    text = 'He called it "a disgrace" on Monday.'
    doc = nlp(text)
    assert [t.text for t, q in zip(doc, quoted_tokens(doc, quote_passages(text))) if q] == ['"', "a", "disgrace", '"']


def test_trained_model_tags_deterministically(nlp):
    doc, items = _features(nlp, "Senator Ann Lee said on Monday that the budget would pass.")
    tags, sure = tag(items)
    assert (tags, sure) == tag(items) and all(0.0 < p <= 1.0 for p in sure)
    assert tags[[t.text for t in doc].index("budget")].endswith("CON")
    assert tags[[t.text for t in doc].index("said")] == "B-CUE"


def quotes(nlp, text):
    doc = nlp(text)
    return quotes_from_doc(doc, mentions_from_doc(doc, "t"), "t")


@pytest.mark.parametrize("text, content, cue, speaker", [
    ("Senator Ann Lee drafted a proposal to lower the tax on diesel.",
     "to lower the tax on diesel", "drafted a proposal", "Senator Ann Lee"),
    ("Governor Tom Reyes has doubts about the new voting rules.",
     "the new voting rules", "has doubts about", "Governor Tom Reyes"),
])
def test_the_crf_finds_cues_no_rule_knows(nlp, text, content, cue, speaker):
    doc = nlp(text)
    assert rule_attributions(doc, quote_passages(text)) == []
    [q] = quotes(nlp, text)
    assert (q.text, q.cue, q.speaker) == (content, cue, speaker)
    assert text[q.start:q.end] == q.text and text[q.cue_start:q.cue_end] == q.cue


def test_the_likelier_crf_boundary_wins_unless_it_undoes_a_deliberate_cut(nlp):
    text = "Lee criticized the efforts of a donor to attack Trump, the front-runner."
    doc = nlp(text)
    likely, unsure, sure = [0.6] * len(doc), [0.4] * len(doc), [0.9] * len(doc)
    rule, crf = span(text, "the efforts of a donor"), span(text, "the efforts of a donor to attack Trump")
    assert _crf_boundary_wins(doc, crf, rule, likely, []) and not _crf_boundary_wins(doc, crf, rule, unsure, [])
    # past a comma at the rule's end: the rules cut a trailing aside there
    rule, crf = crf, span(text, "the efforts of a donor to attack Trump, the front-runner")
    assert not _crf_boundary_wins(doc, crf, rule, likely, []) and _crf_boundary_wins(doc, crf, rule, sure, [])
    # a CRF content that also starts earlier is judged by where it ends
    rule = span(text, "a donor to attack Trump")
    assert _crf_boundary_wins(doc, span(text, "the efforts of a donor to attack Trump"), rule, likely, [])
    assert not _crf_boundary_wins(doc, span(text, "the efforts of a donor to attack Trump, the front-runner"), rule, likely, [])
    # over another quote's cue
    text = "Lee said that the budget was late and warned that taxes would rise."
    doc = nlp(text)
    rule, crf = span(text, "that the budget was late"), span(text, "that the budget was late and warned that taxes would rise")
    assert _crf_boundary_wins(doc, crf, rule, [0.6] * len(doc), [])
    assert not _crf_boundary_wins(doc, crf, rule, [0.6] * len(doc), [span(text, "warned")])


def test_the_rules_boundary_stands_where_the_crf_is_unsure(nlp):
    qs = quotes(nlp, "Mayor Ann Lee said that the budget was late and warned that taxes would rise.")
    assert sorted((q.cue, q.text) for q in qs) == [("said", "that the budget was late"),
                                                   ("warned", "that taxes would rise")]


def test_a_rule_quote_inside_a_crf_content_does_not_lend_it_its_cue(nlp):
    text = '"It is smart for the president to say the deal is fair," Senator Ann Lee said.'
    doc = nlp(text)
    rules = rule_attributions(doc, quote_passages(text))
    inner = next(f for f in rules if text[f.cue[0]:f.cue[1]] == "say")
    whole = (0, text.index(",\"") + 2)
    said = text.rindex("said")
    merged = _merge(doc, [inner], [Tagged((whole,), (said, said + 4), None)], [1.0] * len(doc), [False] * len(doc))
    outer = next(f for f in merged if f.content == whole)
    assert text[outer.cue[0]:outer.cue[1]] == "said" and outer.source.text == "Senator Ann Lee"
    assert inner in merged  # the quote within the quote stays, with its own speaker


@pytest.mark.parametrize("text, kept", [
    ("Senator Ann Lee pledged to ban all imports.", False),  # short, unquoted: a stance's object
    ('Senator Ann Lee called the plan "a disgrace".', True),  # quoted words stand on their own
    ("Senator Ann Lee pledged to ban all imports from the country by the end of next year.", True),
])
def test_a_short_unquoted_rule_content_stands_only_where_the_crf_tags_some_of_it(nlp, text, kept):
    doc = nlp(text)
    passages = quote_passages(text)
    found = rule_attributions(doc, passages)
    assert len(found) == 1
    alone = _merge(doc, found, [], [1.0] * len(doc), quoted_tokens(doc, passages))
    assert (alone == found) is kept
    overlapping = Tagged((found[0].content,), found[0].cue, None)
    assert len(_merge(doc, found, [overlapping], [1.0] * len(doc), quoted_tokens(doc, passages))) == 1


def test_the_features_read_the_parse_as_spacy_gives_it(nlp):
    """The features read the tokens' attributes once into lists (``_Tokens``): heads, subtree edges,
    children, sentence roots and strings must be spaCy's own, on a real article (captions, line
    breaks, quotes)."""
    from pathlib import Path

    from storyline.annotate.attribution_model import _Tokens

    seed = next(p for p in sorted((Path(__file__).parent / "fixtures").rglob("*")) if p.suffix in (".txt", ".html"))
    doc = nlp(seed.read_text(encoding="utf-8")[:20000])
    tokens = _Tokens(doc, FEATURE_CUES)
    assert tokens.head == [t.head.i for t in doc]
    assert tokens.left_edge == [t.left_edge.i for t in doc] and tokens.right_edge == [t.right_edge.i for t in doc]
    assert tokens.children == [[c.i for c in t.children] for t in doc]
    assert tokens.sentences == [(s.start, s.end, s.root.i) for s in doc.sents]
    assert (tokens.pos, tokens.dep, tokens.ent) == ([t.pos_ for t in doc], [t.dep_ for t in doc], [t.ent_type_ for t in doc])
    assert tokens.lemma == [t.lemma_.lower() for t in doc] and any(tokens.space)
