"""The quote cross-validation's parts: its folds, the lexicons learnt from a fold, and annotating
with a fold's lexicons and model instead of the shipped ones."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from storyline.annotate.attribution_model import model_in_use, role_tags, tag
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.quotes import (FEATURE_CUES, LEARNED_NOUNS, lexicons, lexicons_in_use, quote_passages,
                                       read_cues, rule_attributions)
from storyline.config import Config

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))

from polnear_crf import example, train  # noqa: E402
from polnear_cues import lexicon  # noqa: E402
from quotes_cv import folds, main  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Config().spacy_model)


def test_folds_are_disjoint_cover_every_article_and_do_not_depend_on_order():
    names = [f"publisher{n % 7}_{n:03d}" for n in range(103)]
    split = folds(names, 5)
    assert len(split) == 5 and sorted(n for f in split for n in f) == sorted(names)
    assert {len(f) for f in split} == {20, 21}
    shuffled = names[:]
    random.Random(1).shuffle(shuffled)
    assert folds(shuffled, 5) == split
    assert folds(names, 5, seed=25) != split
    # a fold mixes publishers (sorted names group them)
    assert all(len({n.split("_")[0] for n in f}) > 1 for f in split)


def test_a_folder_without_train_and_dev_is_rejected_by_name(tmp_path, capsys):
    (tmp_path / "train" / "text").mkdir(parents=True)
    assert main([str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{tmp_path}: no dev/text\n"


def _gold(text, *roles):
    """Gold attributions as ``read_ann`` gives them, from (role, piece of ``text``) pairs."""
    spans = {role: [(text.index(piece), text.index(piece) + len(piece))] for role, piece in roles}
    return [{"content": spans.get("content", []), "source": spans.get("source", []), "cue": spans.get("cue", [])}]


def test_a_fold_s_lexicon_holds_the_cues_its_articles_annotate(nlp):
    texts = ["Senator Ann Lee tooted that the plan would fail.", "The mayor tooted that taxes would rise."]
    examples = [(nlp(t), _gold(t, ("cue", "tooted"))) for t in texts]
    learned = read_cues(lexicon(examples, "VERB", min_cues=2))
    assert learned == {"toot": ("ccomp",)}
    assert read_cues(lexicon(examples, "VERB", min_cues=3)) == {}


def test_lexicons_in_use_change_the_rules_and_the_features_only_meanwhile(nlp):
    text = "Senator Ann Lee tooted the new plan on Monday."
    doc = nlp(text)
    tooted = 3
    assert rule_attributions(doc, quote_passages(text)) == [] and "cue" not in example(doc, [])[0][tooted]
    with lexicons_in_use(lexicons({"toot": ("dobj",)}, LEARNED_NOUNS)):
        [found] = rule_attributions(doc, quote_passages(text))
        assert text[found.content[0]:found.content[1]] == "the new plan"
        assert "cue" in example(doc, [])[0][tooted]  # the CRF's features see the fold's cues too
    assert rule_attributions(doc, quote_passages(text)) == [] and "toot" not in FEATURE_CUES


def _span(text, piece):
    return text.index(piece), text.index(piece) + len(piece)


def test_model_in_use_tags_with_a_fold_s_model_then_the_shipped_one_again(nlp, tmp_path):
    # a model taught the roles the other way round: contents as sources, sources as contents
    examples = []
    for text, source, content in [
            ("Senator Ann Lee said the budget would pass.", "Senator Ann Lee", "the budget would pass"),
            ("Mayor Tom Reyes said that taxes would rise.", "Mayor Tom Reyes", "taxes would rise")]:
        doc = nlp(text)
        spans = [("CON", _span(text, source)), ("CUE", _span(text, "said")), ("SRC", _span(text, content))]
        examples.append((example(doc, [])[0], role_tags(doc, spans)))
    model = tmp_path / "fold.crfsuite"
    train(examples, model, {"c1": 0.0, "c2": 0.01, "max_iterations": 50})
    items, _ = example(nlp("Governor Kim Park said the bridge would close."), [])
    bridge = 5
    shipped, _ = tag(items)
    with model_in_use(model):
        swapped, _ = tag(items)
    assert shipped[bridge].endswith("CON") and swapped[bridge].endswith("SRC")
    assert tag(items)[0] == shipped
