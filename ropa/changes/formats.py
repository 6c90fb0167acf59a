"""The formats of ``ropa diff``, looked up by name: text, markdown, json, yaml.

- ``text``: for a terminal, in English; grouped by class, one line per change.
- ``markdown``: a pull-request comment in the policy's default language (English and French
  have their words; other languages get English): a summary line, then one table per class.
- ``json``: for programs, stable (keys may be added, none renamed or removed):
  ``{"from", "to", "material", "changes": [{"kind", "class", "section", "id", "summary",
  "reason", "before", "after"}]}``, summaries and reasons in English.
- ``yaml``: the ``changes`` of a ``policy.history`` entry, for the editor to paste: the
  material and notable changes, each ``{kind, summary}`` with a summary in every language of
  the policy.

Every text that comes from the declarations passes through :func:`ropa.display.neutral` (and
is cut past a bound); in Markdown it is also escaped, so that a name cannot open a table cell,
a link or an HTML tag in a pull-request comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from ropa.changes.change import Classified
from ropa.changes.materiality import Materiality
from ropa.changes.report import Diff
from ropa.changes.wording import ENGLISH, Words
from ropa.display import neutral

_CLASSES = (Materiality.MATERIAL, Materiality.NOTABLE, Materiality.EDITORIAL)


def _where(classified: Classified) -> str:
    change = classified.change
    return f"{change.section}/{change.id}" if change.id else change.section


def _counts(diff: Diff, words: Words) -> list[str]:
    return [words.materiality(m, len(diff.of(m))) for m in _CLASSES if diff.of(m)]


def text(diff: Diff) -> str:
    """For a terminal: a heading line, then the changes grouped by class, one line each."""
    words = Words(ENGLISH, diff.default)
    sides = f"{neutral(diff.old)} → {neutral(diff.new)}"
    if not diff.changes:
        return f"{sides}: {words.sentence('none')}\n"
    lines = [f"{sides}: {', '.join(_counts(diff, words))}."]
    for materiality in _CLASSES:
        group = diff.of(materiality)
        if not group:
            continue
        lines.append("")
        lines.append(f"{words.heading(materiality)} ({words.sentence(f'{materiality}-asks')}):")
        lines.extend(
            f"  {c.change.kind} {_where(c)}: {neutral(words.summary(c.change))} "
            f"[{neutral(words.reason(c))}]"
            for c in group
        )
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def cell(value: str) -> str:
    """A value as Markdown that shows exactly it, on one line, inside a table cell: control
    characters made visible, Markdown's signs escaped, HTML's as entities."""
    safe = neutral(value)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", safe)
    return "".join(_HTML.get(char, char) for char in escaped)


def summary_line(diff: Diff, words: Words) -> str:
    """``**3 material changes: a new purpose, a transfer to India, retention lengthened**;
    1 notable change; 2 editorial changes.``"""
    if not diff.changes:
        return f"**{words.sentence('none')}**"
    material = diff.of(Materiality.MATERIAL)
    if material:
        groups: dict[str, list[Classified]] = {}
        for classified in material:
            key = words.phrase(classified.change, 1)
            groups.setdefault(key, []).append(classified)
        phrases = [words.phrase(group[0].change, len(group)) for group in groups.values()]
        head = words.materiality(Materiality.MATERIAL, len(material))
        first = f"**{cell(head + words.colon + ', '.join(phrases))}**"
    else:
        first = f"**{words.sentence('no-material')}**"
    rest = [
        words.materiality(m, len(diff.of(m)))
        for m in (Materiality.NOTABLE, Materiality.EDITORIAL)
        if diff.of(m)
    ]
    return words.semicolon.join([first, *rest]) + "."


def markdown(diff: Diff) -> str:
    """A pull-request comment: the summary line, the sides, then a table per class (the
    editorial changes folded away)."""
    words = Words(diff.default, diff.default)
    lines = [summary_line(diff, words), ""]
    lines.append(words.sentence("compared", old=cell(diff.old), new=cell(diff.new)))
    for label, errors in zip((diff.old, diff.new), diff.errors, strict=True):
        if errors:
            lines += [
                "",
                words.sentence("side-errors", side=cell(label), errors=words.errors(errors)),
            ]
    header = [
        f"| {words.sentence('change')} | {words.sentence('entry')} | {words.sentence('kind')} "
        f"| {words.sentence('rests-on')} |",
        "|---|---|---|---|",
    ]
    for materiality in _CLASSES:
        group = diff.of(materiality)
        if not group:
            continue
        asks = words.sentence(f"{materiality}-asks")
        rows = [
            f"| {cell(words.summary(c.change))} | {cell(_where(c))} | {cell(c.change.kind)} "
            f"| {cell(words.reason(c))} |"
            for c in group
        ]
        if materiality is Materiality.EDITORIAL:
            count = words.materiality(materiality, len(group))
            lines += ["", f"<details><summary>{cell(count + words.colon + asks)}</summary>", ""]
            lines += [*header, *rows, "", "</details>"]
        else:
            heading = words.heading(materiality) + words.colon + asks
            lines += ["", f"#### {cell(heading)}", "", *header, *rows]
    return "\n".join(lines) + "\n"


# Characters JSON may carry raw that would still reorder, hide or break a line where the JSON
# is shown: escaped as \uXXXX (still the same JSON value).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\xad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _json_text(data: object) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def json_document(diff: Diff) -> str:
    """The documented JSON: from, to, material, and each change (summary and reason in
    English; before and after as the declarations hold the values, null where absent)."""
    words = Words(ENGLISH, diff.default)
    return _json_text(
        {
            "from": diff.old,
            "to": diff.new,
            "material": diff.material,
            "changes": [
                {
                    "kind": c.change.kind,
                    "class": str(c.materiality),
                    "section": c.change.section,
                    "id": c.change.id or None,
                    "summary": words.summary(c.change),
                    "reason": words.reason(c),
                    "before": c.change.before,
                    "after": c.change.after,
                }
                for c in diff.changes
            ],
        }
    )


def yaml_document(diff: Diff) -> str:
    """The material and notable changes as ``policy.history[].changes`` entries."""
    languages = diff.languages or [ENGLISH]
    lines = [
        "# policy.history[].changes of the new version: paste under its history entry",
        "# (material and notable changes; each summary in every language of the policy)",
    ]
    kept = [c for c in diff.changes if c.materiality is not Materiality.EDITORIAL]
    if not kept:
        return "\n".join([*lines, "[]"]) + "\n"
    for classified in kept:
        said = ", ".join(
            f"{lang}: {_quoted(Words(lang, languages[0]).summary(classified.change))}"
            for lang in languages
        )
        lines.append(f"- {{kind: {classified.change.kind}, summary: {{{said}}}}}")
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), control characters made
    visible first."""
    return json.dumps(neutral(value), ensure_ascii=False)


#: The formats by name, as ``--format`` takes them.
FORMATS: dict[str, Callable[[Diff], str]] = {
    "text": text,
    "markdown": markdown,
    "json": json_document,
    "yaml": yaml_document,
}
