"""The bundled examples and the demo run: ingest them, build, write the report."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def examples_dir() -> Path:
    """The folder of bundled examples (the two seed articles, some Wikinews articles)."""
    return Path(str(resources.files("storyline").joinpath("examples")))


def example_inputs() -> list[Path]:
    """What the demo adds: the seeds folder (with its meta.jsonl) and the Wikinews JSONL."""
    folder = examples_dir()
    return [folder / "seeds", folder / "wikinews.jsonl"]
