"""Backups, restores and the store's health check (SQLite stores).

Backups use SQLite's online backup API, so they are consistent even while
another coachlog writes. A backup is checked before it is kept; the default
folder keeps the newest ten. A restore checks its source first, backs up the
store it replaces, then copies the source in with the backup API, which
other connections see as one atomic change.
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from coachlog.errors import BadInput, StoreError
from coachlog.migrations import HEAD, REVISIONS
from coachlog.store import (
    SQLITE_HEADER,
    Location,
    backup_sqlite,
    backups_dir,
    file_mode,
    make_private_dir,
    read_only_uri,
)

KEEP = 10
# Rotated backups: coachlog-<UTC stamp>-n<sequence>.db. Rotation orders them
# by the sequence, one more than the highest in the folder when each is
# written: a clock that was once ahead (or behind) names a file oddly but
# cannot make it look newer or older than it is. Files named by older
# coachlogs (coachlog-<stamp>[-<n>].db, no sequence) count as older than every
# numbered one, and among themselves by modification time. The backup just
# written is never a candidate for removal whatever the order says.
# Upgrade backups (coachlog-<stamp>-before-upgrade.db) are kept apart.
NAMED = re.compile(r"^coachlog-(\d{8}-\d{6})(?:-(\d+)|-n(\d+))?\.db$")
# Every backup the default folder holds, rotated or not (for --prune).
SCHEMA_DIFFERS = "the schema differs from what coachlog's migrations make"
ANY_BACKUP = re.compile(r"^coachlog-.+\.db$")
# Staging files of a backup (`.NAME.PID.partial`) or of a new store
# (`.NAME.PID.new`), with SQLite's own companions.
STAGING = re.compile(r"^\.(.+)\.(\d+)\.(partial|new)(-wal|-shm|-journal)?$")


def _sqlite_only(location: Location, what: str = "backups") -> Path:
    if location.path is None:
        raise BadInput(
            f"{what} are for SQLite stores; on a server, use its own tools (pg_dump, "
            "pg_restore, and its monitoring)."
        )
    return location.path


def default_folder(location: Location) -> Path:
    """The backups/ folder beside a SQLite store."""
    _sqlite_only(location)
    return backups_dir(location)


def _sequence(path: Path) -> int:
    found = NAMED.match(path.name)
    return int(found.group(3)) if found and found.group(3) else 0


def _age(path: Path) -> tuple[int, int, str]:
    with suppress(OSError):
        return _sequence(path), path.stat().st_mtime_ns, path.name
    return _sequence(path), 0, path.name


def _candidates(folder: Path, now: datetime) -> Iterator[Path]:
    """Fresh names, each later in the sequence than every backup in `folder`."""
    stamp = f"{now.astimezone(UTC):%Y%m%d-%H%M%S}"
    number = max((_sequence(p) for p in folder.iterdir()), default=0)
    while True:
        number += 1
        yield folder / f"coachlog-{stamp}-n{number}.db"


def _writer_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # alive under another user, or not a pid at all: leave it
    return False


def stale_staging(folder: Path, kind: str, name: str | None = None) -> list[Path]:
    """Staging files in `folder` (`kind` "partial" or "new", for the file
    `name` if given) whose writer is gone: a backup or a store creation that
    was killed mid-copy, each a full copy of the coach's notes."""
    if not folder.is_dir():
        return []
    stale = []
    for path in sorted(folder.iterdir()):
        found = STAGING.match(path.name)
        if (
            found
            and found.group(3) == kind
            and name in (None, found.group(1))
            and _writer_gone(int(found.group(2)))
        ):
            stale.append(path)
    return stale


def check_file(path: Path, *, schema: bool = False) -> list[str]:
    """What is wrong with a store file, read without changing it ([] when sound).
    With `schema`, also every schema object that is not what the migrations
    make for the file's revision (this runs Alembic once per process)."""
    if not path.is_file():
        return [f"{path} does not exist"]
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return [f"{path} is not a SQLite database"]
    problems = []
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            try:
                integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            except sqlite3.DatabaseError as exc:  # damage bad enough to stop the check
                integrity = [str(exc)]
            if integrity != ["ok"]:
                problems.append(f"integrity_check: {'; '.join(integrity[:3])}")
            orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
            if orphans:
                problems.append(f"foreign_key_check: {len(orphans)} broken reference(s)")
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "alembic_version" not in tables:
                problems.append("not a coachlog store (no schema revision)")
            else:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if revision is None or revision[0] not in REVISIONS:
                    problems.append(
                        f"schema revision {revision[0] if revision else 'none'} is unknown to "
                        "this coachlog"
                    )
                elif schema and not problems:
                    from coachlog.schema_audit import differences

                    found = differences(connection, revision[0])
                    if found:
                        problems.append(
                            f"{SCHEMA_DIFFERS} for revision {revision[0]}: {'; '.join(found)}"
                        )
        finally:
            connection.close()
    except sqlite3.Error as exc:
        problems.append(f"cannot be read: {exc}")
    return problems


