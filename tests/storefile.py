"""Reading a store's file from outside the process that writes it (the tests that kill or stop one)."""

from __future__ import annotations

import sqlite3


def count(db, sql: str = "SELECT count(*) FROM articles") -> int:
    """The number ``sql`` counts; 0 while the store has no such table yet (it is still being made)."""
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def integrity(db) -> str:
    """SQLite's verdict on the file: "ok" when it is sound."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
