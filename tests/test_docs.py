"""Every command teaches: help text with an Example, and a section in docs/cli.md."""

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from storyline.cli import app

ROOT = Path(__file__).parent.parent


def _commands():
    root = get_command(app)
    for name, cmd in root.commands.items():
        if hasattr(cmd, "commands"):
            for sub in cmd.commands:
                yield [name, sub]
        else:
            yield [name]


@pytest.mark.parametrize("command", list(_commands()), ids=" ".join)
def test_help_has_an_example_and_docs_mention_it(command):
    result = CliRunner().invoke(app, command + ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"`storyline {' '.join(command)}" in (ROOT / "docs" / "cli.md").read_text()


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
