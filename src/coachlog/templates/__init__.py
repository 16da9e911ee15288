"""Session templates: outlines the notes editor opens on (`session add
--template grow`).

The built-in ones are the `*.md` files shipped beside this module; a
coach's own are plain `*.md` files in the config folder's `templates/`, and
one named like a built-in replaces it. A template is looked up only among
the names listed, never as a path, so a name cannot reach another file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coachlog.errors import BadInput, NotFound

SUFFIX = ".md"


@dataclass(frozen=True)
class Template:
    """A session notes outline, built in or the coach's own."""

    name: str
    path: Path
    builtin: bool
    replaces_builtin: bool = False

    @property
    def where(self) -> str:
        return "built-in" if self.builtin else str(self.path)

    def text(self) -> str:
        """The outline, or BadInput naming a file that cannot be read as text."""
        try:
            return self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise BadInput(
                f"the template {self.path} is not UTF-8 text; save it as UTF-8."
            ) from None
        except OSError as exc:
            raise BadInput(f"the template {self.path} cannot be read ({exc.strerror}).") from None

    def heading(self) -> str:
        """The first Markdown heading, without its #s ('' when there is none)."""
        for line in self.text().splitlines():
            if line.lstrip().startswith("#"):
                return line.strip().lstrip("#").strip()
        return ""


def user_folder() -> Path:
    """Where a coach's own templates live: `templates/` beside the config file."""
    from coachlog import config

    return config.folder() / "templates"


def _files(folder: Path) -> dict[str, Path]:
    try:
        found = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise BadInput(f"the templates folder {folder} cannot be read ({exc.strerror}).") from None
    return {
        path.name[: -len(SUFFIX)]: path
        for path in found
        if path.name.endswith(SUFFIX)
        and not path.name.startswith(".")
        and len(path.name) > len(SUFFIX)
        and path.is_file()
    }


def builtin_folder() -> Path:
    from importlib.resources import files

    return Path(str(files(__name__)))


def all_templates() -> list[Template]:
    """Every template by name: the coach's own over a built-in of the same name."""
    builtin = _files(builtin_folder())
    own = _files(user_folder())
    chosen = {name: Template(name, path, builtin=True) for name, path in builtin.items()}
    for name, path in own.items():
        chosen[name] = Template(name, path, builtin=False, replaces_builtin=name in builtin)
    return [chosen[name] for name in sorted(chosen)]


def find(name: str) -> Template:
    """The template called `name` (case does not matter), or NotFound with
    the closest names and where to see them all."""
    import difflib

    known = {template.name: template for template in all_templates()}
    wanted = name.strip()
    if wanted in known:
        return known[wanted]
    folded = {key.casefold(): template for key, template in known.items()}
    if wanted.casefold() in folded:
        return folded[wanted.casefold()]
    close = difflib.get_close_matches(wanted.casefold(), list(folded), n=2, cutoff=0.6)
    hint = f"Did you mean {' or '.join(close)}? " if close else ""
    raise NotFound(f"no template {wanted!r}. {hint}See `coachlog template list`.")
