"""Files a coach writes with `report -o` and `export -o`: never over the
store, never over a file by surprise, never through a planted link; and
what each export holds of the private notes, said plainly."""

from __future__ import annotations

import csv
import hashlib
import os
import stat
from pathlib import Path

import pytest

SECRET = "PRIVATE-do-not-share"

# Each command that writes a file, given its destination.
WRITERS = {
    "report": lambda out: ["report", "jane-doe", "-f", "markdown", "-o", str(out)],
    "export json": lambda out: ["export", "-f", "json", "-o", str(out)],
    "export ics": lambda out: ["export", "-f", "ics", "-o", str(out)],
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def journal(ok, store_file) -> Path:
    """Jane's engagement with one session holding a private note; the store file."""
    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane-doe", "--notes", "Board prep", "--private", SECRET)
    return store_file


def the_store_parts(store: Path, tmp_path: Path) -> dict[str, Path]:
    """Every way of naming the store or its companions as an --out path."""
    symlink = tmp_path / "innocent.md"
    symlink.symlink_to(store)
    hard_link = tmp_path / "hard.md"
    os.link(store, hard_link)
    return {
        "the store": store,
        "the store, spelt with ..": store.parent / ".." / store.parent.name / store.name,
        "its -wal": store.with_name(store.name + "-wal"),
        "its -shm": store.with_name(store.name + "-shm"),
        "a symlink to it": symlink,
        "a hard link to it": hard_link,
        "a file in its backups": store.parent / "backups" / "coachlog-new.db",
    }


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(
    "part",
    [
        "the store",
        "the store, spelt with ..",
        "its -wal",
        "its -shm",
        "a symlink to it",
        "a hard link to it",
        "a file in its backups",
    ],
)
def test_nothing_is_ever_written_over_the_store(run, ok, journal, tmp_path, writer, part, force):
    ok("backup")
    target = the_store_parts(journal, tmp_path)[part]
    before = {path: sha256(path) for path in journal.parent.rglob("*") if path.is_file()}

    result = run(*WRITERS[writer](target), *force)

    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1
    assert "coachlog never writes there. Choose another --out." in result.err
    assert {path: sha256(path) for path in journal.parent.rglob("*") if path.is_file()} == before
    assert "Jane Doe" in ok("client", "list").out


def test_report_over_the_store_is_refused_in_one_line(run, journal):
    before = sha256(journal)
    result = run("report", "jane-doe", "-f", "markdown", "-o", str(journal))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"Error: {journal} is the coachlog store; coachlog never writes there. "
        "Choose another --out.\n"
    )
    assert sha256(journal) == before


@pytest.mark.parametrize("writer", WRITERS)
def test_an_existing_file_is_replaced_only_with_force(run, ok, journal, tmp_path, writer):
    target = tmp_path / "out.txt"
    target.write_text("the coach's own notes\n")

    refused = run(*WRITERS[writer](target))

    assert (refused.code, refused.out) == (2, "")
    assert refused.err == (
        f"Error: {target} already exists; give --force to replace it, or choose another --out.\n"
    )
    assert target.read_text() == "the coach's own notes\n"

    ok(*WRITERS[writer](target), "--force")
    assert target.read_text() != "the coach's own notes\n"
    assert mode(target) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == ["out.txt"]


def test_a_symlink_at_the_destination_never_writes_through(run, ok, journal, tmp_path):
    victim = tmp_path / "other" / "thesis.txt"
    victim.parent.mkdir()
    victim.write_text("years of work\n")
    target = tmp_path / "report.md"
    target.symlink_to(victim)

    refused = run("report", "jane-doe", "-f", "markdown", "-o", str(target))
    assert (refused.code, refused.out) == (2, "")
    assert "already exists; give --force" in refused.err
    assert victim.read_text() == "years of work\n"

    ok("report", "jane-doe", "-f", "markdown", "-o", str(target), "--force")
    assert victim.read_text() == "years of work\n"
    assert not target.is_symlink() and "Jane Doe" in target.read_text()
    assert mode(target) == 0o600


def test_a_planted_temporary_file_name_redirects_nothing(ok, journal, tmp_path):
    """The old temporary name `.NAME.PID.tmp` could be guessed and planted as a
    link to another file; the temporary file is now exclusive and unguessable."""
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n")
    target = tmp_path / "report.md"
    for pid in {os.getpid(), os.getppid()}:
        (tmp_path / f".{target.name}.{pid}.tmp").symlink_to(victim)

    ok("report", "jane-doe", "-f", "markdown", "-o", str(target))

    assert victim.read_text() == "untouched\n"
    assert "Jane Doe" in target.read_text() and mode(target) == 0o600
    assert not [
        path
        for path in tmp_path.iterdir()
        if path.name.endswith(".tmp") and not (path.is_symlink())
    ]


def test_files_are_private_whatever_the_umask(ok, journal, tmp_path):
    saved = os.umask(0)
    try:
        ok("report", "jane-doe", "-o", str(tmp_path / "r.txt"))
        ok("export", "-f", "csv", "-o", str(tmp_path / "tables"))
    finally:
        os.umask(saved)
    assert mode(tmp_path / "r.txt") == 0o600
    assert mode(tmp_path / "tables") == 0o700
    assert {mode(path) for path in (tmp_path / "tables").iterdir()} == {0o600}


