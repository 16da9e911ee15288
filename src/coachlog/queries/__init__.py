"""The read side: plain SQL with `:named` parameters, run through a
`coachlog.store.Reader` (the standard library's sqlite3 on SQLite,
SQLAlchemy on a server), returning dataclasses for the views.

Nothing here imports sqlmodel or sqlalchemy. Ids leave this package as
display ids (`G3`, `S12`).

The views are records, built once and shown: `@dataclass(eq=False,
repr=False)`. The `__eq__` and `__repr__` a dataclass otherwise writes are
compiled from source as each class is defined, ~0.3 ms a class, on every
run of a review (a report defines twenty of them); compare views with
`render.data.to_data`.
"""
