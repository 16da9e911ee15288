"""Make the README's pictures from the demo engagement, with headless Chromium:
examples/goals.png (`coachlog goals` at a terminal, in colour) and
examples/report.png (the HTML report, as a browser shows it).

    apt-get install chromium      # once
    python examples/make-images.py

The clock and zone are pinned, so the pictures change only when coachlog's
output does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PINNED = {"COACHLOG_NOW": "2026-11-27T10:00:00", "TZ": "Europe/London"}


def coachlog(store: Path, *args: str, **env: str) -> str:
    config = store.parent / "config.toml"
    config.write_text('coach_name = "Sam Rivera"\n', encoding="utf-8")
    environment = {**os.environ, **PINNED, "COACHLOG_CONFIG": str(config)}
    environment.pop("NO_COLOR", None)
    environment.update(env)
    command = [sys.executable, "-m", "coachlog", "--db", str(store), *args]
    return subprocess.run(
        command, env=environment, check=True, capture_output=True, text=True
    ).stdout


def terminal_page(ansi: str, title: str) -> str:
    """The coloured output as a terminal window, in HTML, by Rich's own export."""
    from rich.console import Console
    from rich.terminal_theme import MONOKAI
    from rich.text import Text

    console = Console(record=True, width=104, file=open(os.devnull, "w"), force_terminal=True)  # noqa: SIM115
    console.print(Text.from_ansi(ansi))
    svg = console.export_svg(title=title, theme=MONOKAI)
    return f"<!doctype html><html><body style='margin:0;background:#fff'>{svg}</body></html>"


def svg_size(page: str) -> tuple[int, int]:
    """The width and height Rich gave the terminal picture (its viewBox)."""
    import re

    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', page)
    return (int(float(found[1])) + 2, int(float(found[2])) + 2) if found else (1000, 760)


def screenshot(chromium: str, page: Path, image: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={image}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Error: Chromium is not installed; apt-get install chromium.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = work / "demo.db"
        coachlog(store, "demo")
        ansi = coachlog(store, "goals", "maya", FORCE_COLOR="1", COLUMNS="100")
        goals_page = work / "goals.html"
        page = terminal_page(ansi, "coachlog goals")
        goals_page.write_text(page, encoding="utf-8")
        screenshot(chromium, goals_page, HERE / "goals.png", *svg_size(page))
        report = work / "report.html"
        coachlog(store, "report", "maya", "--format", "html", "--out", str(report))
        screenshot(chromium, report, HERE / "report.png", 1000, 1400)
    for name in ("goals.png", "report.png"):
        (HERE / name).chmod(0o644)
        print(f"Wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
