"""Shared fixtures: the seed articles, fresh stores, a built seed store, and a CLI runner."""

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


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "store.db")
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
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "cli.db")
