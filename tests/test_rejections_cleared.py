"""The store tells the truth about rejections: once a file that was rejected is read again and
stored (with a larger --max-size, or --encoding-errors replace), its old rejection is gone; what the
new read still finds wrong stays, once."""

from conftest import BACKENDS
from pages import PARAGRAPHS

from storyline import open_store
from storyline.cli import EXIT_REJECTED


def rejections(cli):
    store = open_store(cli.db)
    try:
        return {(r.path, r.line, r.code) for r in store.rejections()}
    finally:
        store.close()


@BACKENDS
def test_a_file_stored_with_a_larger_max_size_is_no_longer_rejected(tmp_path, cli):
    big = tmp_path / "big.txt"
    big.write_text(" ".join(PARAGRAPHS) * 20 + "\n")
    (tmp_path / "empty.txt").write_text("")
    assert cli("add", tmp_path, "--max-size", "1kB", "--quiet").exit_code == EXIT_REJECTED
    assert rejections(cli) == {(str(big), None, "too_large"), (str(tmp_path / "empty.txt"), None, "empty")}
    assert cli("add", tmp_path, "--max-size", "1MB", "--quiet").exit_code == EXIT_REJECTED
    assert rejections(cli) == {(str(tmp_path / "empty.txt"), None, "empty")}


@BACKENDS
def test_a_file_stored_with_replaced_bytes_is_no_longer_rejected(tmp_path, cli):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\u00e9 owners protested in the city centre on Monday.".encode("latin-1"))
    assert cli("add", latin, "--quiet").exit_code == EXIT_REJECTED
    assert rejections(cli) == {(str(latin), None, "invalid_utf8")}
    assert cli("add", latin, "--encoding-errors", "replace", "--quiet").exit_code == 0
    assert rejections(cli) == set()


@BACKENDS
def test_a_container_keeps_the_rejections_its_new_read_still_finds(tmp_path, cli):
    import json
    batch = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "j1", "text": PARAGRAPHS[0]}), json.dumps({"id": "j2", "text": PARAGRAPHS[1] * 30}),
             '{"id": "j3", "text": ', json.dumps({"id": "j4", "text": PARAGRAPHS[2]})]
    batch.write_text("\n".join(lines) + "\n")
    assert cli("add", batch, "--max-size", "1kB", "--quiet").exit_code == EXIT_REJECTED
    assert rejections(cli) == {(str(batch), 2, "too_large"), (str(batch), 3, "malformed_json")}
    assert cli("add", batch, "--max-size", "1MB", "--quiet").exit_code == EXIT_REJECTED
    assert rejections(cli) == {(str(batch), 3, "malformed_json")}
    assert {a.id for a in open_store(cli.db).articles()} == {"j1", "j2", "j4"}


def test_watch_clears_a_rejection_once_the_file_is_fixed(tmp_path, cli):
    folder = tmp_path / "in"
    folder.mkdir()
    latin = folder / "latin1.txt"
    latin.write_bytes("Caf\u00e9 owners protested in the city centre on Monday.".encode("latin-1"))
    cli("watch", folder, "--once")
    assert rejections(cli) == {(str(latin), None, "invalid_utf8")}
    latin.write_text("Caf\u00e9 owners protested in the city centre on Monday, and again on Tuesday.")
    cli("watch", folder, "--once")
    assert rejections(cli) == set()
    assert [a.id for a in open_store(cli.db).articles()] == ["latin1.txt"]
