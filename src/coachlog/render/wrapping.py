"""Lines cut as Rich's `Text.wrap` cuts them, without building a `Text`.

A report's highlights are a year of session notes: wrapped by Rich as one
`Text`, every word of them passed through Rich's span and cell machinery and
took a third of the whole report's time. A line of plain words (ASCII, one
space between words, none wider than the line) breaks where Rich would break
it in a few string searches; any other line is left to Rich itself.
tests/test_wrapping.py holds the two to the same answer.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def wrap_line(console: Console, line: str, width: int, *, overflow: str = "fold") -> list[str]:
    """`line` (holding no newline) in the pieces `Text(line).wrap(console,
    width, overflow=overflow)` gives: Rich's default justify, each piece's
    trailing space kept where it fits. (A table's cell wraps with its
    column's overflow, "ellipsis"; the two differ only for a line the quick
    way leaves to Rich.)"""
    if len(line) <= width and line.isascii() and line.isprintable():
        return [line]
    if not _plain_words(line, width):
        return [piece.plain for piece in Text(line).wrap(console, width, overflow=overflow)]
    pieces = []
    start, end_of_words = 0, len(line.rstrip(" "))
    while end_of_words - start > width:
        # After the last word that ends within the width; one must, as no
        # word is wider than the line.
        end = line.rfind(" ", start, start + width + 1) + 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    # What Rich crops from a piece: the spaces past the width (here one).
    return [piece[:width] if len(piece) > width else piece for piece in pieces]


def _plain_words(line: str, width: int) -> bool:
    """Words of single-cell characters, one space apart, none wider than `width`."""
    return (
        line.isascii()
        and line.isprintable()
        and not line.startswith(" ")
        and "  " not in line
        and max(map(len, line.split(" "))) <= width
    )
