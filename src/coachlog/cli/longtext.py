"""Long text: `--notes TEXT`, `--notes -` (stdin), `--notes-file F`, or the
`$VISUAL`/`$EDITOR` round trip when stdin is a terminal (DESIGN §3, §7).

The editor works on a 0600 temporary file that is removed in `finally`;
an editor that fails, or a text left empty, saves nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from coachlog.errors import BadInput, CoachlogError

PRIVATE_MARK = "# ---- Private notes (the coach's alone) go below this line ----"
SCISSORS = "# ---- 8< ---- Everything below this line is ignored ----"


@dataclass(frozen=True)
class Notes:
    shared: str | None
    private: str | None


def read_value(value: str | None, file: Path | None, what: str) -> str | None:
    """The text of `--notes`/`--notes-file`: the value, stdin for `-`, or a file."""
    if value is not None and file is not None:
        raise BadInput(f"give the {what} either as text or as a file, not both.")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BadInput(f"{file} does not exist; check the --{what}-file path.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read {file}: {exc}.") from None
    if value == "-":
        return sys.stdin.read()
    return value


def can_edit() -> bool:
    """The editor opens only for a person at a terminal, never for a pipe."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def editor_command() -> list[str]:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(editor)


def template(heading: str, private: str | None = None) -> str:
    return "\n".join(
        [
            "",
            "",
            PRIVATE_MARK,
            private or "",
            "",
            SCISSORS,
            f"# {heading}",
            "# Above the private line: notes the client may see.",
            "# Below it: private notes, never in anything client-facing.",
            "# Leave both empty to save nothing.",
            "",
        ]
    )


def parse_edited(text: str) -> Notes:
    body = text.split(SCISSORS, 1)[0]
    shared, _, private = body.partition(PRIVATE_MARK)
    return Notes(shared=shared.strip() or None, private=private.strip() or None)


def edit_notes(heading: str, private: str | None = None) -> Notes:
    """Open the person's editor on a template and return what they wrote."""
    fd, name = tempfile.mkstemp(prefix="coachlog-", suffix=".md")
    path = Path(name)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(template(heading, private))
        command = [*editor_command(), str(path)]
        try:
            finished = subprocess.run(command, check=False)
        except OSError as exc:
            raise BadInput(
                f"cannot start the editor {command[0]!r} ({exc.strerror}); set $EDITOR "
                "or pass --notes."
            ) from None
        if finished.returncode != 0:
            raise CoachlogError(
                f"the editor exited with status {finished.returncode}; nothing was saved."
            )
        notes = parse_edited(path.read_text(encoding="utf-8"))
    finally:
        path.unlink(missing_ok=True)
    if notes.shared is None and notes.private is None:
        raise CoachlogError("the notes were left empty, so nothing was saved.")
    return notes
