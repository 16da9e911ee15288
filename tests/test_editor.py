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


def test_the_template_parser_drops_the_help_below_the_scissors():
    text = longtext.template("Session", private="p")
    notes = longtext.parse_edited("Shared\n" + text, "Session")
    assert notes == longtext.Notes(shared="Shared", private="p")


@pytest.mark.parametrize(
    "edited",
    [
        "Shared words.\nPrivate words.\n",  # the private line deleted
        "Shared words.\n#---- private notes (the coach's alone) go below this line\nPrivate.\n",
        "Shared words.\n# ---- Private notes ----\nPrivate words.\n",  # shortened
    ],
    ids=["deleted", "respaced", "shortened"],
)
def test_a_missing_or_damaged_private_line_keeps_everything_private(edited):
    notes = longtext.parse_edited(edited + longtext.SCISSORS + "\n# guide\n")
    assert notes.shared is None and notes.all_private
    assert "Shared words." in notes.private


def test_a_duplicated_private_line_keeps_all_below_the_first_private():
    mark = longtext.PRIVATE_MARK
    notes = longtext.parse_edited(f"Shared\n{mark}\nSecret one\n{mark}\nSecret two\n")
    assert notes.shared == "Shared"
    assert notes.private == "Secret one\nSecret two"


def test_without_the_scissors_the_guide_is_not_saved_as_notes():
    text = longtext.template("Session", private="p").replace(longtext.SCISSORS, "")
    notes = longtext.parse_edited("Shared\n" + text)
    assert notes.shared == "Shared"
    assert not any(line in (notes.private or "") for line in longtext.GUIDE)


EDITOR_WITHOUT_MARK = textwrap.dedent(
    """
    import sys
    with open(sys.argv[-1], "w", encoding="utf-8") as handle:
        handle.write("What the client may see? No: all of this is confidential.\\n")
    """
)


