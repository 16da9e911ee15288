"""Every command explains itself and appears in README."""

from __future__ import annotations

from pathlib import Path

import typer

from coachlog.cli.app import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, object]]:
    found = []
    root = typer.main.get_command(app)
    for name, command in root.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found += [(f"{name} {sub}", cmd) for sub, cmd in subcommands.items()]
        else:
            found.append((name, command))
    return found


def test_every_command_has_help():
    for name, command in commands():
        assert command.help and command.help.strip(), f"coachlog {name} has no help"


def test_every_command_is_shown_in_readme():
    missing = [name for name, _ in commands() if f"coachlog {name}" not in README]
    assert missing == []


def test_readme_opens_with_the_two_command_quick_start():
    quick_start = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line for line in quick_start.strip().splitlines() if line.strip()]
    assert len(lines) == 2
    assert "coachlog demo" in lines[0]
    assert "pytest" in lines[1]


def test_the_root_lists_every_command_and_imports_only_the_one_that_runs():
    """`coachlog --help` lists all commands from one table; running one
    command builds that command alone."""
    import subprocess
    import sys

    from coachlog.cli.app import COMMANDS

    listed = subprocess.run(
        [sys.executable, "-m", "coachlog", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name, (*_, summary) in COMMANDS.items():
        assert f"  {name} " in listed and summary in listed
    probe = (
        "import sys\n"
        "from coachlog.cli import main\n"
        "main(['schedule', '--help'])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('coachlog.cli.'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()[-1]
    assert "coachlog.cli.reviews" in loaded.split()
    assert not {"coachlog.cli.sessions", "coachlog.cli.data"} & set(loaded.split())


def test_a_mistyped_command_gets_a_suggestion_in_one_clean_sentence(run):
    result = run("sesion", "list")
    assert result.code == 2
    assert result.err.startswith("Error: No such command 'sesion'. Did you mean 'session'? ")
    assert "?." not in result.err
