"""Every command's help reads well at 80 and 120 columns, and every example in it runs as written.

Rendered as a terminal of that width shows it: no line wider than the terminal, no paragraph
broken before rich wrapped it (an orphan: a short line whose next line's first word would have
fitted on it), no word of the help lost (to markup or to a cut), no flag shown as taking a value.
"""

from __future__ import annotations

import inspect
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import storyline
from storyline.cli import app
from storyline.demo import examples_dir

WIDTHS = (80, 120)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PANEL = ("╭", "│", "╰")


def _commands() -> list[list[str]]:
    """Every command, the groups (the root, `export`) included."""
    root = get_command(app)
    out = [[]]
    for name, cmd in root.commands.items():
        out += [[name], *([name, sub] for sub in getattr(cmd, "commands", ()))]
    return out


def _is_group(path: list[str]) -> bool:
    return hasattr(_command(path), "commands")


def _command(path: list[str]):
    cmd = get_command(app)
    for name in path:
        cmd = cmd.commands[name]
    return cmd


def _help(path: list[str], width: int) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return ANSI.sub("", result.output)


def _description(text: str) -> list[str]:
    """The help's prose: the lines between the usage line and the first panel."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Usage:")) + 1
    end = next((i for i, line in enumerate(lines) if line.startswith(PANEL)), len(lines))
    return [line.rstrip() for line in lines[start:end]]


def _source_words(path: list[str]) -> set[str]:
    """Every word of the command's help as written: its docstring and its parameters' help."""
    cmd = _command(path)
    text = inspect.cleandoc(cmd.callback.__doc__ if cmd.callback and cmd.callback.__doc__ else cmd.help or "")
    texts = [text.partition("\f")[0], *(p.help or "" for p in cmd.params if getattr(p, "help", None))]
    return {w for t in texts for w in t.replace("\\[", "[").split()}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "storyline")
def test_help_fits_the_terminal_without_orphans_or_lost_words(path, width):
    text = _help(path, width)
    too_wide = [line for line in text.splitlines() if len(line) > width]
    assert not too_wide, f"wider than {width} columns: {too_wide}"
    assert "<bool>" not in text, "a flag is shown as taking a value"
    prose = _description(text)
    for line, after in zip(prose, prose[1:]):
        if line.strip() and after.strip():
            room = width - 2  # rich pads the prose by one column on each side
            assert len(line) + 1 + len(after.split()[0]) > room, (
                f"orphan: {after.split()[0]!r} would fit after {line.strip()!r}: the paragraph was broken "
                "before rich wrapped it")
    shown = set(text.replace("│", " ").split())
    lost = sorted(w for w in _source_words(path) if w not in shown)
    assert not lost, f"words of the help not shown at {width} columns: {lost}"


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "storyline")
def test_each_example_is_one_line_at_120_columns(path):
    examples = [line for line in _description(_help(path, 200)) if line.startswith(" Example: ")]
    assert examples or _is_group(path), "a command without an example"
    shown = _description(_help(path, 120))
    for example in examples:
        assert example in shown, f"{example.strip()!r} is wrapped at 120 columns: it cannot be copied in one piece"


# ---------------------------------------------------------------------------- the examples, run


def _examples() -> list[tuple[list[str], str]]:
    """(command, example) for every "Example:" of every command, as the help shows it."""
    found = []
    for path in _commands():
        found += [(path, line.removeprefix(" Example: "))
                  for line in _description(_help(path, 200)) if line.startswith(" Example: ")]
    return found


def _parse(example: str) -> tuple[list[str], str | None, str | None]:
    """An example as the command's arguments, its standard input and the file its output goes to:
    one storyline command, fed by `echo TEXT |` or written to `> FILE` (the shell the help uses)."""
    lexer = shlex.shlex(example, posix=True, punctuation_chars="|>")
    lexer.whitespace_split = True
    words = list(lexer)
    stdin = stdout = None
    if "|" in words:
        assert words[0] == "echo" and words.index("|") == 2, f"only `echo TEXT | storyline ...` runs here: {example}"
        stdin, words = words[1] + "\n", words[3:]
    if ">" in words:
        assert words.index(">") == len(words) - 2, f"only `storyline ... > FILE` runs here: {example}"
        words, stdout = words[:-2], words[-1]
    assert words[0] == "storyline", f"an example runs storyline: {example}"
    return words[1:], stdin, stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _serve(args: list[str], cwd: Path) -> str | None:
    """Run a `serve` example until it answers a request, then stop it with Ctrl-C (SIGINT).
    Another process on this machine may hold the example's port: then it runs on a free one."""
    k = args.index("--port") + 1
    if not _port_is_free(int(args[k])):
        args = [*args[:k], str(_free_port()), *args[k + 1:]]
    env = {k: v for k, v in os.environ.items() if k != "STORYLINE_DB"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(storyline.__file__).parent.parent), env.get("PYTHONPATH", "")])
    proc = subprocess.Popen([sys.executable, "-m", "storyline", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{args[k]}/", timeout=5) as page:
                    if page.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            return f"never answered: {proc.stdout.read() if proc.poll() is not None else 'still starting'}"
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        return None if proc.returncode == 0 else f"exit {proc.returncode} after Ctrl-C: {out}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_every_help_example_runs_as_written(tmp_path, monkeypatch):
    """Each example runs in a folder that holds the bundled examples where a checkout has them
    (src/storyline/examples) and no store yet: the `add` and `build` examples run first and make
    the store (./storyline.db) the others read."""
    shutil.copytree(examples_dir(), tmp_path / "src" / "storyline" / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STORYLINE_DB", raising=False)
    examples = sorted(_examples(), key=lambda e: e[0] not in (["add"], ["build"]))
    assert [e[0] for e in examples[:3]] == [["add"], ["add"], ["build"]]
    runner, failed = CliRunner(), []
    for _, example in examples:
        args, stdin, stdout = _parse(example)
        if args[0] == "serve":
            why = _serve(args, tmp_path)
        else:
            result = runner.invoke(app, args, input=stdin, env={"COLUMNS": "120"})
            why = None if result.exit_code == 0 else f"exit {result.exit_code}: {result.output[-2000:]}"
            if stdout and why is None:
                Path(stdout).write_text(result.stdout, encoding="utf-8")
        if why:
            failed.append(f"{example}\n  {why}")
    assert not failed, "\n".join(failed)
