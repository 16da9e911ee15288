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
import sqlite3
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
)

KEEP = 10
# Rotated backups: coachlog-<UTC stamp>[-<n>].db (upgrade backups are kept apart).
NAMED = re.compile(r"^coachlog-(\d{8}-\d{6})(?:-(\d+))?\.db$")


def _sqlite_only(location: Location, what: str = "backups") -> Path:
    if location.path is None:
        raise BadInput(
            f"{what} are for SQLite stores; on a server, use its own tools (pg_dump, "
            "pg_restore, and its monitoring)."
        )
    return location.path


def _age(path: Path) -> tuple[str, int]:
    stamp, count = NAMED.match(path.name).groups()
    return stamp, int(count or 1)


def _fresh_name(folder: Path, now: datetime) -> Path:
    """A name newer than every backup of the same second, even one rotated
    away: reusing a freed name would make the newest backup look oldest."""
    stamp = f"{now.astimezone(UTC):%Y%m%d-%H%M%S}"
    counts = [_age(p)[1] for p in folder.iterdir() if NAMED.match(p.name) and _age(p)[0] == stamp]
    if not counts and not (folder / f"coachlog-{stamp}.db").exists():
        return folder / f"coachlog-{stamp}.db"
    return folder / f"coachlog-{stamp}-{max(counts, default=1) + 1}.db"


def check_file(path: Path) -> list[str]:
    """What is wrong with a store file, read without changing it ([] when sound)."""
    if not path.is_file():
        return [f"{path} does not exist"]
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return [f"{path} is not a SQLite database"]
    problems = []
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
        finally:
            connection.close()
    except sqlite3.Error as exc:
        problems.append(f"cannot be read: {exc}")
    return problems


def rotate(folder: Path, keep: int = KEEP) -> list[Path]:
    """Remove all but the newest `keep` timestamped backups; return the removed."""

    named = sorted((p for p in folder.iterdir() if NAMED.match(p.name)), key=_age)
    removed = named[:-keep] if len(named) > keep else []
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


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
        target = _fresh_name(folder, now)
    staging = folder / f".{target.name}.{os.getpid()}.partial"
    staging.unlink(missing_ok=True)
    try:
        backup_sqlite(source, staging)
        problems = check_file(staging)
        if problems:
            raise StoreError(f"the backup did not check out ({problems[0]}); nothing was kept.")
        os.replace(staging, target)
    finally:
        for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
            leftover.unlink(missing_ok=True)
    if default:
        rotate(folder)
    return target


def restore(location: Location, source: Path, *, now: datetime) -> Path | None:
    """Replace the store with `source` after checking it. Returns the backup
    made of the store it replaced (None when there was no store)."""
    target = _sqlite_only(location)
    problems = check_file(source)
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
        reading = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        writing = sqlite3.connect(target, timeout=5)
        try:
            reading.backup(writing)
        finally:
            writing.close()
            reading.close()
    except sqlite3.Error as exc:
        where = f"; the store as it was is in {saved}" if saved else ""
        raise StoreError(f"the restore failed ({exc}){where}.") from None
    return saved


@dataclass
class Health:
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
    problems = check_file(path)
    health.problems += problems
    health.integrity = "ok" if not any(p.startswith("integrity") for p in problems) else "failed"
    health.foreign_keys = (
        "failed"
        if any(p.startswith("foreign_key") for p in problems)
        else "ok"
        if health.integrity == "ok"
        else "not checked"
    )
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
