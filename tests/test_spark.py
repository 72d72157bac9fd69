"""The Spark engine leaves the same store as the local one: the same articles and rejections from
`add`, the same annotations and stories from `build`. One local[2] Spark context serves every test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import Config, add, build, open_store, story_record

pytest.importorskip("pyspark")

from storyline.spark import context  # noqa: E402

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
EXAMPLES = Path(__file__).parents[1] / "src" / "storyline" / "examples"
MASTER = "local[2]"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def spark():
    """The session's one Spark context (its start costs seconds)."""
    return context(MASTER)


@pytest.fixture
def inputs(tmp_path) -> Path:
    """The seeds, the bundled examples and two bad files: an empty one and a binary one."""
    folder = tmp_path / "inputs"
    for src in (SEEDS, EXAMPLES):
        for f in src.rglob("*"):
            if f.is_file():
                target = folder / src.name / f.relative_to(src)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(f.read_bytes())
    (folder / "bad").mkdir()
    (folder / "bad" / "empty.txt").write_bytes(b"")
    (folder / "bad" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return folder


def _stored(path: Path) -> dict:
    store = open_store(path)
    ids = store.article_ids()
    state = {
        "articles": [(a.id, a.title, a.published, a.text, a.captions) for a in store.articles(ids)],
        "rejections": sorted(str(r) for r in store.rejections()),
        "sentences": list(store.sentences(ids)),
        "mentions": list(store.mentions(ids)),
        "timexes": list(store.timexes(ids)),
        "quotes": store.quotes(ids),
        "events": store.events(ids),
        "stories": [json.dumps(story_record(s), sort_keys=True, default=str) for s in store.stories()],
    }
    store.close()
    return state


def _run(path: Path, inputs: Path, engine: str):
    config = Config(engine=engine, spark_master=MASTER, annotate_processes=2, commit_every=16)
    store = open_store(path)
    added = add(store, [inputs], config)
    built = build(store, config)
    store.close()
    return added, built


def test_spark_engine_gives_the_same_store(spark, inputs, tmp_path):
    local_add, local_build = _run(tmp_path / "local.db", inputs, "local")
    spark_add, spark_build = _run(tmp_path / "spark.db", inputs, "spark")
    assert spark_add.stored == local_add.stored and len(local_add.stored) > 40
    assert [str(r) for r in spark_add.rejected] == [str(r) for r in local_add.rejected]
    assert {r.path.rsplit("/", 1)[-1] for r in local_add.rejected} >= {"empty.txt", "binary.txt"}
    assert spark_add.files == local_add.files
    assert spark_build.annotated == local_build.annotated == len(local_add.stored)
    assert spark_build.stories == local_build.stories
    local, spark_state = _stored(tmp_path / "local.db"), _stored(tmp_path / "spark.db")
    for key in local:
        assert spark_state[key] == local[key], key
    assert local["stories"]


def test_cli_engine_spark(spark, cli):
    result = cli("add", "--engine", "spark", "--spark-master", MASTER, "-q", str(SEEDS))
    assert result.exit_code == 0, result.output
    result = cli("build", "--engine", "spark", "--spark-master", MASTER, "-q")
    assert result.exit_code == 0, result.output
    assert "annotated 2 articles" in result.output
