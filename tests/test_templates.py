"""Session templates: a coach starts the notes from a GROW outline, keeps
their own outlines as plain files, and sees them all in `template list`."""

from __future__ import annotations

import json
import sys
import textwrap
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

import coachlog.cli.longtext as longtext

BUILTIN = Path(__file__).parent.parent / "src" / "coachlog" / "templates"

# Writes what it was opened on to $EDITOR_SAW, then types $EDITOR_TYPES
# under the Will heading (nothing when it is empty).
EDITOR = textwrap.dedent(
    """
    import os, sys
    path = sys.argv[-1]
    text = open(path, encoding="utf-8").read()
    open(os.environ["EDITOR_SAW"], "w", encoding="utf-8").write(text)
    typed = os.environ["EDITOR_TYPES"]
    if typed:
        will = [line for line in text.splitlines() if line.startswith("### Will")][0]
        text = text.replace(will, will + "\\n" + typed, 1)
    open(path, "w", encoding="utf-8").write(text)
    """
)


@pytest.fixture
def user_templates(isolated: Path) -> Path:
    """The config folder's templates/ (COACHLOG_CONFIG is set per test)."""
    import os

    folder = Path(os.environ["COACHLOG_CONFIG"]).parent / "templates"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def editor(tmp_path, monkeypatch):
    script = tmp_path / "fake_editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    saw = tmp_path / "editor-saw.txt"
    monkeypatch.setattr(longtext, "can_edit", lambda: True)  # as if at a terminal
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR_SAW", str(saw))

    def types(text: str) -> Path:
        monkeypatch.setenv("EDITOR_TYPES", text)
        return saw

    return types


def test_template_list_shows_the_built_in_outlines(ok):
    result = ok("template", "list")
    assert result.out.splitlines() == [
        "Name      First heading           Where",
        "check-in  Check-in                built-in",
        "grow      GROW session            built-in",
        "intake    First session (intake)  built-in",
        "review    Closing review          built-in",
    ]
    assert "Your own templates: NAME.md files in " in result.err
    assert result.err.strip().endswith("templates")


