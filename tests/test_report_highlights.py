"""The text report's highlights, line by line: each held session's line, its
shared notes wrapped to the width, one blank line after each."""

from __future__ import annotations

LONG = " ".join(["delegation"] * 15)  # 164 characters: wraps once at 120


def test_the_highlights_show_each_sessions_notes_under_its_line(ok, jane):
    ok("session", "add", jane, "--on", "2026-11-02 09:00", "--notes", f"First.\n\n{LONG}")
    on_the_phone = ["--channel", "phone", "--notes", "Short."]
    ok("session", "add", jane, "--on", "2026-11-09 09:00", *on_the_phone)
    ok(
        "session",
        "add",
        jane,
        "--on",
        "2026-11-16 09:00",
        "--notes",
        "Bell\x07 rang.\n\tIndented.",
        "--private",
        "never in a report",
    )
    out = ok("report", jane).out
    highlights = out.split("Highlights\n", 1)[1]
    wrapped = " ".join(["delegation"] * 11)  # 120 characters: the width of piped output
    assert highlights.splitlines() == [
        "S3  Mon 16 Nov 2026 09:00  video",
        "Bell^G rang.",
        "        Indented.",
        "",
        "S2  Mon 09 Nov 2026 09:00  phone",
        "Short.",
        "",
        "S1  Mon 02 Nov 2026 09:00  video",
        "First.",
        "",
        wrapped,
        " ".join(["delegation"] * 4),
        "",
    ]
    assert out.endswith("delegation\n\n")
    assert "never" not in out
