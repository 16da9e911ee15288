"""README.md runs: every `$ coachlog …` line of its console blocks, in order,
on one fresh store with a pinned clock, each shown output checked.

The tour is one story. What a reader does not see steers it: HTML comments
of the form `<!-- tour: … -->` between blocks.

- `<!-- tour: now 2026-11-27T16:05 -->` moves the pinned clock on;
- `<!-- tour: home jane -->` switches to another person's machine (own
  store, key and config; files such as bundles stay in the one folder);
- `<!-- tour: file NAME: TEXT -->` writes a file the next command reads;
- `<!-- tour: config TOML -->` replaces the current home's config file.

A shown output is matched line by line, trailing spaces ignored; a line
`...` stands for any number of lines, and `…` within a line for any text.
An output shown as starting with `Error:` expects the command to fail;
every other command must succeed.

`COACHLOG_README_UPDATE=1 python -m pytest tests/test_readme.py` rewrites
shown outputs that have no `...` from what the program prints, to review
with `git diff`.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
START = "2026-11-27T09:00:00"
ELIDED = "..."

pytestmark = pytest.mark.real_migrations


@dataclass
class Step:
    kind: str  # "run", "now", "home", "file", "config"
    text: str
    line: int  # where it is in README.md, 1-based
    shown: list[str] = field(default_factory=list)
    shown_at: tuple[int, int] | None = None  # the README lines of the shown output


_DIRECTIVE = re.compile(r"^<!--\s*tour:\s*(\w+)\s+(.*?)\s*-->$")


def steps(text: str) -> list[Step]:
    lines = text.splitlines()
    found: list[Step] = []
    in_console = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if not in_console:
            directive = _DIRECTIVE.match(line.strip())
            if directive:
                found.append(Step(directive[1], directive[2], index + 1))
            elif line.startswith("```console"):
                in_console = True
            index += 1
            continue
        if line.startswith("```"):
            in_console = False
            index += 1
            continue
        if line.startswith("$ "):
            start = index
            command = line[2:]
            while command.endswith("\\"):
                index += 1
                command = command[:-1] + " " + lines[index].strip()
            index += 1
            while index < len(lines) and re.match(r"^\s+# ", lines[index]):
                index += 1  # a comment on the command, carried on to the next line
            first = index
            while index < len(lines) and not lines[index].startswith(("$ ", "```")):
                index += 1
            shown = [shown_line.rstrip() for shown_line in lines[first:index]]
            while shown and not shown[-1]:
                shown.pop()
            found.append(Step("run", command, start + 1, shown, (first, first + len(shown))))
            continue
        index += 1
    return found


def matches(pattern: list[str], actual: list[str]) -> bool:
    """Line glob: `...` matches any run of lines; `…` within a line any text
    (a path that differs from machine to machine); every other line itself."""
    if not pattern:
        return not actual
    if pattern[0] == ELIDED:
        return any(matches(pattern[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and same_line(pattern[0], actual[0]) and matches(pattern[1:], actual[1:])


def trimmed(lines: list[str]) -> list[str]:
    """Lines without trailing spaces, and without blank lines at the end."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def same_line(shown: str, actual: str) -> bool:
    if "…" not in shown:
        return shown == actual
    return re.fullmatch(".*".join(map(re.escape, shown.split("…"))), actual) is not None


def fixed_key(home: Path, name: str) -> None:
    """A key file made from the person's name, so fingerprints in README stay put."""
    from coachlog import keys

    secret = hashlib.sha256(f"coachlog README {name}".encode()).digest()
    path = home / "key"
    path.write_text(f"{keys.FILE_HEADER}\n{base64.b64encode(secret).decode('ascii')}\n")
    path.chmod(0o600)


def test_the_readme_tour_runs_top_to_bottom(run, monkeypatch, tmp_path, backend):
    if backend != "sqlite":
        pytest.skip("the tour runs on the embedded default")
    text = README.read_text(encoding="utf-8")
    tour = steps(text)
    assert sum(step.kind == "run" for step in tour) >= 60, "the tour lost its commands"
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in ("COLUMNS", "COACHLOG_CLIENT", "VISUAL", "EDITOR", "PAGER", "COACHLOG_PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COACHLOG_PAGER", "")

    def home(name: str) -> None:
        place = tmp_path / "homes" / name
        if not place.exists():
            (place / "data").mkdir(parents=True)
            fixed_key(place, name)
        # As on a person's machine: the config file where coachlog looks by default.
        monkeypatch.setenv("HOME", str(place))
        monkeypatch.setenv("XDG_DATA_HOME", str(place / ".local" / "share"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(place / ".config"))
        monkeypatch.delenv("COACHLOG_CONFIG", raising=False)
        monkeypatch.setenv("COACHLOG_DB", str(place / "coachlog.db"))
        monkeypatch.setenv("COACHLOG_KEY", str(place / "key"))

    home("coach")
    monkeypatch.setenv("COACHLOG_NOW", START)
    failures: list[str] = []
    updates: dict[tuple[int, int], list[str]] = {}
    for step in tour:
        if step.kind == "now":
            monkeypatch.setenv("COACHLOG_NOW", step.text)
        elif step.kind == "home":
            home(step.text)
        elif step.kind == "file":
            name, _, content = step.text.partition(":")
            (work / name.strip()).write_text(content.strip().replace("\\n", "\n") + "\n")
        elif step.kind == "config":
            from coachlog import config

            config.path().parent.mkdir(parents=True, exist_ok=True)
            config.path().write_text(step.text.replace("\\n", "\n") + "\n")
        elif step.kind == "run":
            args = shlex.split(step.text, comments=True)
            assert args[0] == "coachlog", f"README.md:{step.line}: not a coachlog command"
            result = run(*args[1:])
            out, err = result.out.splitlines(), result.err.splitlines()
            out = trimmed(out)
            err = trimmed(err)
            wants_error = bool(step.shown) and step.shown[0].startswith("Error:")
            if (result.code != 0) != wants_error:
                failures.append(
                    f"README.md:{step.line}: `{step.text}` exited {result.code}: {result.err}"
                )
                continue
            if step.shown and not (
                matches(step.shown, err + out) or matches(step.shown, out + err)
            ):
                actual = "\n".join(err + out)
                failures.append(
                    f"README.md:{step.line}: `{step.text}` shows\n"
                    + "\n".join(step.shown)
                    + f"\nbut prints\n{actual}"
                )
                if not any(line == ELIDED or "…" in line for line in step.shown) and step.shown_at:
                    updates[step.shown_at] = err + out
        else:
            failures.append(f"README.md:{step.line}: unknown tour directive {step.kind!r}")
    if updates and os.environ.get("COACHLOG_README_UPDATE"):
        lines = text.splitlines()
        for (first, end), actual in sorted(updates.items(), reverse=True):
            lines[first:end] = actual
        README.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not failures, "\n\n".join(failures)


def test_the_line_glob_matches_as_documented():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "..."], ["a"])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a"], ["a", "b"])
    assert matches(["Backed up to …/backups/…"], ["Backed up to /home/x/backups/c-1.db"])
    assert not matches(["Backed up to …/backups/…"], ["Backed up to /home/x/c-1.db"])
    assert matches([], [])
