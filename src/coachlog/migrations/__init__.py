"""Alembic migrations shipped with coachlog.

`REVISIONS` lists every revision in order, so opening a store can compare its
revision with the code's head without importing Alembic; a test checks that
it matches the scripts in `versions/`.
"""

REVISIONS = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]
