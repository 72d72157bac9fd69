"""Shared fixtures: the seed articles, fresh stores (SQLite, or PostgreSQL where a test is
parametrised with ``BACKENDS``), a built seed store, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import add, build, open_store
from storyline.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
AFP = "000_8218b4d8405101c4.txt"
ASIA_TIMES = "004_3d8a99a2a312c321.txt"


@pytest.fixture
def seeds() -> Path:
    return SEEDS


# Parametrise a test with this (it takes ``store`` or ``db_url``) to run it on both backends.
BACKENDS = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """Which store the test gets: "sqlite" unless parametrised with ``BACKENDS``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server of the session's own, started on first use (tests/pgserver.py)."""
    from pgserver import PgServer

    server = PgServer()
    yield server
    server.close()


@pytest.fixture
def db_url(backend, tmp_path, request) -> str:
    """A new, empty store: a SQLite file, or a PostgreSQL database of its own."""
    if backend == "postgres":
        return request.getfixturevalue("pg_server").new_database()
    return str(tmp_path / "store.db")


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def built_seed_db(tmp_path_factory) -> Path:
    """A store with the two seeds added and built, made once per test session."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    s = open_store(path)
    add(s, [SEEDS])
    build(s)
    s.close()
    return path


@pytest.fixture
def seed_store(built_seed_db, tmp_path):
    """A private copy of the built seed store."""
    path = tmp_path / "seeds.db"
    shutil.copy(built_seed_db, path)
    s = open_store(path)
    yield s
    s.close()


class Cli:
    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input, env={"STORYLINE_DB": str(self.db)})


@pytest.fixture
def cli(backend, tmp_path, request) -> Cli:
    """The command on a new store: ``cli.db`` in the test's folder, or a PostgreSQL database of its
    own when the test is parametrised with ``BACKENDS``."""
    if backend == "postgres":
        return Cli(request.getfixturevalue("db_url"))
    return Cli(tmp_path / "cli.db")


# An article written to attack the pages: markup in its title, body and URL.
EVIL = {
    "id": "evil/<script>.txt",
    "title": '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">',
    "url": "javascript:window.__pwned = 3",
    "source": '"><script>window.__pwned = 4</script>',
    "published": "2024-03-05",
    "text": ("The council met on Tuesday <script>window.__pwned = 5</script> to approve the flood barrier. "
             'Critics posted <a href="javascript:window.__pwned = 6">a link</a> and "><img src=x onerror=alert(7)> '
             "on the city forum. The mayor of Riverton said the barrier would open in 2025."),
}


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    """The seeds, the bundled Wikinews examples and the attacking article, added and built once."""
    import json

    from storyline.demo import example_inputs

    folder = tmp_path_factory.mktemp("web")
    evil = folder / "evil.jsonl"
    evil.write_text(json.dumps(EVIL) + "\n", encoding="utf-8")
    path = folder / "web.db"
    s = open_store(path)
    report = add(s, [SEEDS, *[p for p in example_inputs() if p.suffix == ".jsonl"], evil])
    assert not report.rejected, report.rejected
    build(s)
    s.close()
    return path
