"""Where output goes: data to stdout, messages to stderr (DESIGN §4)."""

from __future__ import annotations

import os
import re
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any

from coachlog.render.data import to_data

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

PIPED_WIDTH = 120

# Control characters a terminal would obey (clear the screen, retitle the
# window, plant a link): shown as `^[`-style text instead. Newlines and tabs
# stay, so notes keep their lines.
_VISIBLE = {code: f"^{chr(code + 64)}" for code in range(32) if chr(code) not in "\n\t"}
_VISIBLE[0x7F] = "^?"
_VISIBLE.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
_RAW_ESCAPES = {**{c: v for c, v in _VISIBLE.items() if c < 0x20}, **_JSON_ESCAPES}


def _no_color() -> bool | None:
    """`color = false` in the config file turns colour off, as NO_COLOR does;
    None leaves it to Rich (NO_COLOR, a terminal or not)."""
    from coachlog import config
    from coachlog.errors import CoachlogError

    try:
        return True if config.get("color") is False else None
    except CoachlogError:  # a broken file: its error is what is being printed
        return None


# Any character `_VISIBLE` changes: looked for first, as translating through
# a dict costs ~0.1 µs a character even when nothing changes.
_HIDDEN = re.compile("[" + "".join(re.escape(chr(code)) for code in _VISIBLE) + "]")


def visible(text: str) -> str:
    """`text` with every control character a terminal obeys made visible."""
    return text.translate(_VISIBLE) if _HIDDEN.search(text) else text


class Output:
    """The two consoles of one command run.

    Rich renders for a terminal and falls back to plain text when piped;
    it honours `NO_COLOR` by itself.
    """

    @cached_property
    def stdout(self) -> Console:
        # Piped output is for files and grep: wide enough not to wrap rows.
        from coachlog.render.console import SafeConsole

        piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
        return SafeConsole(
            file=sys.stdout,
            highlight=False,
            # Strings reach Rich only from the views themselves (statuses,
            # dates, headers), never emoji codes; looking for codes in them
            # would import Rich's table of every emoji on each run.
            emoji=False,
            width=PIPED_WIDTH if piped else None,
            no_color=_no_color(),
        )

    @cached_property
    def stderr(self) -> Console:
        from coachlog.render.console import SafeConsole

        return SafeConsole(
            file=sys.stderr, highlight=False, emoji=False, soft_wrap=True, no_color=_no_color()
        )

    @property
    def plain(self) -> bool:
        """True when stdout is not a terminal: no boxes, no bars drawn in colour."""
        return not self.stdout.is_terminal

    def show(self, *renderables: RenderableType, page: bool = False) -> None:
        """Views to stdout. With `page`, a view taller than the terminal
        goes through the pager (render/paging.py); never when piped."""
        if not self.plain:
            if page:
                from coachlog.render.paging import TallOutputPager, wants_pager

                if wants_pager():
                    # Rendered once, with its styles; the pager decides by its height.
                    pager = TallOutputPager(self.stdout.size.height)
                    with self.stdout.pager(pager, styles=True):
                        self.stdout.print(*renderables, sep="\n")
                    return
            self.stdout.print(*renderables, sep="\n")
            return
        # Piped: the same text without the padding Rich adds to fill columns,
        # and never cut at the width (a file keeps every word of a long line).
        console = self.stdout
        # Without colour, Rich adds nothing but text: the whole of it is made
        # visible at once, rather than segment by segment as it is rendered.
        console.checked_whole = console.color_system is None
        try:
            with console.capture() as captured:
                console.print(*renderables, sep="\n", crop=False)
        finally:
            console.checked_whole = False
        text = captured.get()
        # (isprintable is the quickest look for a control character; what it
        # also flags, such as a no-break space, `visible` leaves as it is)
        if console.color_system is None and not text.replace("\n", "").isprintable():
            text = visible(text)
        sys.stdout.write("".join(line.rstrip() + "\n" for line in text.splitlines()))

    def raw(self, text: str) -> None:
        """Text already in its final format (Markdown, HTML, JSON) to stdout,
        its control characters made harmless: C0 ones shown as `^[` (JSON
        never holds them raw), DEL and C1 ones as `\\u` escapes, which JSON
        reads back as the same text."""
        sys.stdout.write(text.translate(_RAW_ESCAPES))

    def json(self, value: Any) -> None:
        import json  # only --json needs it

        text = json.dumps(to_data(value), indent=2, ensure_ascii=False)
        # JSON escapes C0 controls itself; DEL and C1 (which some terminals
        # obey) are escaped too. Only strings can hold them, so this stays JSON.
        sys.stdout.write(text.translate(_JSON_ESCAPES) + "\n")

    def done(self, message: str) -> None:
        """The one confirmation line of a command that changed something.

        Written as it is (no Rich: a confirmation costs no console): whatever
        user text it quotes is shown as written, control characters visible,
        never read as markup or emoji codes.
        """
        sys.stdout.write(visible(message) + "\n")

    @cached_property
    def plain_stderr(self) -> bool:
        """stderr goes to a file or a pipe and nothing asks Rich to style it
        anyway: a message is written as Rich would write it there (its tabs
        expanded, no wrapping) without importing Rich for one line."""
        forced = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
        return not sys.stderr.isatty() and not any(name in os.environ for name in forced)

    def _plain(self, text: str) -> bool:
        """Write `text` to stderr without Rich, when Rich would write it as
        it is: tabs expand by characters here, by cells there (a wide
        character before a tab is left to Rich)."""
        if not self.plain_stderr or ("\t" in text and not text.isascii()):
            return False
        sys.stderr.write(text.expandtabs(8) + "\n")
        return True

    def note(self, message: str) -> None:
        """A message for the person, not data: to stderr."""
        if self._plain(visible(message)):
            return
        from rich.text import Text

        # Made visible before Rich sees it: Rich would drop BEL and CR unseen.
        self.stderr.print(Text(visible(message), style="dim" if self.stderr.is_terminal else ""))

    def error(self, message: str) -> None:
        """`Error: …` on one line; the message is never read as markup."""
        if self._plain(f"Error: {visible(message)}"):
            return
        from rich.text import Text

        self.stderr.print(
            Text.assemble(("Error:", "bold red"), " ", visible(message)), soft_wrap=True
        )
