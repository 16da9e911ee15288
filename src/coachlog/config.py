"""The config file: `$COACHLOG_CONFIG`, else `config.toml` in the user config folder.

Every key is listed in KEYS with what it takes; an unknown key or a value of
the wrong kind is refused with the file and line, so a typo never passes
unnoticed. The file is read once per run, and TOML is parsed only when a file
exists (most runs have none).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachlog.errors import BadInput

DATE_ORDERS = ("iso", "dmy", "mdy")


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _time(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
        hour, minute = value.strip().split(":")
        return f"{int(hour):02d}:{minute}"
    return None


def _order(value: Any) -> str | None:
    return (
        value.strip().lower()
        if isinstance(value, str) and value.strip().lower() in DATE_ORDERS
        else None
    )


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _zone(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    from dateutil import tz

    try:
        found = tz.gettz(value.strip())
    except (OSError, ValueError):  # a name too long for a file name
        return None
    return value.strip() if found is not None else None


@dataclass(frozen=True)
class Key:
    """A setting the config file may hold: how its value is checked and what it takes."""

    check: Callable[[Any], Any]  # the value as coachlog uses it, or None when refused
    takes: str  # what the key takes, for the error message and README
    about: str


KEYS: dict[str, Key] = {
    "client": Key(_text, "a client handle", "the client a command means when CLIENT is left out"),
    "db": Key(
        _text, "a SQLite file path or a PostgreSQL URL", "the store, after --db and $COACHLOG_DB"
    ),
    "color": Key(_flag, "true or false", "false turns colour off, as NO_COLOR does"),
    "default_time": Key(
        _time, 'a time such as "09:00"', "the time of day a date without one means"
    ),
    "date_order": Key(_order, '"iso", "dmy" or "mdy"', "how a slash date such as 3/1/2027 is read"),
    "time_zone": Key(_zone, 'a zone name such as "Europe/London"', "the coach's zone, after $TZ"),
    "coach_name": Key(_text, "a name", "the coach's name on reports"),
    "editor": Key(_text, "a command", "the editor for notes, before $VISUAL and $EDITOR"),
    "pager": Key(_text, "a command", "the pager for long views, after $COACHLOG_PAGER"),
}


def path() -> Path:
    # Asked for on every date a view shows: found once per environment.
    given = os.environ.get("COACHLOG_CONFIG")
    where = (given, os.environ.get("XDG_CONFIG_HOME"), os.environ.get("HOME"))
    found = _paths.get(where)
    if found is None:
        if given:
            found = Path(given).expanduser()
        else:
            from platformdirs import user_config_path

            found = user_config_path("coachlog", appauthor=False) / "config.toml"
        _paths[where] = found
    return found


def folder() -> Path:
    """Where the config file and the user's templates live."""
    return path().parent


_cache: dict[Path, dict[str, Any]] = {}
_paths: dict[tuple[str | None, ...], Path] = {}


def reset() -> None:
    """Forget what was read: the next `get` reads the file again."""
    _cache.clear()


def load() -> dict[str, Any]:
    """Every key the file sets, checked; {} when there is no file."""
    file = path()
    if file not in _cache:
        _cache[file] = _read(file)
    return _cache[file]


def get(key: str) -> Any:
    """One key's value, or None when the file does not set it."""
    if key not in KEYS:
        raise KeyError(key)  # a bug in coachlog, not in the file
    return load().get(key)


MAX_BYTES = 1 << 20  # a config file is a few lines


def _text_of(file: Path) -> str:
    """The file's text. A pipe is refused before it is opened (reading one
    waits for a writer), and no more than MAX_BYTES is read (a device such
    as /dev/zero never ends)."""
    import stat

    mode = file.stat().st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(file)
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        raise BadInput(f"the config file {file} is a pipe, not a file; make it a TOML file.")
    with file.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BadInput(
            f"the config file {file} is larger than {MAX_BYTES // (1 << 20)} MiB; "
            "a config file is a few lines of TOML."
        )
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _read(file: Path) -> dict[str, Any]:
    try:
        raw_text = _text_of(file)
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise BadInput(f"the config file {file} is a folder; make it a TOML file.") from None
    except UnicodeDecodeError:
        raise BadInput(f"the config file {file} is not UTF-8 text; save it as UTF-8.") from None
    except OSError as exc:
        raise BadInput(f"the config file {file} cannot be read ({exc.strerror}).") from None
    import tomllib

    try:
        raw = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"the config file {file} is not valid TOML: {exc}.") from None
    values: dict[str, Any] = {}
    for name, value in raw.items():
        line = _line_of(raw_text, name)
        where = f"the config file {file}, line {line}" if line else f"the config file {file}"
        key = KEYS.get(name)
        if key is None:
            import difflib

            close = difflib.get_close_matches(name.lower(), KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise BadInput(f"{where}: unknown key {name!r}{hint}; the keys are {', '.join(KEYS)}.")
        checked = key.check(value)
        if checked is None:
            raise BadInput(f"{where}: {name} takes {key.takes}, not {value!r}.")
        if name == "db":
            checked = _beside(file, checked)
        values[name] = checked
    return values


def _beside(file: Path, db: str) -> str:
    """A relative store path is read from the config file's folder, not
    from wherever coachlog runs: one store, not a new one in every folder."""
    prefix = "sqlite:///" if db[: len("sqlite:///")].lower() == "sqlite:///" else ""
    if "://" in db and not prefix:
        return db  # a server's URL
    path = Path(db[len(prefix) :]).expanduser()
    return db if path.is_absolute() else f"{prefix}{file.parent / path}"


def _line_of(text: str, name: str) -> int | None:
    """The line a top-level key is set on, for the error message."""
    pattern = re.compile(
        rf"""^\s*(?:{re.escape(name)}|"{re.escape(name)}"|'{re.escape(name)}')\s*[=.]"""
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None