def rotate(folder: Path, written: Path, keep: int = KEEP) -> list[Path]:
    """Keep `written` and the newest `keep - 1` other rotated backups (newest
    by sequence, see NAMED); remove the rest and return them."""
    others = sorted(
        (p for p in folder.iterdir() if NAMED.match(p.name) and p.name != written.name),
        key=_age,
    )
    removed = others[: max(len(others) - (keep - 1), 0)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def prune(folder: Path, written: Path) -> list[Path]:
    """Remove every backup in the default folder but `written` (rotated,
    upgrade and restore backups alike, and stale partial copies); return them."""
    removed = [
        path
        for path in sorted(folder.iterdir())
        if ANY_BACKUP.match(path.name) and path.name != written.name and path.is_file()
    ] + stale_staging(folder, "partial")
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _discard(staging: Path) -> None:
    for end in ("", "-wal", "-shm", "-journal"):
        Path(f"{staging}{end}").unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    for path in stale_staging(folder, "partial"):
        path.unlink(missing_ok=True)


def backup(location: Location, destination: Path | None, *, now: datetime) -> Path:
    """Back the store up to `destination` (a new file, or a folder), or into
    `backups/` beside the store, keeping the newest ten there."""
    source = _sqlite_only(location)
    if not source.exists():
        raise StoreError(f"there is no store at {source} to back up yet.")
    problems = check_file(source)
    if problems:
        # Never let copies of a damaged store rotate the good backups away.
        raise StoreError(
            f"the store cannot be backed up: {problems[0]}. The backups were left as they are; "
            "see `coachlog doctor`."
        )
    default = destination is None
    folder = backups_dir(location) if default else destination
    if destination is not None and not destination.is_dir():
        if destination.exists():
            raise BadInput(f"{destination} exists; coachlog never overwrites a backup.")
        if not destination.parent.is_dir():
            raise BadInput(f"the folder {destination.parent} does not exist.")
        folder, target = destination.parent, destination
    else:
        make_private_dir(folder)
        target = None
    _remove_stale(folder)
    # Named by our pid, so a leftover under this name is a dead process's.
    staging = folder / f".{(target or folder / 'coachlog.db').name}.{os.getpid()}.partial"
    _discard(staging)
    try:
        backup_sqlite(source, staging)
        problems = check_file(staging)
        if problems:
            raise StoreError(f"the backup did not check out ({problems[0]}); nothing was kept.")
        target = _place(staging, target, folder, now)
    finally:
        _discard(staging)
    if default:
        rotate(folder, target)
    if not target.is_file():  # never report a backup that is not there
        raise StoreError(
            f"the backup {target} vanished as it was made; run `coachlog backup` again."
        )
    return target


def _place(staging: Path, target: Path | None, folder: Path, now: datetime) -> Path:
    """Link the checked copy in under its final name, never over a file
    (another coachlog may be placing a backup at the same moment)."""
    if target is not None:
        if not _claim(staging, target):
            raise BadInput(f"{target} exists; coachlog never overwrites a backup.")
        return target
    candidates = _candidates(folder, now)
    while not _claim(staging, target := next(candidates)):
        pass
    return target


def _claim(staging: Path, target: Path) -> bool:
    """Give `staging` the name `target` unless that name is taken."""
    try:
        os.link(staging, target)
    except FileExistsError:
        return False
    except OSError:  # no hard links there (a FAT stick): reserve the name, then move in
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            return False
        os.replace(staging, target)
    return True


def restore(location: Location, source: Path, *, now: datetime) -> Path | None:
    """Replace the store with `source` after checking it. Returns the backup
    made of the store it replaced (None when there was no store)."""
    target = _sqlite_only(location)
    problems = check_file(source, schema=True)
    if problems:
        raise BadInput(f"{source} cannot be restored: {problems[0]}. The store was not touched.")
    if location.make_folder:
        make_private_dir(target.parent)
    if not target.parent.is_dir():
        raise StoreError(f"the folder {target.parent} does not exist.")
    saved = None
    if target.exists():
        saved = backup(location, None, now=now)
    else:
        from coachlog.store import create_private_file

        create_private_file(target)
    try:
        reading = sqlite3.connect(read_only_uri(source), uri=True)
        writing = sqlite3.connect(target, timeout=5)
        try:
            reading.backup(writing)
            from coachlog.journal.undo import after_restore

            after_restore(writing, source.name, None if saved is None else str(saved), now)
        finally:
            writing.close()
            reading.close()
    except sqlite3.Error as exc:
        where = f"; the store as it was is in {saved}" if saved else ""
        raise StoreError(f"the restore failed ({exc}){where}.") from None
    return saved


def _leftovers(store: Path, folder: Path) -> list[str]:
    """Copies of the notes an interrupted backup or store creation left behind."""
    found = [
        f"an interrupted backup left a copy of the notes in {path}; the next "
        f"`coachlog backup` removes it (or: rm {shlex.quote(str(path))}*)"
        for path in _main_files(stale_staging(folder, "partial"))
    ]
    found += [
        f"an interrupted store creation left {path}; remove it: rm {shlex.quote(str(path))}*"
        for path in _main_files(stale_staging(store.parent, "new", store.name))
    ]
    return found


def _main_files(paths: list[Path]) -> list[Path]:
    """One line per copy: its -wal/-shm/-journal go with it."""
    names = {path.name for path in paths}
    return [
        path
        for path in paths
        if not STAGING.match(path.name).group(4) or path.name.rsplit("-", 1)[0] not in names
    ]


@dataclass
class Health:
    """What `doctor` found about the store: its file, schema, journal and backups."""

    path: str
    exists: bool
    size_bytes: int = 0
    schema_revision: str | None = None
    schema_head: str = HEAD
    journal_mode: str | None = None
    file_mode: str | None = None
    folder_mode: str | None = None
    integrity: str | None = None
    foreign_keys: str | None = None
    newest_backup: str | None = None
    newest_backup_at: datetime | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def doctor(location: Location) -> Health:
    """Check the store without changing or upgrading it."""
    path = _sqlite_only(location, "store checks")
    health = Health(path=str(path), exists=path.is_file())
    if not health.exists:
        health.problems.append("there is no store here yet (it is made on first use)")
        return health
    health.size_bytes = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    health.file_mode = oct(file_mode(path))
    health.folder_mode = oct(file_mode(path.parent))
    if file_mode(path) & 0o077:
        health.problems.append(
            f"the store is readable by others ({health.file_mode}); run: chmod 600 {path}"
        )
    problems = check_file(path, schema=True)
    health.problems += [
        f"{problem}. A changed schema can copy or alter notes behind your back: restore a "
        "backup (`coachlog restore` refuses one with such a change)"
        if problem.startswith(SCHEMA_DIFFERS)
        else problem
        for problem in problems
    ]
    health.problems += _leftovers(path, backups_dir(location))
    health.integrity = "ok" if not any(p.startswith("integrity") for p in problems) else "failed"
    health.foreign_keys = (
        "failed"
        if any(p.startswith("foreign_key") for p in problems)
        else "ok"
        if health.integrity == "ok"
        else "not checked"
    )
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            health.journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            health.schema_revision = found[0] if found else None
        finally:
            connection.close()
    except sqlite3.Error:
        pass
    if health.schema_revision in REVISIONS and health.schema_revision != HEAD:
        health.notes.append(
            f"schema {health.schema_revision} is behind {HEAD}: the next command upgrades it, "
            "after a backup"
        )
    if health.journal_mode and health.journal_mode != "wal":
        health.problems.append(f"journal mode is {health.journal_mode}, not wal")
    folder = backups_dir(location)
    backups = (
        sorted(folder.glob("coachlog-*.db"), key=lambda p: p.stat().st_mtime)
        if folder.is_dir()
        else []
    )
    if backups:
        newest = backups[-1]
        health.newest_backup = str(newest)
        health.newest_backup_at = datetime.fromtimestamp(newest.stat().st_mtime, UTC)
    return health
