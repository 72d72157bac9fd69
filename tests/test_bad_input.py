"""Every bad input gets one line naming the file and the reason; everything else is stored."""

import json

import pytest
from conftest import BACKENDS
from pages import PARAGRAPHS, article_page, rss_feed

from storyline import open_store
from storyline.cli import EXIT_REJECTED


def bad_inputs(folder):
    """Write one good article and one of each bad input; returns {file name: expected reason}."""
    (folder / "good.txt").write_text(PARAGRAPHS[0] + "\n")
    (folder / "empty.txt").write_text("")
    (folder / "blank.txt").write_text("  \n\n ")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary\x00" * 50)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "latin1.txt").write_bytes("Caf\u00e9 owners in M\u00fcnchen protested.".encode("latin-1"))
    lines = [json.dumps({"id": "j1", "text": PARAGRAPHS[1]}), '{"id": "j2", "text": ', json.dumps({"id": "j3"}),
             json.dumps({"id": "j4", "text": "   "}), json.dumps(["not", "an", "object"]), json.dumps({"id": "j5", "text": PARAGRAPHS[2]})]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "cut.html").write_text(article_page(closed=False)[:-200])
    (folder / "broken.rss").write_text(rss_feed()[:-40])
    (folder / "nofeed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    (folder / "big.txt").write_text("word " * 3000)
    return {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "binary.txt": "binary file",
        "scan.pdf": "binary file (a PDF document)",
        "latin1.txt": "invalid UTF-8",
        "batch.jsonl:2": "malformed JSON",
        "batch.jsonl:3": 'no "text"',
        "batch.jsonl:4": 'no "text"',
        "batch.jsonl:5": "must be an object",
        "cut.html": "truncated HTML",
        "broken.rss": "malformed feed",
        "nofeed.xml": "no entries",
        "big.txt": "over the 10,000-byte limit",
    }


@BACKENDS
def test_each_bad_input_has_a_one_line_reason_and_the_rest_is_stored(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    expected = bad_inputs(folder)
    result = cli("add", folder, tmp_path / "missing.txt", "--max-size", "10kB", "--quiet")
    assert result.exit_code == EXIT_REJECTED, result.output
    rejected_lines = [line for line in result.output.splitlines() if line.startswith("rejected ")]
    for where, reason in expected.items():
        hits = [line for line in rejected_lines if f"{where}:" in line]
        assert len(hits) == 1, (where, rejected_lines)
        assert reason in hits[0]
    assert any("missing.txt: no such file or folder" in line for line in rejected_lines)
    assert len(rejected_lines) == len(expected) + 1
    store = open_store(cli.db)
    ids = {a.id for a in store.articles()}
    assert ids == {"good.txt", "j1", "j5"}
    codes = {r.code for r in store.rejections()}
    assert {"empty", "binary", "invalid_utf8", "malformed_json", "no_text", "truncated_html",
            "malformed_feed", "too_large", "not_found"} <= codes


def test_invalid_utf8_can_be_replaced_instead(tmp_path, cli):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 owners protested in the city centre.".encode("latin-1"))
    result = cli("add", path, "--encoding-errors", "replace", "--quiet")
    assert result.exit_code == 0, result.output
    (article,) = open_store(cli.db).articles()
    assert "\ufffd" in article.text


def test_everything_good_exits_zero(cli, seeds):
    result = cli("add", seeds, "--quiet")
    assert result.exit_code == 0
    assert "2 stored, 0 already stored, 0 rejected" in result.output


@pytest.mark.parametrize("size", ["20", "20MB", "1.5GB", "500kB"])
def test_max_size_units(size, cli, seeds):
    assert cli("add", seeds, "--max-size", size, "--quiet").exit_code in (0, EXIT_REJECTED)


def test_bad_max_size_is_a_usage_error(cli, seeds):
    result = cli("add", seeds, "--max-size", "lots")
    assert result.exit_code == 2
    assert "not a size" in result.output


@BACKENDS
def test_id_conflict_is_reported_not_overwritten(tmp_path, cli):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "story.txt").write_text(PARAGRAPHS[0])
    (b / "story.txt").write_text(PARAGRAPHS[3])
    assert cli("add", a, "--quiet").exit_code == 0
    result = cli("add", b, "--quiet")
    assert result.exit_code == EXIT_REJECTED
    assert "already stored with other content" in result.output
    (article,) = open_store(cli.db).articles()
    assert article.text == PARAGRAPHS[0]


def test_commands_that_need_a_store_say_so(cli):
    for args in (["build"], ["export", "stories"], ["report"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert "no store at" in result.output and "storyline add" in result.output


def test_not_a_store(tmp_path, cli):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    result = cli("build", "--db", junk)
    assert result.exit_code == 1
    assert "not a storyline store" in result.output
