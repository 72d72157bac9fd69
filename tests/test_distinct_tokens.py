"""The pipeline's faster parts (the distinct-token attribute ruler, the lemmatizer's index as sets)
give spaCy's own annotations, rule exceptions included."""

from __future__ import annotations

import pytest
import spacy

from conftest import SEEDS
from storyline.annotate import nlp as nlp_module
from storyline.annotate.distinct_tokens import DistinctTokenRuler, _single_token_tests
from storyline.annotate.nlp import load_pipeline
from storyline.config import Config

# The small model's multi-token exceptions ("ai n't", "gon na", "let 's", "got ta"), contractions,
# spaces, zero-width and right-to-left characters, an empty line, and words in capitals.
ODD = ("I ain't gonna go, let's see. Gotta run!  It's 5 o'clock; we're done.\n\n"
       "Whatcha doin'? Y'all can't -- \u200b\u202e THE END, but THAT one. Those who'd said that left.")


@pytest.fixture(scope="module")
def pipelines(monkeypatch_module):
    ours = load_pipeline(Config().spacy_model)
    monkeypatch_module.setattr(nlp_module, "use_distinct_tokens", lambda nlp: None)
    monkeypatch_module.setattr(nlp_module, "_lemma_index_as_sets", lambda nlp: None)
    theirs = load_pipeline(Config().spacy_model)
    return ours, theirs


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def attributes(doc):
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]


def test_the_pipeline_uses_it_in_the_attribute_ruler_s_place(pipelines):
    ours, theirs = pipelines
    assert "attribute_ruler" in theirs.pipe_names and "attribute_ruler" not in ours.pipe_names
    assert ours.pipe_names.index("storyline_attribute_ruler") == theirs.pipe_names.index("attribute_ruler")
    index = [nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index").get("noun") for nlp in pipelines]
    assert isinstance(index[0], frozenset) and isinstance(index[1], list) and index[0] == set(index[1])


@pytest.mark.parametrize("text", [ODD, "", " ", "\n"] + [p.read_text() for p in sorted(SEEDS.glob("*.txt"))],
                         ids=["odd", "empty", "space", "newline", "seed-afp", "seed-asia-times"])
def test_same_annotations_as_spacy_s_attribute_ruler(pipelines, text):
    ours, theirs = pipelines
    mine, spacys = attributes(ours(text)), attributes(theirs(text))
    assert mine == spacys
    if text is ODD:  # the exceptions were met: rules of two tokens set these lemmas
        assert any(t[0] == "ai" and t[3] == "be" for t in mine)
        assert any(t[0] == "'s" and t[3] == "us" for t in mine)


def test_only_single_token_tests_of_known_kinds_are_decided_per_distinct_token():
    assert _single_token_tests([[{"TAG": "NN"}]]) is not None
    assert _single_token_tests([[{"TAG": {"IN": ["NN", "NNS"]}, "LOWER": {"REGEX": "^a"}}]]) is not None
    assert _single_token_tests([[{"LOWER": "gon"}, {"LOWER": "na"}]]) is None  # two tokens
    assert _single_token_tests([[{"TAG": "NN"}], [{"TAG": "NNS"}]]) is None  # two patterns
    assert _single_token_tests([[{"TAG": "NN", "OP": "+"}]]) is None  # an operator
    assert _single_token_tests([[{"LENGTH": {">=": 3}}]]) is None  # an attribute it does not read


def test_a_later_rule_wins_and_other_rules_go_through_a_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "bank"}]], {"POS": "NOUN", "LEMMA": "bank"})
    ruler.add([[{"LOWER": {"IN": ["bank", "banks"]}}]], {"POS": "VERB"})
    ruler.add([[{"LOWER": "river"}, {"LOWER": "bank"}]], {"POS": "PROPN"}, index=1)
    ruler.add([[{"LOWER": {"REGEX": "^ban"}, "IS_SPACE": False}]], {"MORPH": "Number=Sing"})
    distinct = DistinctTokenRuler(ruler)
    text = "The bank and the river bank. Banks ban."
    assert attributes(distinct(nlp.make_doc(text))) == attributes(ruler(nlp.make_doc(text)))
    doc = distinct(nlp.make_doc(text))
    assert [(t.pos_, t.lemma_) for t in doc[:2]] == [("", ""), ("VERB", "bank")]
    assert doc[5].pos_ == "PROPN"  # the two-token rule, added last, wins over the single-token ones
