"""An :class:`~ropa.interop.result.Imported` → a register folder, and the import's report.

The folder is split into files as ``ropa init`` splits it (:data:`FILES`), written to a
temporary sibling folder and renamed into place, so that an import that fails half-way leaves
nothing behind, and never over an existing non-empty folder. Every string is written
double-quoted and escaped, so that whatever a cell held (``#``, ``: ``, a leading ``-`` or
``@``, quotes, control characters) is read back as exactly that string; ``Imported.todos``
become ``# TODO:`` comments beside their keys, or in the entry where a key is missing.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ropa.changes.formats import cell as markdown_cell
from ropa.display import escaped
from ropa.interop.result import Imported, Note
from ropa.scaffold import COMMENT_MARK, align_comments

#: Which file holds which sections, as ``ropa init`` writes them.
FILES: dict[str, tuple[str, ...]] = {
    "organization.yaml": ("organization", "policy"),
    "definitions.yaml": ("data_subjects", "data_categories", "security_measures"),
    "recipients.yaml": ("recipients",),
    "activities.yaml": ("activities",),
    "cookies.yaml": ("cookies",),
}

Path_ = tuple[str | int, ...]


class RegisterExistsError(Exception):
    """The folder an import would write exists and holds files."""


# --- YAML -----------------------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPES |= {"\u2028": "\\u2028", "\u2029": "\\u2029"}  # line breaks to YAML, folded if raw
_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_-]*")


#: What does not read back as itself inside a double-quoted string.
_UNQUOTABLE = re.compile(
    '[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|["\\\\]'
)


def _escaped(match: re.Match[str]) -> str:
    return escaped(match.group(), _ESCAPES)


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``."""
    return '"' + _UNQUOTABLE.sub(_escaped, text) + '"'


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return quoted(str(value))


def _key(key: str | int) -> str:
    text = str(key)
    return text if _PLAIN_KEY.fullmatch(text) else quoted(text)


def _todo(text: str) -> str:
    """A comment's text, on one line, with what YAML cannot hold in a comment escaped."""
    return "TODO: " + quoted(" ".join(text.split()))[1:-1].replace('\\"', '"')


@dataclass(frozen=True, slots=True)
class _Todos:
    """The TODO comments, by the path of their key and by the path of its parent."""

    at: dict[Path_, str]
    under: dict[Path_, list[Path_]]

    @classmethod
    def of(cls, todos: dict[Path_, str]) -> _Todos:
        under: dict[Path_, list[Path_]] = {}
        for path in todos:
            under.setdefault(path[:-1], []).append(path)
        return cls(todos, under)


def _mapping(data: dict[str, Any], path: Path_, indent: int, todos: _Todos) -> Iterator[str]:
    pad = " " * indent
    for key, value in data.items():
        here = (*path, key)
        comment = f"{COMMENT_MARK}{_todo(todos.at[here])}" if here in todos.at else ""
        yield from _entry(f"{pad}{_key(key)}:", value, here, indent, comment=comment, todos=todos)
    for here in todos.under.get(path, ()):
        if here[-1] not in data:
            yield f"{pad}# {_todo(f'{here[-1]}: {todos.at[here]}')}"


def _entry(
    head: str, value: Any, path: Path_, indent: int, *, comment: str, todos: _Todos
) -> Iterator[str]:
    """``head`` (``key:`` or ``-``) and its value: inline when a scalar or empty, else a block."""
    if isinstance(value, dict) and value:
        yield head + comment
        yield from _mapping(value, path, indent + 2, todos)
    elif isinstance(value, list) and value:
        yield head + comment
        for index, item in enumerate(value):
            yield from _item(item, (*path, index), indent + 2, todos)
    else:
        text = "{}" if isinstance(value, dict) else "[]" if isinstance(value, list) else None
        yield f"{head} {text or _scalar(value)}{comment}"