# --- the csv folder -------------------------------------------------------------


def test_a_csv_export_into_a_folder_with_files_needs_force(run, ok, journal, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me\n")

    refused = run("export", "-f", "csv", "-o", str(folder))

    assert (refused.code, refused.out) == (2, "")
    assert refused.err == (
        f"Error: the folder {folder} is not empty; give --force to replace its files, or "
        "choose another --out.\n"
    )
    assert sorted(path.name for path in folder.iterdir()) == ["mine.txt"]

    ok("export", "-f", "csv", "-o", str(folder), "--force")
    assert (folder / "mine.txt").read_text() == "keep me\n"
    assert (folder / "sessions.csv").is_file()


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_csv_file_that_is_the_store_is_refused(run, journal, tmp_path, force):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "sessions.csv").symlink_to(journal)
    before = sha256(journal)

    result = run("export", "-f", "csv", "-o", str(folder), *force)

    assert (result.code, result.out) == (2, "")
    assert "is the coachlog store; coachlog never writes there" in result.err
    assert sha256(journal) == before
    assert sorted(path.name for path in folder.iterdir()) == ["sessions.csv"]


def test_a_csv_export_into_the_backups_folder_is_refused(run, ok, journal):
    ok("backup")
    backups = journal.parent / "backups"
    before = {path.name: sha256(path) for path in backups.iterdir()}
    result = run("export", "-f", "csv", "-o", str(backups), "--force")
    assert (result.code, result.out) == (2, "")
    assert "backups folder" in result.err
    assert {path.name: sha256(path) for path in backups.iterdir()} == before


# --- private notes in exports (point 11) -----------------------------------------


def sessions_csv(folder: Path) -> tuple[list[str], list[dict[str, str]]]:
    with (folder / "sessions.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_csv_leaves_private_notes_out_unless_asked(ok, journal, tmp_path):
    plain = ok("export", "-f", "csv", "-o", str(tmp_path / "plain"))
    columns, rows = sessions_csv(tmp_path / "plain")
    assert "private_notes" not in columns and "notes" in columns
    assert rows[0]["notes"] == "Board prep"
    assert not [path for path in (tmp_path / "plain").iterdir() if SECRET in path.read_text()]
    assert plain.out == ""
    assert "Private notes were left out (--include-private writes them)." in plain.err

    full = ok("export", "-f", "csv", "--include-private", "-o", str(tmp_path / "full"))
    columns, rows = sessions_csv(tmp_path / "full")
    assert "private_notes" in columns and rows[0]["private_notes"] == SECRET
    assert "sessions.csv holds private notes" in full.err


def test_export_help_says_which_formats_hold_private_notes(ok):
    help_text = " ".join(ok("export", "--help").out.split())
    assert "json: the coach's full backup, PRIVATE NOTES INCLUDED (never for a client)" in (
        help_text
    )
    assert "--include-private" in help_text and "--all-clients" in help_text
    assert "--force" in help_text


def test_a_markdown_journal_without_a_client_is_refused(run, ok, journal, snapshot):
    ok("client", "add", "Sam Lee")
    ok("session", "add", "sam-lee", "--notes", "Sam's own words")
    before = snapshot()

    result = run("export", "-f", "markdown")

    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "Error: a markdown journal is for one client: give --client CLIENT (or --all-clients "
        "to write every client's journal into one file, knowingly).\n"
    )
    assert snapshot() == before
    one = ok("export", "-f", "markdown", "--client", "jane").out
    assert "## Jane Doe" in one and "Sam" not in one
    every = ok("export", "-f", "markdown", "--all-clients").out
    assert "## Jane Doe" in every and "## Sam Lee" in every
    assert SECRET not in every


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-f", "markdown", "--client", "jane", "--all-clients"], "not both"),
        (["-f", "markdown", "--client", "jane", "--include-private"], "never holds private"),
        (["-f", "ics", "--include-private"], "never holds private"),
    ],
)
def test_export_choices_that_contradict_are_refused(run, journal, args, said):
    result = run("export", *args)
    assert (result.code, result.out) == (2, "")
    assert said in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_pipe_at_the_destination_is_never_replaced(run, journal, tmp_path, force):
    """--force replaces a file, never a device or a pipe (as root, `-o /dev/null
    --force` used to put a regular file in place of /dev/null)."""
    (tmp_path / "out").mkdir()
    pipe = tmp_path / "out" / "report.md"
    os.mkfifo(pipe)

    result = run("report", "jane-doe", "-f", "markdown", "-o", str(pipe), *force)

    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"Error: {pipe} is not a regular file (a device, pipe or socket); coachlog writes "
        "only files. Choose another --out.\n"
    )
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert [path.name for path in pipe.parent.iterdir()] == ["report.md"]


def test_a_csv_folder_link_to_nowhere_is_refused_and_nothing_is_made(run, journal, tmp_path):
    missing = tmp_path / "nowhere"
    link = tmp_path / "tables"
    link.symlink_to(missing)

    result = run("export", "-f", "csv", "-o", str(link), "--force")

    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"Error: {link} is a symbolic link to {missing}, which does not exist; create that "
        "folder or choose another --out.\n"
    )
    assert not missing.exists() and link.is_symlink()
