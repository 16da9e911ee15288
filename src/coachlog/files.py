"""Files coachlog writes for a person (reports, exports): private and whole."""

from __future__ import annotations

import os
from pathlib import Path

from coachlog.errors import BadInput, StoreError


def check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise BadInput(
            f"the folder {path.parent} does not exist; create it or choose another --out."
        )


def write_private(path: Path, content: str | bytes) -> Path:
    """Write `content` to `path` as 0600, whatever the umask, all or nothing:
    a temporary file beside it is renamed into place."""
    check_folder(path)
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name with --out.")
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd = os.open(staging, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            os.close(fd)
        os.replace(staging, path)
    except OSError as exc:
        staging.unlink(missing_ok=True)
        raise StoreError(f"cannot write {path}: {exc.strerror}.") from None
    return path