def _item(value: Any, path: Path_, indent: int, todos: _Todos) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict) and value:
        if path in todos.at:
            yield f"{pad}# {_todo(todos.at[path])}"
        # ``- key: value`` then the other keys under the first
        lines = list(_mapping(value, path, indent + 2, todos))
        yield f"{pad}- {lines[0][indent + 2 :]}"
        yield from lines[1:]
    else:
        comment = f"{COMMENT_MARK}{_todo(todos.at[path])}" if path in todos.at else ""
        yield from _entry(f"{pad}-", value, path, indent, comment=comment, todos=todos)


def yaml_text(sections: dict[str, Any], names: tuple[str, ...], todos: dict[Path_, str]) -> str:
    """The sections ``names`` of ``sections`` as one file's YAML, comments aligned as in
    ``ropa init``'s files."""
    comments = _Todos.of(todos)
    blocks = [
        "\n".join(_entry(f"{_key(name)}:", sections[name], (name,), 0, comment="", todos=comments))
        for name in names
        if name in sections
    ]
    return align_comments("\n\n".join(blocks))


# --- The folder -----------------------------------------------------------------------------------


def planned(imported: Imported) -> dict[str, str]:
    """The files an import writes, by name: those of :data:`FILES` that have a section."""
    return {
        name: yaml_text(imported.sections, sections, imported.todos)
        for name, sections in FILES.items()
        if any(section in imported.sections for section in sections)
    }


def write_register(folder: Path, imported: Imported) -> list[Path]:
    """Write ``imported`` as a register in ``folder``, which must not exist or be empty; the
    files appear all at once (a temporary sibling folder renamed into place)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise RegisterExistsError(_existing(folder))
    texts = planned(imported)
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, text in texts.items():
            (temporary / name).write_text(text, encoding="utf-8")
        temporary.rename(folder)  # replaces an empty folder; refuses a non-empty one
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if folder.exists() and any(folder.iterdir()):
            raise RegisterExistsError(_existing(folder)) from None
        raise
    return [folder / name for name in texts]


def _existing(folder: Path) -> str:
    if not folder.is_dir():
        return str(folder)
    names = sorted(child.name for child in folder.iterdir())
    shown = ", ".join(str(folder / name) for name in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


# --- The report -----------------------------------------------------------------------------------

_WHAT = {
    "unmapped": "kept verbatim",
    "guessed": "guessed",
    "refused": "refused",
    "restored": "restored",
}
#: Values in the report are cut past this many characters.
_VALUE_LIMIT = 200


def _where(path: Path_) -> str:
    return ".".join(str(step) for step in path) if path else "—"


def _value(text: str) -> str:
    cut = text if len(text) <= _VALUE_LIMIT else text[:_VALUE_LIMIT] + "…"
    return markdown_cell(" ".join(cut.split()))


def notes_count(count: int) -> str:
    """``1 note``, ``2 notes``."""
    return f"{count} note" if count == 1 else f"{count} notes"


def report_markdown(imported: Imported, source: str) -> str:
    """The import's report: every note, with its sheet, row and column, the value, what was
    done with it and why. Values and reasons are escaped: the report shows them, never runs them."""
    counts = {what: sum(n.what == what for n in imported.notes) for what in _WHAT}
    lines = [
        f"# Import of {markdown_cell(source)}",
        "",
        f"{notes_count(len(imported.notes))}: {counts['guessed']} guessed, "
        f"{counts['unmapped']} kept verbatim, {counts['refused']} refused"
        + (f", {counts['restored']} restored." if counts["restored"] else "."),
        "",
    ]
    if imported.notes:
        lines += [
            "| sheet | row | column | value | done | where | reason |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [_row(note) for note in imported.notes]
    return "\n".join(lines) + "\n"


def _row(note: Note) -> str:
    cells = (
        markdown_cell(note.cell.sheet),
        str(note.cell.row),
        markdown_cell(note.cell.column),
        _value(note.value),
        _WHAT.get(note.what, markdown_cell(note.what)),
        markdown_cell(_where(note.path)),
        markdown_cell(note.reason),
    )
    return "| " + " | ".join(cells) + " |"
