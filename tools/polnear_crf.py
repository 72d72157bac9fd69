"""Train the attribution CRF (``annotate/polnear_attribution.crfsuite``) on PolNeAR's train split.

    python tools/polnear_crf.py ../shared/data/polnear/train src/storyline/annotate/polnear_attribution.crfsuite

Each train article is parsed as ``storyline annotate`` parses it and run through the rules of
``annotate.quotes``; the CRF learns the gold tags (``B-``/``I-`` source, cue and content, from the
``E`` relations of ``attributions/*.ann``) from the features of ``annotate.attribution_model``, the
rules' tags among them. Only the train split is read (dev and test are for measuring). Training is
deterministic (L-BFGS from zero weights, 2,000 iterations: still short of convergence, but the
nearer, the less a small change of the rules moves the model), about 85 minutes on two cores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from quotes import articles  # the benchmark's brat reader

from storyline.annotate.attribution_model import features, role_tags
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.quotes import lexicons_now, quote_passages, quoted_tokens, rule_attributions, rule_tags
from storyline.config import Config

PARAMS = {"c1": 4.0, "c2": 0.01, "max_iterations": 2000, "feature.minfreq": 2, "feature.possible_transitions": True}


def gold_tags(doc, gold: list[dict]) -> list[str]:
    """The gold attributions as tags: sources, cues, then contents (a token has one role)."""
    spans = [(role, r) for g in gold for role, key in (("SRC", "source"), ("CUE", "cue"), ("CON", "content"))
             for r in g[key]]
    return role_tags(doc, spans)


def example(doc, gold: list[dict]) -> tuple[list[list[str]], list[str]]:
    """One article's features and gold tags, with the lexicons in use (``quotes.lexicons_in_use``)."""
    passages = quote_passages(doc.text)
    found = rule_attributions(doc, passages)
    items = features(doc, rule_tags(doc, found), quoted_tokens(doc, passages), lexicons_now().feature_cues)
    return items, gold_tags(doc, gold)


def train(examples, model: Path, params: dict = PARAMS) -> None:
    """Write the CRF learnt from (features, gold tags) pairs to ``model``."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for items, tags in examples:
        trainer.append(items, tags)
    trainer.set_params(params)
    trainer.train(str(model))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="PolNeAR train (with text/ and attributions/)")
    parser.add_argument("model", type=Path, help="where to write the model")
    args = parser.parse_args(argv)
    nlp = load_pipeline(Config().spacy_model)
    examples = [example(nlp(text), gold) for _, text, gold in articles(args.path)]
    train(examples, args.model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
