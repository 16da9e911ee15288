"""Time coachlog as a person meets it: whole processes, as ratios to the
interpreter floor (`python -c pass`) measured in the same run, each command's
runs taken in turn with the floor's, medians of several runs after a warm-up
(DESIGN §8). The floor row shows the median of those floors.

    python benchmarks/run.py             # builds the stores if needed, prints a table
    python benchmarks/run.py --runs 9 --markdown
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
STORES = HERE / "stores"
CLIENT = "client-042"
GOAL = "G124"  # one of client-042's three goals


@dataclass
class Case:
    name: str
    store: str
    command: list[str]
    budget: float | None
    env: dict[str, str] | None = None  # on top of the run's own


def coachlog() -> list[str]:
    script = Path(sys.executable).parent / "coachlog"
    return [str(script)] if script.exists() else [sys.executable, "-m", "coachlog"]


FLOOR = [sys.executable, "-c", "pass"]


def timed(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median seconds of `command` and of the floor, their runs taken in
    turn (floor, command, floor, command, …) after a warm-up of each, so
    that both meet the machine in the same state: a ratio is not skewed by
    a floor timed minutes earlier under another load."""

    def once(what: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(what, stdout=subprocess.DEVNULL, env=env, check=True)
        return time.perf_counter() - started

    once(FLOOR)
    once(command)  # warm-up: bytecode written, the store's pages cached
    floors, times = [], []
    for _ in range(runs):
        floors.append(once(FLOOR))
        times.append(once(command))
    return statistics.median(times), statistics.median(floors)


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024


def data_benchmarks(
    env: dict[str, str],
    cl: list[str],
    scratch_source: Path,
    floor: float,
    runs: int,
    wanted: Callable[[str], bool],
) -> list[tuple]:
    """Export of the 100k store and import of that export into a new store
    (whole processes, `runs` times each: the median time and the largest
    peak memory), and search queries over 100,000 notes (in-process, the
    query alone)."""
    from coachlog.queries.search import search
    from coachlog.store import Location, reading

    export_name, import_name = "coachlog export -f json", "coachlog import (that export)"
    folder = Path(tempfile.mkdtemp(prefix="coachlog-bench-data-"))
    exported, imported = [], []
    try:
        export = folder / "100k.json"
        for run in range(runs):
            command = [*cl, "--db", str(scratch_source), "export", "-f", "json", "-o", str(export)]
            if wanted(export_name) or run == 0:  # the import needs the file
                export.unlink(missing_ok=True)
                exported.append(measured(command, env))
            if wanted(import_name):
                store = folder / f"new-{run}.db"
                imported.append(measured([*cl, "--db", str(store), "import", str(export)], env))
                for path in (store, *store.parent.glob(f"{store.name}-*")):
                    path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = []
    for name, store, measures, (most_s, most_mib) in (
        (export_name, "100k", exported, (6, 80)),
        (import_name, "empty", imported, (10, 120)),
    ):
        if not wanted(name) or not measures:
            continue
        seconds = statistics.median(seconds for seconds, _ in measures)
        peak = max(peak for _, peak in measures)
        ok = seconds <= most_s and peak <= most_mib
        rows.append(
            (
                name,
                store,
                f"{seconds:.1f} s, {peak:.0f} MiB",
                f"{seconds / floor:.0f}",
                f"≤ {most_s} s, ≤ {most_mib} MiB",
                "ok" if ok else "over",
            )
        )
    if not wanted("search query, common words"):
        return rows
    timings = []
    with reading(Location(path=scratch_source)) as reader:
        for query in ("delegation", "board chair", "strateg"):  # each in ~90 % of the notes
            for _ in range(7):
                started = time.perf_counter()
                search(reader, query)
                timings.append(time.perf_counter() - started)
    query = statistics.median(timings)
    rows.append(
        (
            "search query, common words",
            "100k",
            f"{query * 1000:.0f} ms",
            "",
            "< 0.1 s",
            "ok" if query < 0.1 else "over",
        )
    )
    return rows


FRESH = 'rm -f "$1" "$1-wal" "$1-shm"; shift; exec "$@"'  # sh: a new store, then the command


def sharing_cases(env: dict[str, str], cl: list[str], big: Path, scratch: Path) -> list[Case]:
    """`share` of one client's journal from the 100k store (about 500
    records), and `receive` of it in the client's own store: the first time
    into an empty store, then again (verified, decrypted, compared, nothing
    new)."""
    import json

    coach = {"COACHLOG_KEY": str(scratch / "coach.key")}
    client = {"COACHLOG_KEY": str(scratch / "client.key")}
    own_store = scratch / "client.db"
    bundle = scratch / f"{CLIENT}.coachlog"

    def run(command: list[str], extra: dict[str, str]) -> str:
        done = subprocess.run(
            command, env={**env, **extra}, check=True, capture_output=True, text=True
        )
        return done.stdout

    key = json.loads(run([*cl, "key", "--json"], client))
    coach_key = json.loads(run([*cl, "key", "--json"], coach))
    run([*cl, "--db", str(big), "client", "edit", CLIENT, "--key", key["public_key"]], coach)
    run([*cl, "--db", str(big), "share", CLIENT, "-o", str(bundle)], coach)
    receive = [*cl, "--db", str(own_store), "receive", str(bundle)]
    trusted = [*receive, "--trust", coach_key["fingerprint"]]
    run(trusted, client)  # the first receive; timed again below on a new store
    return [
        Case(
            f"coachlog share {CLIENT}",
            "100k",
            [
                *cl,
                "--db",
                str(big),
                "share",
                CLIENT,
                "-o",
                str(scratch / "again.coachlog"),
                "--force",
            ],
            20,
            coach,
        ),
        Case(f"coachlog receive (again) {CLIENT}", "own", receive, 20, client),
        Case(
            f"coachlog receive (first) {CLIENT}",
            "own",
            # a new store each run (`sh` and `rm` cost about a millisecond)
            [
                "sh",
                "-c",
                'rm -f "$1" "$1-wal" "$1-shm"; shift; exec "$@"',
                "x",
                str(own_store),
                *trusted,
            ],
            20,
            client,
        ),
    ]


def ensure_stores() -> None:
    from generate import build

    for name, records in (("1k.db", 1_000), ("100k.db", 100_000)):
        if not (STORES / name).exists():
            print(f"building {name} …", file=sys.stderr)
            build(STORES / name, records=records, clients=200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (≥5)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="time only the commands whose name holds TEXT (repeatable): "
        "'export' or 'import' times the 100k export and its import into a new store",
    )
    args = parser.parse_args(argv)

    def wanted(name: str) -> bool:
        return not args.only or any(text in name for text in args.only)

    sys.path.insert(0, str(HERE))
    ensure_stores()
    scratch = Path(tempfile.mkdtemp(prefix="coachlog-bench-"))
    big = scratch / "100k.db"
    shutil.copy(STORES / "100k.db", big)  # `session add` writes: keep the built store as made
    env = {**os.environ, "COACHLOG_NOW": "2026-11-27T10:00:00", "NO_COLOR": "1"}
    env.pop("COACHLOG_CLIENT", None)
    # An installed coachlog runs from bytecode (pip compiles it; an editable
    # install writes it on the first run). With PYTHONDONTWRITEBYTECODE set,
    # as on some CI machines, every run would compile coachlog's modules
    # again; the warm-up run writes bytecode here instead, outside the checkout.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "bytecode")
    cl = coachlog()
    db = ["--db", str(big)]
    cases = [
        Case("coachlog --version", "—", [*cl, "--version"], 3),
        Case("coachlog --help", "—", [*cl, "--help"], 8),
        Case(f"coachlog goals {CLIENT}", "100k", [*cl, *db, "goals", CLIENT], 15),
        Case(
            f"coachlog goals {CLIENT}",
            "1k",
            [*cl, "--db", str(STORES / "1k.db"), "goals", CLIENT],
            None,
        ),
        Case(f"coachlog report {CLIENT}", "100k", [*cl, *db, "report", CLIENT], 15),
        Case("coachlog search delegation", "100k", [*cl, *db, "search", "delegation"], 15),
        Case(f"coachlog session list {CLIENT}", "100k", [*cl, *db, "session", "list", CLIENT], 15),
        Case("coachlog session list (all clients)", "100k", [*cl, *db, "session", "list"], 20),
        Case(f"coachlog requests {CLIENT}", "100k", [*cl, *db, "requests", CLIENT], 15),
        Case(
            "coachlog session add …",
            "100k",
            [*cl, *db, "session", "add", CLIENT, "--notes", "Benchmark notes", "--yes"],
            12,
        ),
        Case("coachlog goal progress …", "100k", [*cl, *db, "goal", "progress", GOAL, "50"], 12),
        Case("coachlog request add …", "100k", [*cl, *db, "request", "add", CLIENT, "Do it"], 12),
        Case("coachlog advice add …", "100k", [*cl, *db, "advice", "add", CLIENT, "Try it"], 12),
    ]
    if wanted("share") or wanted("receive"):
        cases += sharing_cases(env, cl, big, scratch)
    cases = [case for case in cases if wanted(case.name)]
    try:
        results = [
            (case, *timed(case.command, args.runs, {**env, **(case.env or {})})) for case in cases
        ]
        floor = (
            statistics.median(floor for _, _, floor in results)
            if results
            else timed(FLOOR, args.runs, env)[1]
        )
        data_rows = data_benchmarks(env, cl, STORES / "100k.db", floor, args.runs, wanted)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    # Each store's goals as a ratio to its own floor: the machine may slow
    # down between the two.
    goals = {c.store: t / f for c, t, f in results if c.name.startswith("coachlog goals")}
    rows = [("python -c pass (floor)", "—", f"{floor * 1000:.0f} ms", "1.0", "", "")]
    failed = False
    for case, seconds, case_floor in results:
        ratio = seconds / case_floor  # the floor timed in turn with this command
        verdict = ""
        if case.budget is not None:
            ok = ratio <= case.budget
            failed |= not ok
            verdict = "ok" if ok else "over"
        rows.append(
            (
                case.name,
                case.store,
                f"{seconds * 1000:.0f} ms",
                f"{ratio:.1f}",
                f"≤ {case.budget}" if case.budget else "",
                verdict,
            )
        )
    if len(goals) == 2:
        growth = goals["100k"] / goals["1k"]
        failed |= growth > 1.2
        rows.append(
            (
                f"goals {CLIENT}: 100k ÷ 1k",
                "",
                "",
                f"{growth:.2f}",
                "≤ 1.2",
                "ok" if growth <= 1.2 else "over",
            )
        )
    rows += data_rows
    failed |= any(row[-1] == "over" for row in rows)
    headers = ("command", "store", "median", "× floor", "budget", "")
    if args.markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "---|" * len(headers))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(len(headers))]
        for row in (headers, *rows):
            cells = zip(row, widths, strict=True)
            print("  ".join(str(cell).ljust(width) for cell, width in cells))
    print(f"\n{args.runs} runs each, median; Python {sys.version.split()[0]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
