"""`storyline export TABLE --format jsonl|csv|parquet`: documented columns, same rows in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from storyline import open_store
from storyline.export import story_record
from storyline.export_tables import COLUMNS, rows

from conftest import Cli

DOCS = Path(__file__).parent.parent / "docs" / "exports.md"


@pytest.fixture(scope="module")
def web_cli(web_db):
    return Cli(web_db)


def test_stories_jsonl_is_the_story_record(web_cli, web_db):
    result = web_cli("export", "stories", "--format", "jsonl")
    assert result.exit_code == 0
    with open_store(web_db) as s:
        expected = [story_record(story) for story in s.stories()]
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected


@pytest.mark.parametrize("table", list(COLUMNS))
def test_every_format_has_the_documented_columns_and_the_same_rows(web_cli, table, tmp_path):
    jsonl = web_cli("export", table, "--format", "jsonl")
    as_csv = web_cli("export", table, "--format", "csv")
    assert jsonl.exit_code == 0 and as_csv.exit_code == 0
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    table_rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert table_rows[0] == list(COLUMNS[table])
    assert len(table_rows) - 1 == len(records)
    out = tmp_path / f"{table}.parquet"
    assert web_cli("export", table, "--format", "parquet", "--output", out).exit_code == 0
    parquet = pq.read_table(out)
    assert parquet.column_names == list(COLUMNS[table]) and parquet.num_rows == len(records)
    if table != "stories" and records:
        first = parquet.slice(0, 1).to_pylist()[0]
        for column, kind in COLUMNS[table].items():
            value = first[column]
            assert (json.loads(value) if kind == "json" and value is not None else value) == records[0][column]


def test_rows_match_the_store(web_db):
    with open_store(web_db) as s:
        stories = s.stories()
        assert len(list(rows(s, "timeline"))) == sum(len(st.timeline) for st in stories)
        assert len(list(rows(s, "entities"))) == s.counts()["entities"]
        articles = list(rows(s, "articles"))
        assert len(articles) == s.counts()["articles"] and all(a["story_id"] for a in articles)
        timeline = next(rows(s, "timeline"))
        source = timeline["sources"][0]
        assert s.article(source["article"]).text[source["start"]:source["end"]] == timeline["text"]


def test_quotes_and_events_rows_carry_their_provenance(web_db):
    with open_store(web_db) as s:
        quotes, events = list(rows(s, "quotes")), list(rows(s, "events"))
        text = {a.id: a.text for a in s.articles()}
    kim = next(q for q in quotes if q["speaker_canonical"] == "Kim Eui-kyeom")
    assert "concrete agenda" in kim["content"]
    assert text[kim["article"]][kim["content_start"]:kim["content_end"]] == kim["content"]
    assert text[kim["article"]][kim["speaker_start"]:kim["speaker_end"]] == kim["speaker"]
    talks = next(e for e in events if e["type"] == "CONSULT" and e["date"] == "2018-12-01")
    sentence = text[talks["article"]][talks["sentence_start"]:talks["sentence_end"]]
    assert "Xi" in sentence and text[talks["article"]][talks["trigger_start"]:talks["trigger_end"]] == talks["trigger"]


def test_parquet_needs_an_output_file(web_cli):
    result = web_cli("export", "entities", "--format", "parquet")
    assert result.exit_code == 2 and "--output" in result.output


def test_docs_describe_every_column():
    doc = DOCS.read_text()
    for table, columns in COLUMNS.items():
        section = re.search(rf"^## `{table}`\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
        assert section, f"docs/exports.md has no section for {table}"
        for column in columns:
            assert f"`{column}`" in section.group(1), f"docs/exports.md: {table}.{column} is not documented"


def _dataset_rows(folder: Path) -> list[dict]:
    """As docs/cli.md says to read it: as it is, hive partitioning inferred."""
    import pyarrow.dataset as ds

    rows = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()
    return [{**r, "published_day": str(r["published_day"])} for r in rows]


@pytest.mark.parametrize("table", list(COLUMNS))
def test_parquet_dataset_is_the_jsonl_rows_partitioned_by_publication_day(built_seed_db, table, tmp_path):
    cli = Cli(built_seed_db)
    out = tmp_path / table
    assert cli("export", table, "--format", "parquet", "--output", out).exit_code == 0
    records = [json.loads(line) for line in cli("export", table, "--format", "jsonl").stdout.splitlines()]
    got = _dataset_rows(out)
    days = {r.pop("published_day") for r in got}
    kinds = COLUMNS[table]
    got = [{k: json.loads(v) if kinds[k] == "json" and v is not None else v for k, v in r.items()} for r in got]
    if table != "stories":
        key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
        assert sorted(got, key=key) == sorted(records, key=key)
    assert len(got) == len(records)
    # the seeds: one article of 2018-12-02, one published only as 2018-10 (month: the null partition)
    assert {p.name for p in out.iterdir()} <= {"published_day=2018-12-02", "published_day=unknown"}
    assert days <= {"2018-12-02", "unknown"} and days


def test_parquet_dataset_null_day_and_determinism(built_seed_db, tmp_path):
    cli = Cli(built_seed_db)
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert cli("export", "articles", "--format", "parquet", "--output", out).exit_code == 0
    files = sorted(p.relative_to(a) for p in a.rglob("*.parquet"))
    assert [str(f) for f in files] == ["published_day=2018-12-02/part-0.parquet",
                                       "published_day=unknown/part-0.parquet"]
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    by_day = {r["published_day"]: r["published"] for r in _dataset_rows(a)}
    assert by_day == {"2018-12-02": "2018-12-02", "unknown": "2018-10"}


def test_parquet_dataset_refuses_a_non_empty_directory(built_seed_db, tmp_path):
    cli = Cli(built_seed_db)
    (tmp_path / "old.txt").write_text("x")
    result = cli("export", "articles", "--format", "parquet", "--output", tmp_path)
    assert result.exit_code == 2 and "not an empty directory" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("export", "articles", "--format", "parquet", "--output", empty).exit_code == 0
    assert len(_dataset_rows(empty)) == 2
