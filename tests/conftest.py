"""Every test gets its own store, a pinned clock and zone, and no real
user folders: nothing a test does can touch a person's data."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from coachlog.cli import main

# CI runs the same examples every time, so a red run can be replayed.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

NOW = "2026-11-27T10:00:00"  # a Friday


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "store" / "coachlog.db"
    store.parent.mkdir()
    monkeypatch.setenv("COACHLOG_DB", str(store))
    monkeypatch.setenv("COACHLOG_NOW", NOW)
    monkeypatch.setenv("TZ", "Europe/London")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("COACHLOG_CONFIG", str(tmp_path / "home" / "config.toml"))
    monkeypatch.delenv("COACHLOG_CLIENT", raising=False)
    monkeypatch.delenv("COACHLOG_DEBUG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return store


@pytest.fixture
def store_file(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def run():
    """Run `coachlog ARGS…` in this process; stdout and stderr apart."""

    def invoke(*args: str, stdin: str = "") -> Result:
        out, err = io.StringIO(), io.StringIO()
        old_stdin = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(args))
        finally:
            sys.stdin = old_stdin
        return Result(code, out.getvalue(), err.getvalue())

    return invoke


@pytest.fixture
def ok(run):
    """Run a command that must succeed; return its result."""

    def invoke(*args: str, stdin: str = "") -> Result:
        result = run(*args, stdin=stdin)
        assert result.code == 0, f"coachlog {' '.join(args)} failed: {result.err}"
        return result

    return invoke


def dump(path: Path) -> str:
    """The store's whole content as SQL, to prove a failed command changed nothing."""
    connection = sqlite3.connect(path)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def jane(ok) -> str:
    """A client with an agreement, the usual start of a test."""
    ok("client", "add", "Jane Doe", "--org", "Acme", "--title", "CFO")
    ok(
        "agreement",
        "set",
        "jane-doe",
        "--focus",
        "Board presence",
        "--cadence",
        "2 weeks",
        "--channel",
        "video",
        "--length",
        "1h",
    )
    return "jane-doe"