def test_the_templates_folder_is_named_from_home_as_a_person_types_it(ok, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.delenv("COACHLOG_CONFIG")
    result = ok("template", "list")
    assert result.err == "Your own templates: NAME.md files in ~/.config/coachlog/templates\n"


def test_template_show_prints_the_grow_outline(ok):
    shown = ok("template", "show", "grow").out
    headings = [line for line in shown.splitlines() if line.startswith("### ")]
    assert [heading.split()[1].rstrip(":") for heading in headings] == [
        "Goal",
        "Reality",
        "Options",
        "Will",
    ]
    assert shown == (BUILTIN / "grow.md").read_text(encoding="utf-8")


def test_a_coachs_own_template_is_listed_and_replaces_a_built_in(ok, user_templates):
    (user_templates / "grow.md").write_text("## Our GROW\n\n### Goal\n", encoding="utf-8")
    (user_templates / "supervision.md").write_text("## Supervision prep\n", encoding="utf-8")
    (user_templates / "notes.txt").write_text("not a template\n", encoding="utf-8")
    (user_templates / "folder.md").mkdir()
    result = ok("template", "list")
    listed = result.out.splitlines()
    assert [line.split()[0] for line in listed[1:] if not line.startswith(" ")] == [
        "check-in",
        "grow",
        "intake",
        "review",
        "supervision",
    ]
    grow = next(line for line in listed if line.startswith("grow"))
    assert grow.split()[:3] == ["grow", "Our", "GROW"]
    assert grow.split()[3].startswith(str(user_templates.parent))  # its path, not built-in
    assert "Your grow.md replaces the built-in grow." in result.err
    assert ok("template", "show", "grow").out == "## Our GROW\n\n### Goal\n"
    data = json.loads(ok("template", "list", "--json").out)
    assert data["templates"][-1] == {
        "name": "supervision",
        "builtin": False,
        "path": str(user_templates / "supervision.md"),
        "replaces_builtin": False,
        "heading": "Supervision prep",
    }


@pytest.mark.both_backends
def test_session_add_with_a_template_opens_the_editor_on_the_outline(ok, jane, editor):
    saw = editor("She will ask the chair for ten minutes at the next board.")
    assert ok("session", "add", jane, "--template", "grow").out == (
        "Logged session S1 with jane-doe\n"
    )
    opened = saw.read_text(encoding="utf-8")
    outline = (BUILTIN / "grow.md").read_text(encoding="utf-8")
    # the outline is the shared part: above the private line
    assert opened.startswith(outline.rstrip("\n") + "\n\n" + longtext.PRIVATE_MARK)
    notes = json.loads(ok("session", "show", "S1", "--json").out)
    assert notes["notes"].startswith("## GROW session\n\n### Goal")
    assert notes["notes"].endswith(
        "### Will: what the client will do, and by when\n"
        "She will ask the chair for ten minutes at the next board."
    )
    assert notes["private_notes"] is None


@pytest.mark.both_backends
def test_an_outline_left_as_it_was_saves_nothing(run, jane, editor, snapshot):
    editor("")
    before = snapshot()
    result = run("session", "add", jane, "--template", "grow")
    assert result.code == 1
    assert result.out == ""
    assert result.err == "Error: the notes were left empty, so nothing was saved.\n"
    assert snapshot() == before


@pytest.mark.both_backends
def test_a_template_needs_a_terminal_or_the_notes(run, jane, snapshot):
    before = snapshot()
    result = run("session", "add", jane, "--template", "grow")
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "Error: --template opens the editor, which needs a terminal; run it at a terminal, "
        "or give the notes with --notes.\n"
    )
    both = run("session", "add", jane, "--template", "grow", "--notes", "Went well.")
    assert both.code == 2
    assert both.err.startswith("Error: give --template") and "not both" in both.err
    assert snapshot() == before


@pytest.mark.both_backends
@pytest.mark.parametrize("command", [("template", "show"), ("session", "add", "jane-doe")])
def test_an_unknown_template_suggests_a_close_name(run, jane, editor, snapshot, command):
    saw = editor("typed")
    before = snapshot()
    args = [*command, "grwo"] if command[0] == "template" else [*command, "--template", "grwo"]
    result = run(*args)
    assert result.code == 1
    assert result.out == ""
    assert result.err == (
        "Error: no template 'grwo'. Did you mean grow? See `coachlog template list`.\n"
    )
    assert not saw.exists()  # no editor was opened
    assert snapshot() == before


def test_a_template_that_is_not_text_is_refused_naming_the_file(run, user_templates):
    (user_templates / "bad.md").write_bytes(b"## Caf\xe9\n")
    result = run("template", "show", "bad")
    assert result.code == 2
    assert result.err == (
        f"Error: the template {user_templates / 'bad.md'} is not UTF-8 text; save it as UTF-8.\n"
    )


def test_the_built_in_templates_ship_in_the_wheel():
    """setuptools puts a non-.py file in the wheel only when package-data names it."""
    project = tomllib.loads(
        (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    )
    patterns = project["tool"]["setuptools"]["package-data"]["coachlog"]
    shipped = sorted(path.name for path in BUILTIN.glob("*.md"))
    assert shipped == ["check-in.md", "grow.md", "intake.md", "review.md"]
    for name in shipped:
        assert any(fnmatch(f"templates/{name}", pattern) for pattern in patterns), name


def test_one_unreadable_template_does_not_hide_the_others(ok, isolated):
    import os
    from pathlib import Path

    folder = Path(os.environ["COACHLOG_CONFIG"]).parent / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.md").write_bytes(b"# Caf\xe9 notes\n")
    result = ok("template", "list")
    assert "broken    (cannot be read)" in result.out
    assert "grow      GROW session" in result.out
    assert "broken.md is not UTF-8 text; save it as UTF-8." in result.err
