"""The console every view is printed through (imported only by a view)."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment

from coachlog.render.output import visible


class SafeConsole(Console):
    """A console that never lets user text drive the terminal: every segment
    it renders has its control characters made visible. Rich's own styles
    and cursor moves are added after this, so they still work.

    `checked_whole`: the caller makes the whole output visible at once
    instead (plain text to a pipe, where Rich adds no codes of its own)."""

    checked_whole = False

    _rendering = False

    def render(self, renderable, options=None):
        if self._rendering or self.checked_whole:
            # A part of what is being rendered: its segments all pass
            # through the outermost call, checked once there. Handed on as
            # Rich's own iterator, without a generator of ours around it at
            # every level of a table inside a group (a long report has
            # thousands of such levels).
            return super().render(renderable, options)
        return self._checked(renderable, options)

    def _checked(self, renderable, options):
        self._rendering = True
        try:
            for segment in super().render(renderable, options):
                if segment.control is None and segment.text and not segment.text.isprintable():
                    yield Segment(visible(segment.text), segment.style, segment.control)
                else:
                    yield segment
        finally:
            self._rendering = False
