"""The progress report: the same data in every format, never a private note."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.both_backends

MARKER = "PRIVATE-MARKER-7f3a"


@pytest.fixture
def engagement(ok):
    """The demo engagement, plus a session whose private notes carry a marker."""
    ok("demo", "--db", os.environ["COACHLOG_DB"])
    ok(
        "session",
        "add",
        "maya",
        "--on",
        "yesterday 4pm",
        "--notes",
        "Shared: board prep.",
        "--private",
        f"{MARKER} she is thinking of leaving",
    )
    return "maya-chen"


class Outline(HTMLParser):
    """What an HTML page holds: its tags, its text, any script or link out."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and "://" in value:
                self.external.append(value)

    def handle_data(self, data):
        self.text.append(data)


def test_the_json_report_holds_every_part(ok, engagement):
    report = json.loads(ok("report", engagement, "--format", "json").out)
    assert report["client"]["handle"] == "maya-chen"
    assert report["engagement"]["focus"].startswith("Lead the platform")
    assert report["engagement"]["cadence_days"] == 14
    assert report["engagement"]["revisions"] == 1
    momentum = report["sessions"]
    assert momentum["held"] == 6
    assert momentum["by_channel"] == {"video": 3, "in-person": 1, "phone": 1, "email": 1}
    assert momentum["longest_gap_days"] == 18.0
    assert momentum["next_session"]["id"] == "S6"
    goals = {g["id"]: g for g in report["goals"]}
    assert (goals["G1"]["progress"], goals["G1"]["change"]) == (60, 60)
    assert [p["progress"] for p in goals["G1"]["check_ins"]] == [10, 45, 60]
    ledger = report["requests"]
    assert ledger["counts"] == {
        "proposed": 0,
        "accepted": 2,
        "declined": 0,
        "countered": 1,
        "done": 1,
        "missed": 0,
        "withdrawn": 0,
    }
    assert ledger["follow_through"] == 1.0
    assert report["advice"]["suggestion"] == {"pending": 0, "accepted": 0, "declined": 1}
    assert [h["session"] for h in report["highlights"]][:2] == ["S7", "S5"]  # newest first


def test_a_period_narrows_the_report(ok, engagement):
    report = json.loads(
        ok(
            "report",
            engagement,
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-20",
            "--format",
            "json",
        ).out
    )
    assert report["sessions"]["held"] == 2
    assert [h["session"] for h in report["highlights"]] == ["S5", "S4"]
    goals = {g["id"]: g for g in report["goals"]}
    assert (goals["G1"]["progress_at_start"], goals["G1"]["progress"]) == (10, 60)


@pytest.mark.parametrize("format", ["text", "markdown", "json", "html"])
def test_no_report_format_ever_shows_private_notes(ok, engagement, tmp_path, format):
    printed = ok("report", engagement, "--format", format).out
    target = tmp_path / f"report.{format}"
    ok("report", engagement, "--format", format, "--out", str(target))
    written = target.read_text(encoding="utf-8")
    for content in (printed, written):
        assert "Shared: board prep." in content
        assert MARKER not in content
        assert "sleeping badly" not in content and "perfectionism" not in content
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_the_html_report_is_one_self_contained_page(ok, engagement):
    page = ok("report", engagement, "--format", "html").out
    outline = Outline()
    outline.feed(page)
    assert outline.tags[:1] == ["html"]
    assert "script" not in outline.tags and "link" not in outline.tags
    assert outline.external == []
    assert outline.tags.count("svg") == 3  # one chart a goal
    assert "@media print" in page
    assert "Tell the reorg story in her own words" in "".join(outline.text)


def test_the_markdown_report_has_headings_and_tables(ok, engagement):
    markdown = ok("report", engagement, "--format", "markdown").out
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## The engagement",
        "## Sessions and momentum",
        "## Goals",
        "## Requests",
        "## Advice",
        "## Highlights",
    ]
    assert "| Goal | Status | Progress | Change | Target | Check-ins |" in markdown
    assert "| G1 Delegate the weekly operations review | active |" in markdown


def test_the_text_report_reads_at_80_columns(ok, engagement, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = ok("report", engagement).out
    assert "Progress report: Maya Chen" in text
    assert "Follow-through" in text and "100%" in text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--format", "pdf"], "--format"),
        (["--out", "/no/such/folder/report.html"], "does not exist"),
        (["--since", "whenever"], "cannot read"),
        (["--since", "2026-12-01", "--until", "2026-11-01"], "--since must come before"),
    ],
)
def test_bad_report_input(run, engagement, args, said):
    result = run("report", engagement, *args)
    assert (result.code, result.out) == (2, "")
    assert said in result.err and result.err.count("\n") == 1
