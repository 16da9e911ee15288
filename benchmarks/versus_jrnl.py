"""`coachlog session add` beside a jrnl write, side by side.

jrnl is not a dependency of coachlog: install it in a virtual environment of
its own (`python -m venv /tmp/jrnl && /tmp/jrnl/bin/pip install jrnl`) and
give its `jrnl` script:

    python benchmarks/versus_jrnl.py /tmp/jrnl/bin/jrnl --runs 15

Each run times, in turn, a jrnl write of one entry into a plain-text journal
and a `coachlog session add --notes …` on a copy of the 100k store
(`benchmarks/stores/100k.db`, made by `run.py`), each after a warm-up, and
prints the ratio of their medians (the target: ≤ 0.5), with each one's ratio
to its own interpreter's `python -c pass`.

jrnl reads and writes back its whole journal on every write, so its cost
grows with the journal: the journal starts with `--entries` entries (500 by
default, a year and a half of daily notes, about what one client's
engagement holds in the 100k store: 251 sessions and 250 requests); with
`--entries 0` it is empty.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

STORES = Path(__file__).parent / "stores"

JRNL_CONFIG = """\
colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.1
"""


def once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jrnl", help="the jrnl script, in its own virtual environment")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--entries", type=int, default=500, help="entries already in the journal")
    args = parser.parse_args(argv)
    store = STORES / "100k.db"
    if not store.exists():
        raise SystemExit("no benchmarks/stores/100k.db: run `python benchmarks/run.py` first")
    jrnl_python = str(Path(args.jrnl).parent / "python")
    coachlog = str(Path(sys.executable).parent / "coachlog")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        (scratch / "config" / "jrnl").mkdir(parents=True)
        (scratch / "config" / "jrnl" / "jrnl.yaml").write_text(
            JRNL_CONFIG.format(journal=scratch / "journal.txt")
        )
        shutil.copyfile(store, scratch / "store.db")
        with open(scratch / "journal.txt", "w", encoding="utf-8") as journal:
            start = datetime(2025, 6, 1, 9, 0)
            for day in range(args.entries):
                at = start + timedelta(days=day)
                journal.write(
                    f"[{at:%Y-%m-%d %I:%M:%S %p}] Session {day}: delegation, the board, the "
                    "budget review.\nWhat was agreed, and the next step.\n\n"
                )
        env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(scratch / "config"),
            "HOME": str(scratch),
            "COACHLOG_DB": str(scratch / "store.db"),
            "COACHLOG_CONFIG": str(scratch / "none.toml"),
            "COACHLOG_NOW": "2026-11-27T10:00:00",
            "NO_COLOR": "1",
            "PYTHONPYCACHEPREFIX": str(scratch / "bytecode"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        note = "Talked about delegation and the board."
        jrnl = [args.jrnl, note]
        session = [coachlog, "session", "add", "client-042", "--notes", note, "--yes"]
        floors = {
            name: [sys.executable if name == "coachlog" else jrnl_python, "-c", "pass"]
            for name in ("coachlog", "jrnl")
        }
        for command in (jrnl, session, *floors.values()):
            once(command, env)  # warm-up: bytecode written, files cached
        times: dict[str, list[float]] = {
            "jrnl": [],
            "coachlog": [],
            "floor coachlog": [],
            "floor jrnl": [],
        }
        for _ in range(args.runs):
            times["floor jrnl"].append(once(floors["jrnl"], env))
            times["jrnl"].append(once(jrnl, env))
            times["floor coachlog"].append(once(floors["coachlog"], env))
            times["coachlog"].append(once(session, env))
    median = {name: statistics.median(values) for name, values in times.items()}
    for name in ("jrnl", "coachlog"):
        print(
            f"{name:9} {median[name] * 1000:6.0f} ms  "
            f"{median[name] / median['floor ' + name]:5.1f}× its python -c pass"
        )
    ratio = median["coachlog"] / median["jrnl"]
    print(f"session add ÷ jrnl write ({args.entries} entries): {ratio:.2f} (target ≤ 0.5)")
    return 0 if ratio <= 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
