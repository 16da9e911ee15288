"""Shell completion: Tab offers the coach's clients and record ids from the
store, read-only and quietly; `--show-completion` and
`--install-completion` set a shell up. Completing never makes a store."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import dump

both_backends = pytest.mark.both_backends


@pytest.fixture
def engagement(ok):
    ok("client", "add", "Jane Doe")
    ok("client", "add", "Kwame Mensah")
    ok("goal", "add", "jane", "Speak first in board meetings")
    ok("goal", "add", "kwame", "Delegate the ops review")
    ok("session", "add", "jane", "--on", "2026-11-20 10:00", "--notes", "Board prep")
    ok("request", "add", "jane", "Draft the memo")
    ok("advice", "add", "kwame", "Try a memo format")


def completions(*words: str, incomplete: str = "") -> dict[str, str | None]:
    """What Tab offers after `coachlog WORDS… INCOMPLETE`, through Click's
    own completion machinery (as a shell would reach it), with each
    candidate's description."""
    import typer
    from typer._completion_classes import BashComplete

    from coachlog.cli.app import app

    shell = BashComplete(typer.main.get_command(app), {}, "coachlog", "_COACHLOG_COMPLETE")
    return {item.value: item.help for item in shell.get_completions(list(words), incomplete)}


def shell(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`coachlog ARGS…` in a process of its own, as a shell's Tab runs it."""
    return subprocess.run(
        [sys.executable, "-m", "coachlog", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


NO_DETECT = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}  # name the shell


def bash_tab(line: str) -> subprocess.CompletedProcess:
    """What bash's Tab asks at the end of `line`."""
    at = str(len(line.split(" ")) - 1)
    return shell({"_COACHLOG_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": at})


def zsh_tab(line: str) -> subprocess.CompletedProcess:
    return shell({"_COACHLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir()) if path.parent.exists() else []


@both_backends
def test_clients_complete_by_handle_with_their_names(engagement):
    assert completions("goals") == {"jane-doe": "Jane Doe", "kwame-mensah": "Kwame Mensah"}
    assert completions("goals", incomplete="kw") == {"kwame-mensah": "Kwame Mensah"}
    assert completions("session", "add", incomplete="J") == {"jane-doe": "Jane Doe"}
    assert list(completions("search", "memo", "--client", incomplete="ja")) == ["jane-doe"]


@both_backends
def test_an_archived_client_says_so_and_a_trashed_one_is_not_offered(ok, engagement):
    ok("client", "archive", "kwame")
    assert completions("client", "reactivate") == {
        "jane-doe": "Jane Doe",
        "kwame-mensah": "Kwame Mensah (archived)",
    }
    ok("client", "delete", "jane")
    assert list(completions("goals")) == ["kwame-mensah"]
    assert completions("trash", "restore", incomplete="ja") == {"jane-doe": "Jane Doe (client)"}


@both_backends
def test_record_ids_complete_newest_first_with_what_they_are(engagement):
    assert completions("goal", "show") == {
        "G2": "Delegate the ops review (kwame-mensah)",
        "G1": "Speak first in board meetings (jane-doe)",
    }
    assert completions("session", "show") == {"S1": "Fri 20 Nov 2026 (jane-doe)"}
    assert completions("request", "accept") == {"R1": "Draft the memo (jane-doe) proposed"}
    assert completions("advice", "decline") == {"A1": "Try a memo format (kwame-mensah)"}


@both_backends
def test_what_is_typed_of_an_id_narrows_it_and_keeps_its_case(ok, engagement):
    for title in ("Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"):
        ok("goal", "add", "jane", title)
    assert list(completions("goal", "progress", incomplete="G1")) == ["G10", "G1"]
    assert list(completions("goal", "progress", incomplete="g1")) == ["g10", "g1"]
    assert list(completions("goal", "progress", incomplete="1")) == ["10", "1"]
    assert completions("goal", "progress", incomplete="S1") == {}  # not a goal's letter
    assert completions("goal", "progress", incomplete="G1x") == {}


@both_backends
def test_an_id_option_offers_only_the_named_clients_records(engagement):
    assert list(completions("request", "add", "jane", "Call", "--goal")) == ["G1"]
    assert list(completions("request", "add", "kwame", "Call", "--goal")) == ["G2"]
    assert list(completions("advice", "add", "jane", "Rest", "--session")) == ["S1"]
    assert list(completions("session", "add", "kwame", "--goal", "G2", "--goal")) == ["G2"]


@both_backends
def test_the_trash_completes_what_it_holds(ok, engagement):
    assert completions("trash", "restore") == {}
    ok("goal", "delete", "G1")
    ok("request", "delete", "R1")
    assert list(completions("trash", "restore")) == ["G1", "R1"]
    assert list(completions("trash", "purge", incomplete="R")) == ["R1"]
    assert "G1" not in completions("goal", "show")


@both_backends
def test_a_description_cannot_style_or_drive_the_terminal(ok):
    ok("client", "add", "Sam [red]Lee[/red] \x1b[2J", "--handle", "sam")
    ok("goal", "add", "sam", "Speak [bold]up[/bold]\x07 " + "x" * 80)
    assert completions("goals") == {"sam": "Sam \\[red]Lee\\[/red] ^[[2J"}
    (described,) = completions("goal", "show").values()
    assert described.startswith("Speak \\[bold]up\\[/bold]^G x")
    assert described.endswith("…") and len(described) < 70
    # zsh shows the description after Typer renders it with Rich: as written.
    zsh = zsh_tab("coachlog goals ")
    assert '"sam":"Sam [red]Lee[/red] ^[[2J"' in zsh.stdout
    assert "\x1b" not in zsh.stdout


def test_every_client_and_record_parameter_completes():
    """Read from each command's own parameters: a command added later with
    a CLIENT or an id completes too, or this names it."""
    from coachlog.cli.app import COMMANDS, load_command

    kinds = {"client", "goal", "session", "request", "advice", "target"}
    missing = []

    def walk(command, path):
        for param in command.params:
            named = param.name in kinds and getattr(param, "metavar", None) not in (None, "TEXT")
            if named and param._custom_shell_complete is None:
                missing.append(f"{path} {param.name}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    for name in COMMANDS:
        walk(load_command(name), name)
    assert missing == []


def test_no_store_yet_completes_nothing_and_makes_nothing(isolated, tmp_path, monkeypatch):
    assert not isolated.exists()
    assert completions("goals") == {}
    assert completions("goal", "show") == {}
    assert files_beside(isolated) == []
    # The default store (no --db, no $COACHLOG_DB): its folder is not made either.
    monkeypatch.delenv("COACHLOG_DB")
    assert completions("goals") == {}
    assert not (tmp_path / "home" / "data").exists()
    # A --db in a folder that does not exist.
    assert completions("--db", str(tmp_path / "nowhere" / "x.db"), "goals") == {}
    assert not (tmp_path / "nowhere").exists()


def test_completing_reads_the_store_and_leaves_it_as_it_was(engagement, store_file):
    before, beside = dump(store_file), files_beside(store_file)
    content = store_file.read_bytes()
    assert completions("goal", "show")
    assert completions("goals")
    assert files_beside(store_file) == beside  # no -wal or -shm left behind
    assert store_file.read_bytes() == content and dump(store_file) == before


def test_an_unusable_store_completes_nothing_quietly(tmp_path, capsys):
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("not a database")
    assert completions("--db", str(not_a_store), "goals") == {}
    assert not_a_store.read_text() == "not a database"
    empty_sqlite = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(empty_sqlite).execute("CREATE TABLE t (x)").connection.close()
    assert completions("--db", str(empty_sqlite), "goal", "show") == {}
    assert capsys.readouterr() == ("", "")


# --- through the shells' protocol, in a process of its own --------------------


@both_backends
def test_bash_and_zsh_get_the_handles_through_the_completion_variables(engagement):
    bash = bash_tab("coachlog goals ")
    assert (bash.returncode, bash.stdout, bash.stderr) == (0, "jane-doe\nkwame-mensah\n", "")
    zsh = zsh_tab("coachlog goal show ")
    assert zsh.returncode == 0 and zsh.stderr == ""
    assert '"G2":"Delegate the ops review (kwame-mensah)"' in zsh.stdout
    assert '"G1":"Speak first in board meetings (jane-doe)"' in zsh.stdout


def test_completing_without_a_store_prints_nothing_and_creates_none(isolated):
    done = bash_tab("coachlog goals ")
    assert (done.returncode, done.stdout, done.stderr) == (0, "\n", "")
    assert not isolated.exists() and files_beside(isolated) == []


def test_completing_on_sqlite_imports_no_orm(engagement):
    probe = (
        "import json, sys\n"
        "from coachlog.cli import main\n"
        "try:\n    main([])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules]\n"
        "print(json.dumps(heavy), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "_COACHLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": "coachlog goal show ",
            "COMP_CWORD": "3",
        },
        timeout=60,
        check=False,
    )
    assert done.stdout == "G2\nG1\n"
    assert json.loads(done.stderr.splitlines()[-1]) == []


def test_the_root_help_offers_completion():
    done = shell({}, "--help")
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("bash", "complete -o default -F _coachlog_completion coachlog"),
        ("zsh", "compdef _coachlog_completion coachlog"),
        ("fish", "complete --command coachlog"),
    ],
)
def test_show_completion_prints_the_script_for_a_shell(name, line):
    done = shell(NO_DETECT, "--show-completion", name)
    assert (done.returncode, done.stderr) == (0, "")
    assert line in done.stdout and "_COACHLOG_COMPLETE=complete_" in done.stdout


def test_install_completion_sets_bash_up(tmp_path):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    done = shell(
        {"HOME": str(home), **NO_DETECT},
        "--install-completion",
        "bash",
    )
    assert done.returncode == 0, done.stderr
    script = home / ".bash_completions" / "coachlog.sh"
    assert f"bash completion installed in {script}" in done.stdout
    assert "_COACHLOG_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (home / ".bashrc").read_text()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_real_bash_completes_a_handle(engagement):
    """The script `--show-completion bash` prints, sourced in bash, asked as
    bash asks at a Tab."""
    program = Path(sys.executable).parent / "coachlog"
    if not program.exists():
        pytest.skip("the coachlog script is not installed beside this Python")
    script = shell(NO_DETECT, "--show-completion", "bash")
    asked = subprocess.run(
        [
            "bash",
            "--norc",
            "-c",
            script.stdout + "\nCOMP_WORDS=(coachlog goals kw); COMP_CWORD=2\n"
            '_coachlog_completion coachlog\nprintf "%s\\n" "${COMPREPLY[@]}"\n',
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{program.parent}{os.pathsep}{os.environ['PATH']}"},
        timeout=60,
        check=False,
    )
    assert (asked.returncode, asked.stdout, asked.stderr) == (0, "kwame-mensah\n", "")
