"""The store: a SQLite file, or a PostgreSQL database named by a URL, behind one interface (``base.Store``)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from .base import SCHEMA_VERSION, Store
from .sqlite import SQLiteStore

DEFAULT_DB = "storyline.db"
URL_SCHEMES = ("postgresql://", "postgres://")


def default_db_path() -> str:
    """``$STORYLINE_DB`` if set, else ``./storyline.db``."""
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a SQLite file."""
    return str(target).startswith(URL_SCHEMES)


def open_store(target: str | Path | None = None) -> Store:
    """The store at ``target`` (default: ``default_db_path()``): a ``postgresql://USER@HOST:PORT/DB``
    URL opens that database (psycopg, the ``postgres`` extra), anything else is a SQLite file."""
    target = str(target or default_db_path())
    if not is_url(target):
        return SQLiteStore(target)
    try:
        from .postgres import PostgresStore
    except ImportError:
        raise StoreError("a PostgreSQL store needs psycopg: pip install 'storyline[postgres]'") from None
    return PostgresStore(target)


__all__ = ["Store", "SQLiteStore", "open_store", "default_db_path", "is_url", "SCHEMA_VERSION"]
