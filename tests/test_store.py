import re
import sqlite3
from pathlib import Path

import pytest

from storyline import add, open_store
from storyline.store import SCHEMA_VERSION
from storyline.errors import StoreError
from storyline.ingest.article import make_article

from conftest import BACKENDS

DOCS = Path(__file__).parent.parent / "docs" / "store.md"


def test_wal_mode_and_integrity(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.integrity_ok()


@BACKENDS
def test_adding_twice_changes_nothing(store, seeds):
    first = add(store, [seeds])
    before = store.counts()
    second = add(store, [seeds])
    assert len(first.stored) == 2 and second.stored == [] and len(second.unchanged) == 2
    assert store.counts() == before


@BACKENDS
def test_same_content_under_another_id_is_the_same_article(store, seeds):
    add(store, [seeds])
    again = add(store, [seeds / "000_8218b4d8405101c4.txt"])  # same id, as a single file
    assert again.unchanged == ["000_8218b4d8405101c4.txt"]
    assert store.counts()["articles"] == 2


@BACKENDS
def test_failed_transaction_leaves_nothing(store):
    article = make_article(id="a", raw_text="Some article text here.", origin="a", format="text")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_article(article)
            raise RuntimeError("killed")
    assert store.counts()["articles"] == 0


@BACKENDS
def test_the_store_does_not_ingest_its_own_files(store, tmp_path):
    (tmp_path / "note.txt").write_text("The council met on Tuesday.")
    report = add(store, [tmp_path])  # the store lives in tmp_path too
    assert report.stored == ["note.txt"] and report.rejected == []


@BACKENDS
def test_rejections_recorded_once(store, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    add(store, [tmp_path])
    add(store, [tmp_path])
    assert [(r.code, Path(r.path).name) for r in store.rejections()] == [("empty", "empty.txt")]


def _raw(db_url: str, *statements: str) -> None:
    """Run SQL on the store's database behind the store's back (an old or foreign schema)."""
    if db_url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)
        return
    conn = sqlite3.connect(db_url)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@BACKENDS
def test_other_schema_version_is_refused(db_url):
    _raw(db_url, "CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
         "INSERT INTO store_info VALUES ('schema_version', '0')")
    with pytest.raises(StoreError, match="schema 0"):
        open_store(db_url)


@BACKENDS
def test_an_older_schema_gains_its_new_columns(db_url):
    """A schema-4 store had no change times: opening it adds them and keeps its rows."""
    open_store(db_url).close()
    _raw(db_url, "DROP INDEX stories_changed_at", "ALTER TABLE stories DROP COLUMN changed_at",
         "ALTER TABLE stories DROP COLUMN created_at",
         "INSERT INTO stories(id, title, article_count) VALUES ('s-1', 'Old story', 0)",
         "UPDATE store_info SET value='4' WHERE key='schema_version'")
    with open_store(db_url) as s:
        assert s.get_info("schema_version") == SCHEMA_VERSION
        assert [tuple(r) for r in s.conn.execute("SELECT id, changed_at FROM stories")] == [("s-1", None)]


@BACKENDS
def test_two_stores_opened_at_once_on_a_new_database_make_one_schema(db_url):
    """Two processes opening a new store at once: the second waits for the first's schema."""
    import threading

    errors = []

    def open_one():
        try:
            open_store(db_url).close()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_docs_describe_every_table_and_column(store):
    """docs/store.md has a section per table listing every column, so the store opens cleanly in Datasette."""
    doc = DOCS.read_text()
    # FTS5 keeps its index in shadow tables (article_search_data, ...): SQLite's, not ours.
    tables = [r[1] for r in store.conn.execute("PRAGMA table_list") if r[2] != "shadow" and r[0] == "main"
              and not r[1].startswith("sqlite_")]
    assert "articles" in tables and "sentence_search" in tables
    for table in tables:
        section = re.search(rf"^### `{table}`\n(.*?)(?=^### |\Z)", doc, re.S | re.M)
        assert section, f"docs/store.md has no section for table {table}"
        columns = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            assert f"`{column}`" in section.group(1), f"docs/store.md: {table}.{column} is not documented"
