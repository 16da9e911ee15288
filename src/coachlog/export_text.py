"""An export file read a piece at a time, so that an import holds a chunk of
records in memory, never the whole file.

The standard library has no streaming JSON parser, and an event-level one
(ijson, even on its C backend) took 11 s to build the 100k export's records
in one pass. So only the file's outer structure is walked here (the document
object, its `records` object and each kind's list); every value inside it (a
record, a header field) is decoded whole by `json`'s own decoder. Any valid
JSON layout (one record a line, indented, keys sorted, all on one line)
reads as `json.loads` would read it; anything else is refused with the line
and column where it breaks, as `json.loads` would name them.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from coachlog.errors import BadInput

PIECE = 1 << 16  # bytes read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class ExportText:
    """The file's text, read as far as the walk needs and forgotten behind it."""

    def __init__(self, read: Callable[[int], bytes], source: str, limit: int) -> None:
        self._read, self.source, self.limit = read, source, limit
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self.buffer, self.pos, self.eof = "", 0, False
        self.broken = False  # refused: nothing more can be read from it
        self.bytes_read = 0
        self._offset = 0  # where buffer[0] is in the whole text
        self._lines = 0  # newlines before buffer[0]
        self._last_newline = -1  # the last of them, in the whole text

    def _more(self, wanted: int = PIECE) -> None:
        if self.pos:  # forget what has been read
            dropped = self.buffer[: self.pos]
            newlines = dropped.count("\n")
            if newlines:
                self._lines += newlines
                self._last_newline = self._offset + dropped.rindex("\n")
            self._offset += self.pos
            self.buffer, self.pos = self.buffer[self.pos :], 0
        try:
            data = self._read(max(wanted, PIECE))
        except OSError as exc:
            self.refuse(BadInput(f"cannot read {self.source}: {exc.strerror}."))
        self.bytes_read += len(data)
        if self.bytes_read > self.limit:
            self.refuse(too_big(self.source, self.limit))
        try:
            self.buffer += self._utf8.decode(data, final=not data)
        except UnicodeDecodeError:
            self.refuse(BadInput(f"cannot read {self.source}: it is not UTF-8 text."))
        self.eof = not data

    def next_char(self) -> str:
        """The next character past white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer) or self.eof:
                return self.buffer[self.pos : self.pos + 1]
            self._more()

    def punctuation(self, allowed: str, expecting: str) -> str:
        found = self.buffer[self.pos : self.pos + 1]  # as the exporter writes it: no space
        if found and found in allowed:
            self.pos += 1
            return found
        found = self.next_char()
        if not found or found not in allowed:
            self.fail(expecting)
        self.pos += 1
        return found

    def value(self) -> Any:
        """The next JSON value, decoded whole."""
        self.next_char()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or not self._cut_short(exc):
                    self.fail(exc.msg, exc.pos)
            except RecursionError:
                self.refuse(
                    BadInput(
                        f"{self.source} nests deeper than any coachlog export; it was not read."
                    )
                )
            except ValueError as exc:  # a number of thousands of digits
                self.refuse(BadInput(f"{self.source} is not a coachlog export ({str(exc)[:80]})."))
            else:
                # A number read up to the end of the buffer may go on in the
                # next piece ("1." then "5"): take it only with text after it.
                if end + 3 <= len(self.buffer) or self.eof:
                    self.pos = end
                    return value
            # Twice what is pending: a long record is read in a few steps.
            self._more(len(self.buffer) - self.pos)

    def key(self) -> str:
        if self.next_char() != '"':
            self.fail("Expecting property name enclosed in double quotes")
        return self.value()

    def _cut_short(self, exc: json.JSONDecodeError) -> bool:
        """Whether decoding failed only because the buffer ends mid-value."""
        return exc.pos >= len(self.buffer) - 8 or exc.msg.startswith("Unterminated string")

    def end(self) -> None:
        if self.next_char():
            self.fail("Extra data")

    def fail(self, message: str, pos: int | None = None) -> NoReturn:
        pos = self.pos if pos is None else pos
        newlines = self.buffer.count("\n", 0, pos)
        line = self._lines + newlines + 1
        if newlines:
            column = pos - self.buffer.rindex("\n", 0, pos)
        else:
            column = self._offset + pos - self._last_newline
        self.refuse(
            BadInput(
                f"{self.source} is not valid JSON (line {line}, column {column}: {message}); "
                "is the file complete?"
            )
        )

    def refuse(self, error: BadInput) -> NoReturn:
        self.broken = True
        raise error


def too_big(source: str, limit: int) -> BadInput:
    return BadInput(
        f"{source} is larger than {limit // 2**20} MiB, the most import reads; "
        "check it is the right file, or export one client at a time (export --client C)."
    )


def members(text: ExportText) -> Iterator[tuple[str | None, Any]]:
    """The document's members in file order: `(name, value)`, with `records`
    given as a stream of `(kind, records)` when it is an object and each
    kind's records as a stream when it is a list. A document that is not an
    object is one `(None, value)`."""
    if text.next_char() != "{":
        value = text.value()
        text.end()
        yield None, value
        return
    for name in _names(text, "}"):
        if name == "records" and text.next_char() == "{":
            yield from _stream(name, _kinds(text))
        else:
            yield name, text.value()
    text.end()


def _names(text: ExportText, closing: str) -> Iterator[str]:
    """The names of an object's members, its `{` next; the caller reads
    each member's value before asking for the next name."""
    text.pos += 1
    if text.next_char() == closing:
        text.pos += 1
        return
    while True:
        name = text.key()
        text.punctuation(":", "Expecting ':' delimiter")
        yield name
        if text.punctuation("," + closing, "Expecting ',' delimiter") == closing:
            return


def _kinds(text: ExportText) -> Iterator[tuple[str, Any]]:
    for name in _names(text, "}"):
        if text.next_char() == "[":
            yield from _stream(name, _items(text))
        else:
            yield name, text.value()


def _items(text: ExportText) -> Iterator[Any]:
    text.pos += 1
    if text.next_char() == "]":
        text.pos += 1
        return
    while True:
        yield text.value()
        if text.punctuation(",]", "Expecting ',' delimiter") == "]":
            return


def _stream(name: str, stream: Iterator[Any]) -> Iterator[tuple[str, Iterator[Any]]]:
    """`(name, stream)`; what the caller left of the stream is read past (an
    import that found a wrong record reads on to the header, which may say
    why the file is not for this coachlog)."""
    yield name, stream
    for _unread in stream:
        pass
