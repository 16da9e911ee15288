"""Files coachlog writes for a person (reports, exports): private, whole, and
never over the store or over a file the person did not mean to replace.

The store, its `-wal`/`-shm`/`-journal` files and its backups folder are
recognised by what they are (resolved paths, inodes), not by how a path is
spelled, so no symbolic link, hard link or `..` leads a report over them,
even with `--force`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from coachlog.errors import BadInput, StoreError

STORE_COMPANIONS = {
    "": "the coachlog store",
    "-wal": "the coachlog store's write-ahead log",
    "-shm": "the coachlog store's shared-memory file",
    "-journal": "the coachlog store's rollback journal",
}


def check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise BadInput(
            f"the folder {path.parent} does not exist; create it or choose another --out."
        )


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _same(one: Path, other: Path) -> bool:
    """Whether two paths are one file (or folder): the same inode when both
    exist, the same resolved path when either does not exist yet."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return _real(one) == _real(other)


def _store_part(path: Path, store: Path) -> str | None:
    """What of the store `path` is, if it is part of it; else None."""
    # Where a write to `path` would land: the entry itself (its folder
    # resolved) and, when it is a symbolic link, the file it leads to.
    landing = {_real(path.parent) / path.name, _real(path)}
    for suffix, what in STORE_COMPANIONS.items():
        for part in {
            store.with_name(store.name + suffix),
            _real(store).with_name(_real(store).name + suffix),
        }:
            if any(_same(found, part) for found in landing):
                return what
    backups = store.parent / "backups"
    if any(_same(found.parent, backups) for found in landing):
        return "in the coachlog store's backups folder, which holds only its backups"
    return None


def _is_special(path: Path) -> bool:
    """Whether `path` itself (not what a link there leads to) exists and is
    neither a regular file nor a symbolic link."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISLNK(mode))


def check_destination(path: Path, *, force: bool, store: Path | None) -> None:
    """Refuse a file coachlog must not write: in a missing folder, a folder,
    any part of the store or its backups (always), an existing file (unless
    `force`)."""
    check_folder(path)
    part = None if store is None else _store_part(path, store)
    if part is not None:
        raise BadInput(f"{path} is {part}; coachlog never writes there. Choose another --out.")
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name with --out.")
    if _is_special(path):
        # --force replaces a file; renaming over a device or a pipe (as root,
        # /dev/null) would break the system, not write a report.
        raise BadInput(
            f"{path} is not a regular file (a device, pipe or socket); coachlog writes only "
            "files. Choose another --out."
        )
    if os.path.lexists(path) and not force:
        raise BadInput(
            f"{path} already exists; give --force to replace it, or choose another --out."
        )


def write_private(
    path: Path,
    content: str | bytes | Iterable[str],
    *,
    force: bool = False,
    store: Path | None = None,
) -> Path:
    """Write `content` to `path` as 0600, whatever the umask, all or nothing.

    The text goes to a new file beside `path` (created exclusively, never
    through a symbolic link, under an unpredictable name), reaches the disk,
    then takes `path`'s place: an existing `path` only with `force`, and a
    symbolic link there is replaced, never written through."""
    check_destination(path, force=force, store=store)
    pieces = [content] if isinstance(content, str | bytes) else content
    staging: str | None = None
    try:
        # mkstemp opens with O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600.
        fd, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:64]}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            for piece in pieces:  # text a piece at a time: an export is never whole in memory
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        _put_in_place(Path(staging), path, force=force)
        staging = None
        _sync_folder(path.parent)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}.") from None
    finally:
        if staging is not None:
            with contextlib.suppress(OSError):
                os.unlink(staging)
    return path


def _put_in_place(staging: Path, path: Path, *, force: bool) -> None:
    if force:
        os.replace(staging, path)
        return
    # Without --force, a file that appeared since the check is not replaced
    # either: link() refuses an existing name.
    try:
        os.link(staging, path)
    except FileExistsError:
        raise BadInput(
            f"{path} already exists; give --force to replace it, or choose another --out."
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(path):  # a file system without hard links
            raise BadInput(
                f"{path} already exists; give --force to replace it, or choose another --out."
            ) from None
        os.replace(staging, path)
        return
    os.unlink(staging)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable too (best effort: not every system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_export_folder(folder: Path, names: list[str], *, force: bool, store: Path | None) -> None:
    """Refuse a folder a multi-file export must not write: a file, a folder
    already holding files (unless `force`), or one whose files would include
    any part of the store."""
    if folder.is_symlink() and not folder.exists():
        raise BadInput(
            f"{folder} is a symbolic link to {_real(folder)}, which does not exist; "
            "create that folder or choose another --out."
        )
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file; this export writes a folder of files.")
    if folder.is_dir():
        for name in names:  # the store first: refused even with --force
            check_destination(folder / name, force=True, store=store)
        if any(folder.iterdir()) and not force:
            raise BadInput(
                f"the folder {folder} is not empty; give --force to replace its files, "
                "or choose another --out."
            )
    elif not folder.parent.is_dir():
        raise BadInput(
            f"the folder {folder.parent} does not exist; create it or choose another --out."
        )


def write_private_folder(
    folder: Path, files: dict[str, str | bytes], *, force: bool = False, store: Path | None = None
) -> Path:
    """Write each of `files` into `folder` (made 0700 if new) as `write_private` does."""
    from coachlog.store import make_private_dir

    check_export_folder(folder, list(files), force=force, store=store)
    make_private_dir(folder)
    for name, content in files.items():
        write_private(folder / name, content, force=force, store=store)
    return folder
