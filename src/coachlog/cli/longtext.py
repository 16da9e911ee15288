"""Long text: `--notes TEXT`, `--notes -` (stdin), `--notes-file F`, or the
`$VISUAL`/`$EDITOR` round trip when stdin is a terminal (DESIGN §3, §7).

The editor works on a 0600 temporary file that is removed in `finally`;
an editor that fails, or a text left empty, saves nothing.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from coachlog.errors import BadInput, CoachlogError

PRIVATE_MARK = "# ---- Private notes (the coach's alone) go below this line ----"
SCISSORS = "# ---- 8< ---- Everything below this line is ignored ----"


@dataclass(frozen=True)
class Notes:
    shared: str | None
    private: str | None
    all_private: bool = False  # the private line was gone: nothing was taken as shared


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
        from coachlog.cli.common import text_or_refusal

        return text_or_refusal(sys.stdin.read(), f"the {what} on stdin")
    return value


def can_edit() -> bool:
    """The editor opens only for a person at a terminal, never for a pipe."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def editor_command() -> list[str]:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(editor)


GUIDE = (
    "# Above the private line: notes the client may see.",
    "# Below it: private notes, never in anything client-facing.",
    "# Without the private line, all of it is kept private.",
    "# Leave both empty to save nothing.",
)


def template(heading: str, private: str | None = None) -> str:
    return "\n".join(
        ["", "", PRIVATE_MARK, private or "", "", SCISSORS, f"# {heading}", *GUIDE, ""]
    )


def parse_edited(text: str) -> Notes:
    """Shared notes above the private line, private notes below it.

    A text whose private line was deleted or changed is never taken as
    shared: all of it is kept private (`Notes.all_private` says so)."""
    body, scissors, _ignored = text.partition(SCISSORS)
    lines = body.splitlines()
    if not scissors:  # the guide's own lines are no one's notes
        lines = [line for line in lines if line.strip() not in GUIDE]
    marks = [index for index, line in enumerate(lines) if line.strip() == PRIVATE_MARK]
    if not marks:
        private = "\n".join(lines).strip() or None
        return Notes(shared=None, private=private, all_private=private is not None)
    shared = "\n".join(lines[: marks[0]]).strip() or None
    below = [line for line in lines[marks[0] + 1 :] if line.strip() != PRIVATE_MARK]
    return Notes(shared=shared, private="\n".join(below).strip() or None)


class Stopped(CoachlogError):
    """coachlog was told to stop (SIGHUP, SIGTERM) while the editor was open."""

    def __init__(self, signum: int) -> None:
        name = signal.Signals(signum).name
        super().__init__(f"stopped by {name} while the editor was open; nothing was saved.")
        self.exit_code = 128 + signum


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Turn SIGHUP and SIGTERM into `Stopped`, so the `finally` that removes
    the notes file runs (and the editor is ended) before coachlog exits."""

    def stop(signum, _frame):
        raise Stopped(signum)

    saved = {signum: signal.signal(signum, stop) for signum in (signal.SIGHUP, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def edit_notes(heading: str, private: str | None = None) -> Notes:
    """Open the person's editor on a template and return what they wrote."""
    fd, name = tempfile.mkstemp(prefix="coachlog-", suffix=".md")
    path = Path(name)
    try:
        with stopped_by_signals():
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
            try:
                notes = parse_edited(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise CoachlogError(
                    "the editor removed the notes file; nothing was saved."
                ) from None
            except UnicodeDecodeError:
                raise CoachlogError(
                    "the editor saved text that is not UTF-8; nothing was saved. Set your "
                    "editor to UTF-8, or pass --notes-file."
                ) from None
    finally:
        path.unlink(missing_ok=True)
    if notes.shared is None and notes.private is None:
        raise CoachlogError("the notes were left empty, so nothing was saved.")
    if notes.all_private:
        from coachlog.cli.common import out

        out().note(
            "The private-notes line was missing or changed, so all of the text was kept as "
            "private notes; none of it is shared with the client."
        )
    return notes
