"""Long text: `--notes TEXT`, `--notes -` (stdin), `--notes-file F`, or the
`$VISUAL`/`$EDITOR` round trip when stdin is a terminal (DESIGN §3, §7).

The editor works on a 0600 temporary file that is removed in `finally`;
an editor that fails, or a text left empty, saves nothing. The template's
private line decides what the client may see, so every way of damaging it
errs towards private: a missing or changed line keeps all of the text
private, a duplicated one keeps all below the first private, text added
below the help line is kept private, and the coach is told on stderr.
Text that cannot be saved (not UTF-8, a NUL) is moved to a 0600 file whose
name the error gives, so nothing typed is lost.
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
SCISSORS = "# ---- 8< ---- The help below this line is not saved ----"


@dataclass(frozen=True)
class Notes:
    """Session notes as typed in the editor: the shared part and the private part."""

    shared: str | None
    private: str | None
    all_private: bool = False  # the private line was gone: nothing was taken as shared
    below_help: bool = False  # text typed below the help line, kept private


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
    from coachlog import config

    editor = config.get("editor") or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(editor)


GUIDE = (
    "# Above the private line: notes the client may see.",
    "# Below it: private notes, never in anything client-facing.",
    "# If the private line is missing or changed, all of the text is kept private.",
    "# Text added below the 8< line is kept private too.",
    "# Leave both parts empty to save nothing.",
)


def help_heading(heading: str) -> str:
    # One line, whatever the client's name holds, so it is recognised as help.
    return "# " + " ".join(heading.split())


def template(heading: str, private: str | None = None, shared: str | None = None) -> str:
    above = [shared.rstrip("\n"), ""] if shared else ["", ""]
    return "\n".join(
        [*above, PRIVATE_MARK, private or "", "", SCISSORS, help_heading(heading), *GUIDE, ""]
    )


def parse_edited(text: str, heading: str | None = None) -> Notes:
    """Shared notes above the private line, private notes below it.

    Every damage errs towards private: a text whose private line was
    deleted or changed is never taken as shared (`Notes.all_private`); a
    duplicated line keeps all below the first private; text typed below the
    help line is kept private (`Notes.below_help`). The help's own lines
    are dropped wherever they are, even when the 8< line was deleted."""
    help_lines = {SCISSORS, *GUIDE, *([help_heading(heading)] if heading else [])}
    lines = text.splitlines()
    cuts = [index for index, line in enumerate(lines) if line.strip() == SCISSORS]
    above, below = (lines[: cuts[0]], lines[cuts[0] + 1 :]) if cuts else (lines, [])
    above = [line for line in above if line.strip() not in help_lines]
    below = [
        line for line in below if line.strip() not in help_lines and line.strip() != PRIVATE_MARK
    ]
    below_help = bool("\n".join(below).strip())
    marks = [index for index, line in enumerate(above) if line.strip() == PRIVATE_MARK]
    if not marks:
        private = _paragraphs(above, below)
        return Notes(None, private, all_private=private is not None, below_help=below_help)
    shared = _paragraphs(above[: marks[0]])
    private = [line for line in above[marks[0] + 1 :] if line.strip() != PRIVATE_MARK]
    return Notes(shared, _paragraphs(private, below), below_help=below_help)


def _paragraphs(*parts: list[str]) -> str | None:
    texts = [text for text in ("\n".join(part).strip() for part in parts) if text]
    return "\n\n".join(texts) or None


class Stopped(CoachlogError):
    """coachlog was told to stop (SIGHUP, SIGTERM) while the editor was open."""

    def __init__(self, signum: int) -> None:
        name = signal.Signals(signum).name
        super().__init__(f"stopped by {name} while the editor was open; nothing was saved.")
        self.exit_code = 128 + signum


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Turn SIGHUP and SIGTERM into `Stopped`, so the `finally` that removes
    the notes file runs (and the editor is ended) before coachlog exits.

    Ctrl-C and Ctrl-\\ at the terminal reach the editor too, which decides
    what they mean (vim uses Ctrl-C to cancel a command): coachlog lets them
    pass, as git does, instead of ending the editor and losing the text.
    Python-level handlers, not SIG_IGN, so the editor starts with its own."""

    def stop(signum, _frame):
        raise Stopped(signum)

    def let_the_editor_decide(_signum, _frame):
        return None

    handlers = {
        signal.SIGHUP: stop,
        signal.SIGTERM: stop,
        signal.SIGINT: let_the_editor_decide,
        signal.SIGQUIT: let_the_editor_decide,
    }
    saved = {}
    try:
        for signum, handler in handlers.items():
            saved[signum] = signal.signal(signum, handler)
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def keep_safe(path: Path) -> Path:
    """Move the notes file out of the cleanup's way, to an unpredictable
    0600 name in the same folder, so text that cannot be saved is not lost."""
    fd, name = tempfile.mkstemp(prefix="coachlog-unsaved-", suffix=".txt", dir=path.parent)
    os.close(fd)
    os.replace(path, name)
    return Path(name)


def read_edited(path: Path, heading: str) -> Notes:
    """What the editor left in `path`; text that cannot be saved is kept safe."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CoachlogError("the editor removed the notes file; nothing was saved.") from None
    try:
        notes = parse_edited(data.decode("utf-8-sig"), heading)
    except UnicodeDecodeError:
        kept = keep_safe(path)
        raise CoachlogError(
            f"the editor saved text that is not UTF-8, so nothing was saved; it is kept in "
            f"{kept} (only you can read it). Set your editor to UTF-8, or pass --notes-file."
        ) from None
    if "\x00" in (notes.shared or "") + (notes.private or ""):
        kept = keep_safe(path)
        raise BadInput(
            f"the notes contain a NUL character, which cannot be stored, so nothing was saved; "
            f"they are kept in {kept} (only you can read it)."
        )
    return notes


def edit_notes(
    heading: str, private: str | None = None, shared: str | None = None, *, outline: bool = True
) -> Notes:
    """Open the person's editor on a template and return what they wrote.
    `shared` starts the shared part: a session template's outline, which
    left as it was is not notes, or (`outline=False`) the notes being edited."""
    with stopped_by_signals():
        fd, name = tempfile.mkstemp(prefix="coachlog-", suffix=".md")
        path = Path(name)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(template(heading, private, shared))
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
            notes = read_edited(path, heading)
        finally:
            path.unlink(missing_ok=True)
    if outline and shared and notes.shared is not None and notes.shared.split() == shared.split():
        notes = Notes(None, notes.private, notes.all_private, notes.below_help)
    if notes.shared is None and notes.private is None:
        raise CoachlogError("the notes were left empty, so nothing was saved.")
    from coachlog.cli.common import out

    if notes.all_private:
        out().note(
            "The private-notes line was missing or changed, so all of the text was kept as "
            "private notes; none of it is shared with the client."
        )
    elif notes.below_help:
        out().note("Text typed below the 8< help line was kept as private notes, after the rest.")
    return notes
