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
