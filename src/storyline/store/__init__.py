"""The store: SQLite now, PostgreSQL later behind the same interface."""

from __future__ import annotations

import os
from pathlib import Path

from .sqlite import SCHEMA_VERSION, Store

DEFAULT_DB = "storyline.db"


def default_db_path() -> str:
    """``$STORYLINE_DB`` if set, else ``./storyline.db``."""
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


def open_store(path: str | Path | None = None) -> Store:
    return Store(path or default_db_path())


__all__ = ["Store", "open_store", "default_db_path", "SCHEMA_VERSION"]
