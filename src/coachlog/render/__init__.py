"""Rendering: Rich views, JSON and text formats over plain data.

Nothing here knows the store; every function takes what the read side
returned."""
