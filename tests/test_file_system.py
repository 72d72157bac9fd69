"""What a file system holds besides articles: dangling symbolic links, loops of them, unreadable
files and folders, pipes and devices are each one rejection line naming the path, never a crash or a
hang, and the rest of the folder is stored."""

import os
import threading

import pytest
from pages import PARAGRAPHS

from storyline import open_store
from storyline.cli import EXIT_REJECTED

UNPRIVILEGED = pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file: nothing to refuse")


def folder_with(tmp_path, make_bad):
    """A folder of two good articles (one in a subfolder) and what ``make_bad(folder)`` puts there."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(PARAGRAPHS[0] + "\n")
    (folder / "sub" / "z.txt").write_text(PARAGRAPHS[1] + "\n")
    make_bad(folder)
    return folder


def add_in_thread(cli, *args):
    """``storyline add`` with a time limit: a read that blocks (on a FIFO) fails the test, not the suite."""
    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("result", cli("add", *args, "--quiet")), daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "add blocked"
    return out["result"]


def rejected_lines(result):
    return [line for line in result.output.splitlines() if line.startswith("rejected ")]


@pytest.mark.parametrize("name, make_bad, reason", [
    ("gone.txt", lambda f: (f / "gone.txt").symlink_to(f / "deleted.txt"), "a symbolic link to"),
    ("loop.txt", lambda f: ((f / "loop.txt").symlink_to(f / "loop2.txt"), (f / "loop2.txt").symlink_to(f / "loop.txt")),
     "a loop of symbolic links"),
    ("pipe.txt", lambda f: os.mkfifo(f / "pipe.txt"), "a named pipe (FIFO), not a file"),
])
def test_a_bad_entry_in_a_folder_is_one_rejection_and_the_rest_is_stored(tmp_path, cli, name, make_bad, reason):
    folder = folder_with(tmp_path, make_bad)
    result = add_in_thread(cli, folder)
    assert result.exit_code == EXIT_REJECTED, result.output
    lines = rejected_lines(result)
    assert any(f"{folder / name}:" in line for line in lines) and all(reason in line for line in lines), lines
    assert len(lines) == (2 if name == "loop.txt" else 1)  # each link of the loop is one
    assert {a.id for a in open_store(cli.db).articles()} == {"a.txt", "sub/z.txt"}
    assert {r.code for r in open_store(cli.db).rejections()} <= {"dangling_symlink", "symlink_loop", "not_a_file"}


def test_a_device_given_directly_is_one_rejection(tmp_path, cli):
    (tmp_path / "a.txt").write_text(PARAGRAPHS[0] + "\n")
    result = add_in_thread(cli, "/dev/null", tmp_path / "a.txt")
    assert result.exit_code == EXIT_REJECTED
    assert rejected_lines(result) == ["rejected /dev/null: a character device, not a file: not read"]
    assert [a.id for a in open_store(cli.db).articles()] == ["a.txt"]


def test_a_dangling_symlink_given_directly_is_one_rejection(tmp_path, cli):
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere.txt")
    result = add_in_thread(cli, tmp_path / "link.txt")
    assert result.exit_code == EXIT_REJECTED
    assert rejected_lines(result) == [f"rejected {tmp_path / 'link.txt'}: a symbolic link to "
                                      f"{tmp_path / 'nowhere.txt'}, which does not exist: not read"]


@UNPRIVILEGED
def test_an_unreadable_file_and_folder_are_each_one_rejection(tmp_path, cli):
    def lock(folder):
        (folder / "secret.txt").write_text(PARAGRAPHS[2] + "\n")
        (folder / "secret.txt").chmod(0)
        (folder / "locked").mkdir()
        (folder / "locked" / "x.txt").write_text(PARAGRAPHS[3] + "\n")
        (folder / "locked").chmod(0)

    folder = folder_with(tmp_path, lock)
    try:
        result = add_in_thread(cli, folder)
    finally:
        (folder / "locked").chmod(0o755)
    lines = rejected_lines(result)
    assert len(lines) == 2, lines
    assert any("secret.txt: permission denied" in line for line in lines)
    assert any("locked: a folder that cannot be read (permission denied)" in line for line in lines)
    assert {a.id for a in open_store(cli.db).articles()} == {"a.txt", "sub/z.txt"}
