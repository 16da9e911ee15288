"""An adversarial reviewer's findings in the daily-use features (issue 11):
each test is a slip or a hostile file that lost, blocked or crashed on a
coach's text before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_sharing import SECRET, Party

pytestmark = pytest.mark.both_backends


# -- a session moved away and back still reaches its executive ---------------


def test_a_session_moved_away_and_back_still_reaches_the_executive(run, monkeypatch, tmp_path):
    """Moved to the wrong client by a slip and moved back, the session keeps
    its number with a new uuid; the executive's store still holds the old
    one. Their next receive must erase the old and take the new, not refuse
    every bundle from then on."""
    coach = Party(run, monkeypatch, tmp_path / "coach", os.environ["COACHLOG_DB"])
    jane = Party(run, monkeypatch, tmp_path / "jane", str(tmp_path / "jane" / "coachlog.db"))
    coach.ok("key")
    coach.ok("client", "add", "Jane", "--handle", "jane")
    coach.ok("client", "edit", "jane", "--key", jane.public_key())
    coach.ok("client", "add", "Li", "--handle", "li")
    coach.ok(
        "session", "add", "jane", "--on", "2026-11-20 10:00", "--notes", "Jane's board talk",
        "--private", SECRET,
    )  # fmt: skip

    def share(number: int):
        bundle = tmp_path / f"jane-{number}.coachlog"
        coach.ok("share", "jane", "-o", str(bundle))
        return jane("receive", str(bundle), "--trust", coach.fingerprint())

    assert share(1).code == 0
    coach.ok("session", "edit", "S1", "--client", "li")
    coach.ok("session", "edit", "S1", "--client", "jane")
    received = share(2)
    assert (received.code, received.err) == (0, "")
    shown = json.loads(jane.ok("session", "show", "S1", "--json").out)
    assert (shown["client"], shown["notes"]) == ("jane", "Jane's board talk")
    assert SECRET not in json.dumps(shown)
    assert len(json.loads(jane.ok("session", "list", "--json").out)["sessions"]) == 1
    assert share(3).code == 0  # and the next one too


# -- a zone name too long for a file name ------------------------------------

LONG_ZONE = "Europe/" + "A" * 300  # the zone files' lookup fails with ENAMETOOLONG


def test_a_zone_name_too_long_is_refused_not_a_crash(run, ok, snapshot):
    ok("client", "add", "Sam Roe")
    before = snapshot()
    for args in (
        ("client", "add", "Jane Doe", "--tz", LONG_ZONE),
        ("client", "edit", "sam", "--tz", LONG_ZONE),
    ):
        refused = run(*args)
        assert (refused.code, refused.out) == (2, "")
        assert refused.err.startswith("Error: unknown time zone 'Europe/AAAA")
        assert len(refused.err.splitlines()) == 1
    assert snapshot() == before


def test_an_import_with_a_zone_name_too_long_is_refused(run, ok, tmp_path, snapshot):
    ok("client", "add", "Jane Doe", "--tz", "America/New_York")
    path = tmp_path / "backup.json"
    ok("export", "--format", "json", "--out", str(path))
    document = json.loads(path.read_text())
    document["records"]["clients"][0]["time_zone"] = LONG_ZONE
    path.write_text(json.dumps(document))
    before = snapshot()
    refused = run("import", str(path))
    assert (refused.code, refused.out) == (2, "")
    assert refused.err.startswith("Error: records.clients[0].time_zone: 'Europe/AAAA")
    assert snapshot() == before


def test_a_config_zone_name_too_long_is_refused_with_its_line(run):
    config = Path(os.environ["COACHLOG_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'time_zone = "{LONG_ZONE}"\n', encoding="utf-8")
    refused = run("client", "list")
    assert (refused.code, refused.out) == (2, "")
    assert refused.err.startswith(f"Error: the config file {config}, line 1: time_zone takes ")
    assert len(refused.err.splitlines()) == 1


# -- a config file that is a pipe or a device ---------------------------------


def _coachlog(*args: str, config: Path) -> subprocess.CompletedProcess:
    """coachlog in a process of its own: a read that never ends fails the
    test at the timeout instead of hanging the run."""
    env = {**os.environ, "COACHLOG_CONFIG": str(config)}
    return subprocess.run(
        [sys.executable, "-m", "coachlog", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_config_file_that_is_a_pipe_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    result = _coachlog("client", "list", config=fifo)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: the config file {fifo} is a pipe, not a file; make it a TOML file.\n"
    )


def test_a_config_file_that_never_ends_is_refused_at_a_bound(tmp_path):
    result = _coachlog("client", "list", config=Path("/dev/zero"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: the config file /dev/zero is larger than ")
    assert len(result.stderr.splitlines()) == 1
    # /dev/null, the usual way to say "no config", still reads as an empty file.
    assert _coachlog("client", "list", config=Path("/dev/null")).returncode == 0


# -- phrasings that read as a day weeks ago ------------------------------------
# Now is Friday 27 November 2026, 10:00, in London.


@pytest.mark.parametrize("phrase", ["at 5", "by 5", "on 5", "at 9 friday", "9 friday"])
def test_a_phrase_that_reads_as_a_past_day_of_this_month_is_refused(
    run, ok, jane, snapshot, phrase
):
    """'at 5' was 5 November 09:00, 'by 5' too, and '9 friday' Monday
    9 November: a due date three weeks gone, without a word."""
    before = snapshot()
    for args in (
        ("request", "add", jane, "Send the board pack", "--due", phrase),
        ("session", "plan", jane, phrase),
        ("goal", "add", jane, "Speak first", "--by", phrase),
    ):
        refused = run(*args)
        assert (refused.code, refused.out) == (2, ""), args
        assert refused.err.startswith("Error: "), args
        assert repr(phrase) in refused.err
        assert len(refused.err.splitlines()) == 1
    assert snapshot() == before


@pytest.mark.parametrize(
    ("phrase", "read_as"),
    [("at 3pm", "15:00"), ("at noon", "12:00"), ("at 10:30 next tuesday", "10:30")],
)
def test_at_with_a_time_of_day_still_reads(ok, jane, phrase, read_as):
    assert read_as in ok("session", "plan", jane, phrase, "--yes").out


def test_a_last_number_read_as_a_two_digit_year_is_said(ok, jane):
    """'march 3 10' (March 3rd at 10?) was logged in 2010 without a word."""
    logged = ok("session", "add", jane, "--on", "march 3 10", "--notes", "Talked")
    assert logged.err == (
        "Note: read 'march 3 10' as Wed 03 Mar 2010, its last number as the year; "
        "write the year in full, or a time as 10:00.\n"
    )
    quiet = ok("session", "add", jane, "--on", "3 March 2026 10:00", "--notes", "Talked")
    assert quiet.err == ""


# -- a relative db in the config file ------------------------------------------


def test_a_relative_db_in_the_config_file_is_one_store_wherever_coachlog_runs(
    ok, monkeypatch, tmp_path, backend
):
    """`db = "journal.db"` was read from the folder coachlog ran in: a new,
    empty store in every folder, the coach's sessions seemingly gone. It is
    read from the config file's folder, as jrnl reads its journal paths."""
    if backend != "sqlite":
        pytest.skip("a file path store")
    monkeypatch.delenv("COACHLOG_DB")
    config = Path(os.environ["COACHLOG_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('db = "journal.db"\n', encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    monkeypatch.chdir(first)
    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane", "--notes", "Talked about the board.")
    monkeypatch.chdir(second)
    assert "Talked about the board." in ok("session", "list", "jane").out
    assert (config.parent / "journal.db").is_file()
    assert not (first / "journal.db").exists() and not (second / "journal.db").exists()


# -- a coach's bundle naming a handle that is a path ---------------------------


@pytest.mark.parametrize("handle", ["../escape", "/tmp/escape", "Jane Doe", "s1"])
def test_a_bundle_whose_handle_is_no_handle_is_refused(run, monkeypatch, tmp_path, handle):
    """The executive's store took the handle as sent, and `share` names its
    file after it: '../escape' wrote ../escape-answers-1.coachlog, outside
    the folder the executive ran it in."""
    from coachlog import bundle

    coach = Party(run, monkeypatch, tmp_path / "coach", os.environ["COACHLOG_DB"])
    executive = Party(run, monkeypatch, tmp_path / "ex", str(tmp_path / "ex" / "coachlog.db"))
    coach.ok("key")
    coach.ok("client", "add", "Jane Doe", "--handle", "jane")
    coach.ok("client", "edit", "jane", "--key", executive.public_key())
    made = tmp_path / "jane-1.coachlog"
    coach.ok("share", "jane", "-o", str(made))
    document = json.loads(bundle.open_sealed(made.read_bytes(), me=executive.pair(), name="x")[1])
    document["client"]["handle"] = handle
    made.write_bytes(
        bundle.seal(
            json.dumps(document).encode(), sender=coach.pair(), recipient=executive.pair().public
        )
    )
    refused = executive("receive", str(made), "--trust", coach.fingerprint())
    assert (refused.code, refused.out) == (3, "")
    assert refused.err == (
        f"Error: {made} authenticates but coachlog cannot read it (client: handle "
        f"{handle!r} is not a handle); nothing was merged.\n"
    )
    assert (
        not (tmp_path / "ex" / "coachlog.db").exists()
        or "jane" not in executive.ok("client", "list", "--all").out
    )
