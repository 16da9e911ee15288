"""Notes and errors to a file or a pipe: written without Rich, exactly as
Rich would write them there."""

from __future__ import annotations

import io
import sys

import pytest

from coachlog.render.output import Output

MESSAGES = [
    "Pinned your coach's key 2fb2 521d: this store takes bundles from it alone.",
    "a\ttab, then\tanother",
    "bell \x07, escape \x1b[2J, carriage \rreturn, C1 \x9b and DEL \x7f",
    "a line longer than any terminal " * 12,
    "wide 日本語 and accents: café",
    "a wide 漢字\tbefore a tab, 🎯\tan emoji, e\u0301\ta combining accent, x\u200b\ty",
    "[bold]not markup[/bold] :smile:",
]


def written(monkeypatch, message: str, *, plain: bool, error: bool) -> str:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    output = Output()
    output.plain_stderr = plain  # the cached property, decided here
    (output.error if error else output.note)(message)
    return stream.getvalue()


@pytest.mark.parametrize("error", [False, True], ids=["note", "error"])
@pytest.mark.parametrize("message", MESSAGES)
def test_a_message_to_a_pipe_is_what_rich_would_write(monkeypatch, message, error):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    by_hand = written(monkeypatch, message, plain=True, error=error)
    by_rich = written(monkeypatch, message, plain=False, error=error)
    assert by_hand == by_rich
    assert by_hand.count("\n") == 1 and "\x1b" not in by_hand and "\x07" not in by_hand


def test_a_forced_colour_still_goes_through_rich(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert Output().plain_stderr is False
    monkeypatch.delenv("FORCE_COLOR")
    assert Output().plain_stderr is True
