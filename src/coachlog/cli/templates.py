"""`coachlog template …`: the outlines session notes can start from."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import Json, out

app = typer.Typer(
    no_args_is_help=True, help="List and show the outlines session notes can start from."
)

Name = Annotated[str, typer.Argument(help="A template's name, e.g. grow.", metavar="NAME")]


@app.command("list")
def list_(json: Json = False) -> None:
    """List the templates: built-in ones and your own.

    Your own are plain Markdown files, NAME.md, in the templates folder
    beside the config file; one named like a built-in replaces it. Use one
    with `coachlog session add CLIENT --template NAME`.
    """
    from coachlog import templates
    from coachlog.errors import CoachlogError
    from coachlog.render.views import SafeText, nothing, table

    found, unreadable = [], []
    for template in templates.all_templates():
        try:
            found.append((template, template.heading()))
        except CoachlogError as problem:  # one bad file does not hide the others
            found.append((template, "(cannot be read)"))
            unreadable.append(problem.message)
    folder = templates.user_folder()
    if json:
        out().json(
            {
                "folder": str(folder),
                "templates": [
                    {
                        "name": template.name,
                        "builtin": template.builtin,
                        "path": None if template.builtin else str(template.path),
                        "replaces_builtin": template.replaces_builtin,
                        "heading": heading,
                    }
                    for template, heading in found
                ],
            }
        )
        return
    if not found:
        out().show(nothing("No templates."))
        return
    from rich.table import Column

    # The path last, where it has the room to stay whole; folded, never cut, when too long.
    where = Column("Where", overflow="fold")
    grid = table(Column("Name", no_wrap=True), "First heading", where, plain=out().plain)
    for template, heading in found:
        grid.add_row(SafeText(template.name), SafeText(heading), SafeText(template.where))
    out().show(grid)
    for problem in unreadable:
        out().note(problem[0].upper() + problem[1:])
    for template, _heading in found:
        if template.replaces_builtin:
            out().note(f"Your {template.name}.md replaces the built-in {template.name}.")
    out().note(f"Your own templates: NAME.md files in {from_home(folder)}")


@app.command("show")
def show(name: Name, json: Json = False) -> None:
    """Print a template's outline as the editor will show it."""
    from coachlog import templates

    template = templates.find(name)
    text = template.text()
    if json:
        out().json(
            {
                "name": template.name,
                "builtin": template.builtin,
                "path": None if template.builtin else str(template.path),
                "text": text,
            }
        )
    else:
        out().raw(text if text.endswith("\n") else text + "\n")


def outline_for_session(name: str, *, notes_given: bool) -> str:
    """The outline `session add --template NAME` opens the editor on;
    refused when the notes are given anyway or no one is at a terminal."""
    from coachlog import templates
    from coachlog.cli import longtext
    from coachlog.errors import BadInput

    if notes_given:
        raise BadInput("give --template (to write the notes in the editor) or --notes, not both.")
    outline = templates.find(name).text()
    if not longtext.can_edit():
        raise BadInput(
            "--template opens the editor, which needs a terminal; run it at a terminal, "
            "or give the notes with --notes."
        )
    return outline


def from_home(path) -> str:
    """A path under the home folder as `~/…`, as a person would type it."""
    from pathlib import Path

    try:
        return f"~/{Path(path).relative_to(Path.home())}"
    except (ValueError, RuntimeError):  # elsewhere, or no home folder
        return str(path)
