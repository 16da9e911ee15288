"""The read side: plain SQL with `:named` parameters, run through a
`coachlog.store.Reader` (the standard library's sqlite3 on SQLite,
SQLAlchemy on a server), returning dataclasses for the views.

Nothing here imports sqlmodel or sqlalchemy. Ids leave this package as
display ids (`G3`, `S12`).
"""
