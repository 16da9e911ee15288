"""`session add` at a terminal opens $EDITOR on a private temporary file."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

import coachlog.cli.longtext as longtext

EDITOR = textwrap.dedent(
    """
    import os, stat, sys
    path = sys.argv[-1]
    report = os.environ["EDITOR_REPORT"]
    with open(report, "w") as handle:
        handle.write(f"{path}\\n{oct(stat.S_IMODE(os.stat(path).st_mode))}\\n")
    behaviour = os.environ["EDITOR_BEHAVIOUR"]
    if behaviour == "fail":
        sys.exit(3)
    if behaviour == "killed":
        os.kill(os.getpid(), 9)
    template = open(path, encoding="utf-8").read()
    if behaviour == "empty":
        text = template  # saved as it was: nothing written
    elif behaviour == "clear":
        text = ""
    else:
        shared, private = behaviour.split("|")
        marker = [line for line in template.splitlines() if "Private notes" in line][0]
        text = template.replace(marker, shared + "\\n" + marker + "\\n" + private, 1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    """
)


@pytest.fixture
def editor(tmp_path, monkeypatch):
    script = tmp_path / "fake_editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    report = tmp_path / "editor-report.txt"
    monkeypatch.setattr(longtext, "can_edit", lambda: True)  # as if at a terminal
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR_REPORT", str(report))

    def behave(behaviour: str) -> Path:
        monkeypatch.setenv("EDITOR_BEHAVIOUR", behaviour)
        return report

    return behave


def edited_file(report: Path) -> tuple[Path, str]:
    path, mode = report.read_text().splitlines()
    return Path(path), mode


def test_the_editor_collects_shared_and_private_notes(ok, jane, editor):
    report = editor("Talked about the board.|She seemed tired.")
    assert ok("session", "add", jane).out == "Logged session S1 with jane-doe\n"
    data = json.loads(ok("session", "show", "S1", "--json").out)
    assert data["notes"] == "Talked about the board."
    assert data["private_notes"] == "She seemed tired."
    path, mode = edited_file(report)
    assert mode == "0o600"
    assert not path.exists()


@pytest.mark.parametrize(
    ("behaviour", "said"),
    [
        ("fail", "the editor exited with status 3; nothing was saved"),
        ("killed", "nothing was saved"),
        ("empty", "the notes were left empty, so nothing was saved"),
        ("clear", "the notes were left empty, so nothing was saved"),
    ],
)
def test_an_editor_that_fails_or_saves_nothing_creates_nothing(
    run, jane, editor, store_file, behaviour, said
):
    from conftest import dump

    report = editor(behaviour)
    before = dump(store_file)
    result = run("session", "add", jane)
    assert result.code == 1
    assert said in result.err
    assert result.err.count("\n") == 1
    assert dump(store_file) == before
    path, _ = edited_file(report)
    assert not path.exists()


def test_a_missing_editor_says_what_to_do(run, jane, editor, monkeypatch):
    editor("x|y")
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    result = run("session", "add", jane)
    assert result.code == 2
    assert "set $EDITOR or pass --notes" in result.err


def test_an_unknown_client_is_refused_before_the_editor_opens(run, editor):
    report = editor("x|y")
    result = run("session", "add", "nobody")
    assert result.code == 1
    assert not report.exists()


def test_a_private_option_prefills_the_private_part(ok, jane, editor):
    editor("Shared words.|")
    ok("session", "add", jane, "--private", "Given on the command line")
    data = json.loads(ok("session", "show", "S1", "--json").out)
    assert data["private_notes"] == "Given on the command line"


def test_the_template_parser_ignores_everything_below_the_scissors():
    text = longtext.template("Session", private="p") + "stray text\n"
    notes = longtext.parse_edited("Shared\n" + text)
    assert notes == longtext.Notes(shared="Shared", private="p")