def test_the_command_saves_an_unmarked_text_as_private_and_says_so(ok, jane, tmp_path, monkeypatch):
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_WITHOUT_MARK, encoding="utf-8")
    monkeypatch.setattr(longtext, "can_edit", lambda: True)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    result = ok("session", "add", jane)
    assert "all of the text was kept as private notes" in result.err
    data = json.loads(ok("session", "show", "S1", "--json").out)
    assert data["notes"] is None and "confidential" in data["private_notes"]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """A temporary folder of the test's own, where the notes file is made
    (tempfile caches its folder, so TMPDIR alone would not move it)."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def scripted_editor(tmp_path, monkeypatch):
    """$EDITOR is a Python script given as text; as if at a terminal."""

    def install(code: str) -> None:
        script = tmp_path / "editor.py"
        script.write_text(f"import os, sys\n{code}\n", encoding="utf-8")
        monkeypatch.setattr(longtext, "can_edit", lambda: True)
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        monkeypatch.delenv("VISUAL", raising=False)

    return install


def test_an_editor_that_deletes_the_file_gets_one_line_and_saves_nothing(
    run, jane, snapshot, private_tmp, scripted_editor
):
    scripted_editor("os.remove(sys.argv[-1])")
    before = snapshot()
    result = run("session", "add", jane)
    assert (result.code, result.out) == (1, "")
    assert result.err == "Error: the editor removed the notes file; nothing was saved.\n"
    assert snapshot() == before
    assert list(private_tmp.iterdir()) == []


UNSAVABLE = {
    "not UTF-8": (b"Shared caf\xe9\n# ---- Private \xff\n", 1, "is not UTF-8"),
    "a NUL": (b"Shared\x00 words.\nSecret.\n", 2, "contain a NUL character"),
}


@pytest.mark.parametrize("case", UNSAVABLE, ids=list(UNSAVABLE))
def test_text_the_store_cannot_take_is_refused_in_one_line_and_kept_safe(
    run, jane, snapshot, private_tmp, scripted_editor, case
):
    written, code, said = UNSAVABLE[case]
    scripted_editor(f"open(sys.argv[-1], 'wb').write({written!r})")
    before = snapshot()
    result = run("session", "add", jane)
    assert (result.code, result.out) == (code, "")
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1
    assert said in result.err and "nothing was saved" in result.err
    assert snapshot() == before
    assert not list(private_tmp.glob("coachlog-*.md"))
    (kept,) = private_tmp.glob("coachlog-unsaved-*.txt")
    assert f"kept in {kept} (only you can read it)" in result.err
    assert kept.read_bytes() == written
    assert oct(kept.stat().st_mode & 0o777) == "0o600"


MARK, CUT = longtext.PRIVATE_MARK, longtext.SCISSORS
RESPACED = "  #----Private notes (the coach's alone) go below this line----"
DAMAGED = {
    # what the coach did to the template `t` (a Python expression the fake
    # editor evaluates): shared notes kept, private notes kept, said on stderr
    "marker deleted": (
        "t.replace(MARK, 'Shared words.\\nSecret words.')",
        None,
        "Shared words.\nSecret words.",
        "all of the text was kept as private notes",
    ),
    "marker respaced": (
        f"t.replace(MARK, 'Shared words.\\n' + {RESPACED!r} + '\\nSecret words.')",
        None,
        f"Shared words.\n{RESPACED}\nSecret words.",
        "all of the text was kept as private notes",
    ),
    "marker in lower case": (
        "t.replace(MARK, 'Shared words.\\n' + MARK.lower() + '\\nSecret words.')",
        None,
        f"Shared words.\n{MARK.lower()}\nSecret words.",
        "all of the text was kept as private notes",
    ),
    "marker duplicated": (
        "t.replace(MARK, f'Shared words.\\n{MARK}\\nSecret one.\\n{MARK}\\nSecret two.')",
        "Shared words.",
        "Secret one.\nSecret two.",
        "",
    ),
    "scissors deleted": (
        "t.replace(MARK, f'Shared words.\\n{MARK}\\nSecret words.').replace(CUT, '')",
        "Shared words.",
        "Secret words.",
        "",
    ),
    "text below the scissors": (
        "t.replace(MARK, f'Shared words.\\n{MARK}\\nSecret words.') + 'Typed at the end.\\n'",
        "Shared words.",
        "Secret words.\n\nTyped at the end.",
        "Text typed below the 8< help line was kept as private notes",
    ),
}


@pytest.mark.parametrize("damage", DAMAGED, ids=list(DAMAGED))
def test_a_damaged_template_never_shares_more_than_the_coach_marked(
    ok, jane, private_tmp, scripted_editor, damage
):
    edit, shared, private, said = DAMAGED[damage]
    scripted_editor(
        f"MARK, CUT = {MARK!r}, {CUT!r}\n"
        "t = open(sys.argv[-1], encoding='utf-8').read()\n"
        f"open(sys.argv[-1], 'w', encoding='utf-8').write({edit})"
    )
    result = ok("session", "add", jane)
    assert result.out == "Logged session S1 with jane-doe\n"
    assert said in result.err and (result.err == "") == (said == "")
    data = json.loads(ok("session", "show", "S1", "--json").out)
    assert (data["notes"], data["private_notes"]) == (shared, private)
    assert list(private_tmp.iterdir()) == []


SIGNALLING_EDITOR = textwrap.dedent(
    """
    import os, signal, sys, time
    with open(sys.argv[-1], "a", encoding="utf-8") as handle:
        handle.write("Half-written confidential note\\n")
    os.kill(os.getppid(), getattr(signal, os.environ["EDITOR_SIGNAL"]))
    time.sleep(60)  # coachlog ends this editor when it stops
    """
)
AT_A_TERMINAL = (
    "import sys\n"
    "import coachlog.cli.longtext as longtext\n"
    "from coachlog.cli import main\n"
    "longtext.can_edit = lambda: True\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_the_editor_is_open_leaves_no_notes_file(ok, jane, tmp_path, signal_name):
    import os
    import signal
    import subprocess

    script = tmp_path / "editor.py"
    script.write_text(SIGNALLING_EDITOR, encoding="utf-8")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    environment = {
        **os.environ,
        "EDITOR": f"{sys.executable} {script}",
        "EDITOR_SIGNAL": signal_name,
        "TMPDIR": str(private_tmp),
    }
    environment.pop("VISUAL", None)
    done = subprocess.run(
        [sys.executable, "-c", AT_A_TERMINAL, "session", "add", jane],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 128 + getattr(signal, signal_name)
    assert done.stderr.startswith(f"Error: stopped by {signal_name} while the editor was open")
    assert list(private_tmp.iterdir()) == []
    assert json.loads(ok("session", "list", "--json").out)["sessions"] == []


KEYS_AT_THE_TERMINAL = textwrap.dedent(
    """
    import os, signal, sys
    # Ctrl-C (or Ctrl-\\) pressed in the editor reaches coachlog too: the
    # terminal signals the whole foreground group. vim takes it as "cancel".
    os.kill(os.getppid(), getattr(signal, os.environ["EDITOR_SIGNAL"]))
    text = open(sys.argv[-1], encoding="utf-8").read()
    with open(sys.argv[-1], "w", encoding="utf-8") as handle:
        handle.write("Kept after Ctrl-C.\\n" + text)
    """
)


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGQUIT"])
def test_ctrl_c_in_the_editor_is_the_editors_and_loses_nothing(ok, jane, tmp_path, signal_name):
    import os
    import subprocess

    script = tmp_path / "editor.py"
    script.write_text(KEYS_AT_THE_TERMINAL, encoding="utf-8")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    environment = {
        **os.environ,
        "EDITOR": f"{sys.executable} {script}",
        "EDITOR_SIGNAL": signal_name,
        "TMPDIR": str(private_tmp),
    }
    environment.pop("VISUAL", None)
    done = subprocess.run(
        [sys.executable, "-c", AT_A_TERMINAL, "session", "add", jane],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "Logged session S1 with jane-doe\n",
        "",
    )
    data = json.loads(ok("session", "show", "S1", "--json").out)
    assert data["notes"] == "Kept after Ctrl-C."
    assert list(private_tmp.iterdir()) == []


def test_notes_on_stdin_that_are_not_utf8_are_refused_in_one_line(ok, jane, tmp_path):
    import os
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "coachlog", "session", "add", jane, "--notes", "-"],
        input=b"caf\xe9 \xff notes",
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:surrogateescape"},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode().startswith("Error: the notes on stdin (")
    assert "not UTF-8" in done.stderr.decode() and b"unexpected" not in done.stderr
    assert json.loads(ok("session", "list", "--json").out)["sessions"] == []
